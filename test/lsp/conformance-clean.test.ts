/**
 * No false positives: every template from Packer's own command fixtures that `packer validate` accepts (the exit-0
 * cases of test/cli/validate-conformance.test.ts and test/cli/json-conformance.test.ts), and Packer's valid
 * decoder fixtures that need no mock plugin, opened in the language server get no error diagnostic on any file. Single-file fixtures are validated by Packer as that file
 * alone, so each is copied into a directory of its own (their shared folder holds deliberately broken siblings);
 * directory fixtures are copied whole; the var files of the CLI case are chosen in settings.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { CONFORMANCE_DIR } from '../support/conformance.js';
import { LspClient, textOf, uriOf } from './harness.js';

const FIX = join(CONFORMANCE_DIR, 'packer');

interface Case {
  /** Under Packer's tree: a single file (copied alone) or a directory (copied whole). */
  readonly path: string;
  readonly varFiles?: readonly string[];
  /** Warnings `validate` prints too (summaries), so their absence cannot hide a broken var-file check. */
  readonly warnings?: readonly string[];
}

const CMD = 'command/test-fixtures';
const H2 = 'hcl2template/testdata';

const CASES: Record<string, Case> = {
  'valid build': { path: `${CMD}/validate/build.pkr.hcl` },
  'valid build with vars': { path: `${CMD}/validate/build_with_vars.pkr.hcl` },
  'var file for a declared variable': { path: `${CMD}/validate/var-file-tests/basic.pkr.hcl`, varFiles: ['basic.pkrvars.hcl'] },
  'var file setting an undeclared variable (a warning only)': {
    path: `${CMD}/validate/var-file-tests/basic.pkr.hcl`,
    varFiles: ['undeclared.pkrvars.hcl'],
    warnings: ['Undefined variable'],
  },
  'var-arg directory with an HCL var file': { path: `${CMD}/var-arg`, varFiles: ['apple.hcl'] },
  'var-arg directory with a JSON var file': { path: `${CMD}/var-arg`, varFiles: ['apple.json'] },
  'var-arg directory with a JSON then an HCL var file': { path: `${CMD}/var-arg`, varFiles: ['banana.json', 'apple.hcl'] },
  'JSON auto var file': { path: `${CMD}/var-arg/var-arg-test-autovar-json` },
  'HCL and JSON auto var files': { path: `${CMD}/var-arg/var-arg-tests` },
  // Packer's decoder fixtures it accepts (test/conformance-packer.test.ts) that use no component of its mock
  // plugins: the others name mock-only types (virtualbox-iso, amazon-import, mock provisioner fields).
  'hcl2template: recursive data sources': { path: `${H2}/datasources/recursive.pkr.hcl` },
  'hcl2template: variables': { path: `${H2}/variables/basic.pkr.hcl` },
  'hcl2template: complicated variables and locals': { path: `${H2}/variables/complicated` },
  'hcl2template: provisioner variable decoding': { path: `${H2}/variables/provisioner_variable_decoding.pkr.hcl` },
  'hcl2template: optional attributes': { path: `${H2}/variables/optional_attributes.pkr.hcl` },
  'hcl2template: passing validation rules': { path: `${H2}/variables/validation/valid.pkr.hcl` },
  'hcl2template: map validation definition': { path: `${H2}/variables/validation/valid_map/definition.pkr.hcl` },
  'hcl2template: HCP registry in a build block': { path: `${H2}/hcp_par/build-block-ok-bucket.pkr.hcl` },
  'hcl2template: top-level HCP registry': { path: `${H2}/hcp_par/top-level-ok-bucket.pkr.hcl` },
  'hcl2template: top-level and build HCP registry': { path: `${H2}/hcp_par/top-level-and-build-block.pkr.hcl` },
  'hcl2template: communicator block': { path: `${H2}/communicator/basic.pkr.hcl` },
};

const templateFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.pkr.hcl') || f.endsWith('.pkrvars.hcl'));

describe('Packer fixtures that validate accepts have no error diagnostics in the server', () => {
  const scratch: string[] = [];
  let c: LspClient;
  before(async () => {
    c = await LspClient.start({ settings: { packer: { diagnosticsDelay: 0 } } });
  });
  after(async () => {
    await c.stop();
    for (const d of scratch) rmSync(d, { recursive: true, force: true });
  });

  for (const [name, k] of Object.entries(CASES)) {
    it(name, async () => {
      // Every case gets its own copy, so no publication left from an earlier case (same fixture, other settings)
      // can stand in for this one's.
      const from = join(FIX, k.path);
      const dir = mkdtempSync(join(tmpdir(), 'lsp-conformance-'));
      scratch.push(dir);
      if (k.path.endsWith('.pkr.hcl')) {
        copyFileSync(from, join(dir, basename(from)));
        for (const v of k.varFiles ?? []) copyFileSync(join(from, '..', v), join(dir, v));
      } else {
        // A template is the directory's own files (Packer does not descend); the vendored tree is read-only, and
        // copied subdirectories would keep that mode and resist cleanup.
        for (const e of readdirSync(from, { withFileTypes: true })) if (e.isFile()) copyFileSync(join(from, e.name), join(dir, e.name));
      }
      const open = join(dir, templateFiles(dir).find((f) => f.endsWith('.pkr.hcl'))!);
      await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: { packer: { varFiles: k.varFiles ?? [], diagnosticsDelay: 0 } } });
      const uri = uriOf(open);
      await c.open(uri, readFileSync(open, 'utf8'));
      const published = new Map<string, string[]>();
      const warnings: string[] = [];
      for (const f of templateFiles(dir)) {
        const fileUri = uriOf(join(dir, f));
        const ds = fileUri === uri ? await c.waitForVersion(uri, 1) : await c.waitForDiagnostics(fileUri);
        published.set(f, ds.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${textOf(d)}`));
        warnings.push(...ds.filter((d) => d.severity === DiagnosticSeverity.Warning).map((d) => textOf(d)));
      }
      // Var files chosen in settings but outside the template's own files get published too.
      for (const v of k.varFiles ?? []) {
        if (published.has(v)) continue;
        const ds = await c.waitForDiagnostics(uriOf(join(dir, v)));
        published.set(v, ds.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => textOf(d)));
        warnings.push(...ds.filter((d) => d.severity === DiagnosticSeverity.Warning).map((d) => textOf(d)));
      }
      assert.ok(published.size > 0);
      for (const [f, errors] of published) assert.deepEqual(errors, [], f);
      for (const w of k.warnings ?? []) assert.ok(warnings.some((x) => x.startsWith(`${w}:`)), `expected warning "${w}" in ${JSON.stringify(warnings)}`);
      await c.close(uri);
    });
  }
});
