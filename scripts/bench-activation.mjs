// Extension activation in a real VS Code (code-server + headless Chromium, the e2e harness), median of N fresh
// sessions. Run with `node --import tsx` (bench.mjs does) so the harness is imported from its TypeScript source.
// Figures per session:
//  - activation as the extension host reports it (the figure the "Developer: Show Running Extensions" editor shows);
//  - activation as the extension logs it ("Packer Studio activated in N ms": activate() start to its end);
//  - open → first diagnostics: from opening a template with a failing variable validation (which activates the
//    extension) to its message showing in the Problems panel, as a user sees it.
import { join } from 'node:path';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { REPO, requirements, startSession } from '../test/e2e/harness.ts';
import { openFile, problemRows, runCommand, showProblems } from '../test/e2e/workbench.ts';

const RUNS = Number(process.env.BENCH_ACTIVATION_RUNS ?? 5);
const MESSAGE = 'The greeting must be longer than three characters.';
const FAILING = `variable "greeting" {
  type    = string
  default = "Hi"

  validation {
    condition     = length(var.greeting) > 3
    error_message = "${MESSAGE}"
  }
}
`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Every file under dir (the user-data logs tree is a few levels deep and its names carry timestamps). */
function walk(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** The extension's own figure, from its log output channel as VS Code writes it to the user-data logs. */
async function loggedActivation(userData) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    for (const f of walk(join(userData, 'logs'))) {
      if (!f.includes('Packer Studio')) continue;
      const m = /Packer Studio activated in (\d+) ms/.exec(readFileSync(f, 'utf8'));
      if (m) return Number(m[1]);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return undefined;
}

/** The extension host's figure, read from the Running Extensions editor's row for the extension. */
async function hostActivation(page) {
  await runCommand(page, 'Developer: Show Running Extensions');
  const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Packer Studio' }).first();
  const text = await row.locator('.activation-time').first().textContent({ timeout: 15_000 });
  const m = /(\d+)\s*ms/.exec(text ?? '');
  return m ? Number(m[1]) : undefined;
}

const missing = requirements();
if (missing) {
  console.log(`skipped: ${missing}`);
} else {
  const host = [];
  const logged = [];
  const diag = [];
  for (let i = 0; i < RUNS; i++) {
    const s = await startSession({
      name: `bench-activation-${i}`,
      workspace: { 'build.pkr.hcl': join(REPO, 'examples/build.pkr.hcl'), 'variables.pkr.hcl': join(REPO, 'examples/variables.pkr.hcl') },
      files: { 'bench/short-greeting.pkr.hcl': FAILING },
    });
    try {
      const { page } = s;
      await showProblems(page);
      const t0 = performance.now();
      await openFile(page, 'short-greeting.pkr.hcl');
      await problemRows(page, MESSAGE).first().waitFor({ timeout: 60_000 });
      diag.push(performance.now() - t0);
      const h = await hostActivation(page);
      if (h !== undefined) host.push(h);
      const l = await loggedActivation(s.userData);
      if (l !== undefined) logged.push(l);
      console.log(`  run ${i + 1}: host ${h ?? '?'} ms, logged ${l ?? '?'} ms, open → diagnostics ${diag[i].toFixed(0)} ms`);
    } finally {
      await s.close();
    }
  }
  const line = (label, xs) => console.log(`${label}: ${xs.length ? `${median(xs).toFixed(0)} ms (median of ${xs.length})` : 'not obtained'}`);
  line('activation (extension host, Running Extensions)', host);
  line('activation (extension log, activate() start to end)', logged);
  line('open .pkr.hcl → first diagnostics in Problems', diag);
}
