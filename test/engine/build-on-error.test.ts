/**
 * -on-error (cleanup, abort, run-cleanup-provisioner, ask) with error-cleanup-provisioner, and -debug pauses, as
 * whole processes. Prompts need a terminal: those runs go through a pseudo-terminal (`script`), where Packer
 * reads the answer; with piped stdin there is no terminal and the prompts do not wait, like Packer's.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runCli, startCli, startCliOnTty, ttyAvailable, type CliRun } from './cli-process.js';
import { tempDir } from './harness.js';

/** A provisioner that fails the first time (exit 7) and succeeds afterwards, plus an error-cleanup provisioner. */
function flaky(dir: string, { succeedAtOnce = false } = {}): string {
  if (succeedAtOnce) writeFileSync(join(dir, 'ok.flag'), '');
  writeFileSync(
    join(dir, 'flaky.pkr.hcl'),
    `
source "null" "n" { communicator = "none" }
build {
  sources = ["source.null.n"]
  provisioner "shell-local" {
    inline = ["echo attempt >> attempts.txt", "test -f ok.flag || { touch ok.flag; exit 7; }", "echo provisioned"]
  }
  error-cleanup-provisioner "shell-local" {
    inline = ["echo cleaned > cleanup-ran.txt"]
  }
}
`,
  );
  return 'flaky.pkr.hcl';
}

const attempts = (dir: string): number => (existsSync(join(dir, 'attempts.txt')) ? readFileSync(join(dir, 'attempts.txt'), 'utf8').split('\n').length - 1 : 0);
const cleanupRan = (dir: string): boolean => existsSync(join(dir, 'cleanup-ran.txt'));
const PROMPT = '[c] Clean up and exit, [a] abort without cleanup, or [r] retry step (build may fail even if retry succeeds)?';
/** Terminal output uses CRLF and echoes what was typed. */
const plain = (out: string): string => out.replaceAll('\r\n', '\n');

describe('-on-error and error-cleanup-provisioner', () => {
  it('cleanup (default): the error-cleanup provisioner runs after a failure, and not after success', async () => {
    const dir = tempDir();
    const r = await runCli(dir, ['build', '-color=false', flaky(dir)]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /^==> null\.n: Provisioning step had errors: Running the cleanup provisioner, if present\.\.\.$/m);
    assert.ok(cleanupRan(dir));
    assert.match(r.stdout, /^--> null\.n: .*Script exited with non-zero exit status: 7/m);

    const ok = tempDir();
    const s = await runCli(ok, ['build', '-color=false', flaky(ok, { succeedAtOnce: true })]);
    assert.equal(s.code, 0, s.stdout);
    assert.doesNotMatch(s.stdout, /Provisioning step had errors/);
    assert.ok(!cleanupRan(ok));
  });

  it('abort: no cleanup at all, with the SDK messages', async () => {
    const dir = tempDir();
    const r = await runCli(dir, ['build', '-color=false', '-on-error=abort', flaky(dir)]);
    assert.equal(r.code, 1, r.stdout);
    assert.ok(!cleanupRan(dir));
    const out = r.stdout;
    const failed = out.indexOf('==> null.n: Step "StepProvision" failed, aborting...');
    const skipped = out.indexOf('==> null.n: aborted: skipping cleanup of step "StepConnect"');
    assert.ok(failed > 0 && skipped > failed, out);
    assert.match(out.slice(0, failed), /==> null\.n: .*Script exited with non-zero exit status: 7\. Allowed exit codes are: \[0\]\n$/);
    assert.doesNotMatch(out, /Provisioning step had errors/);
  });

  it('run-cleanup-provisioner: like abort, but the error-cleanup provisioner still runs', async () => {
    const dir = tempDir();
    const r = await runCli(dir, ['build', '-color=false', '-on-error=run-cleanup-provisioner', flaky(dir)]);
    assert.equal(r.code, 1, r.stdout);
    assert.ok(cleanupRan(dir));
    assert.match(r.stdout, /^==> null\.n: Provisioning step had errors: Running the cleanup provisioner, if present\.\.\.$/m);
    // The provisioning step is cleaned up, so the next step back is the one the SDK reports as aborting.
    assert.match(r.stdout, /^==> null\.n: Step "StepConnect" failed, aborting\.\.\.$/m);

    const ok = tempDir();
    const s = await runCli(ok, ['build', '-color=false', '-on-error=run-cleanup-provisioner', flaky(ok, { succeedAtOnce: true })]);
    assert.equal(s.code, 0, s.stdout);
    assert.ok(!cleanupRan(ok));
    assert.doesNotMatch(s.stdout, /aborting/);
  });

  it('ask without a terminal: says the step failed, cannot prompt, cleans up', async () => {
    const dir = tempDir();
    const r = await runCli(dir, ['build', '-color=false', '-on-error=ask', flaky(dir)]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /^==> null\.n: Step "StepProvision" failed$/m);
    assert.ok(!r.stdout.includes(PROMPT));
    assert.ok(cleanupRan(dir));
    assert.equal(attempts(dir), 1);
  });

  describe('ask on a terminal', () => {
    let noTty: string | undefined;
    before(() => {
      noTty = ttyAvailable() ? undefined : 'util-linux `script` is not available for a pseudo-terminal';
    });
    const ask = async (dir: string, answers: string[]): Promise<{ code: number | null; out: string }> => {
      const run = startCliOnTty(dir, ['build', '-color=false', '-on-error=ask', flaky(dir)]);
      for (const [i, a] of answers.entries()) {
        await run.waitFor(new RegExp(`(${escape(PROMPT)}[^]*){${i + 1}}`));
        run.write(`${a}\n`);
      }
      const r = await run.done;
      return { code: r.code, out: plain(r.stdout) };
    };

    it('prints the error and the prompt; a wrong answer is refused, [a] aborts without cleanup', async (t) => {
      if (noTty) return t.skip(noTty);
      const dir = tempDir();
      const r = await ask(dir, ['x', 'A']);
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /^==> null\.n: .*Script exited with non-zero exit status: 7\. Allowed exit codes are: \[0\]\n==> null\.n: Step "StepProvision" failed\n==> null\.n: \[c\] Clean up and exit, \[a\] abort without cleanup, or \[r\] retry step \(build may fail even if retry succeeds\)\? x\n==> null\.n: Incorrect input: "x"\n/m);
      assert.match(r.out, /^==> null\.n: Step "StepProvision" failed, aborting\.\.\.$/m);
      assert.match(r.out, /^==> null\.n: aborted: skipping cleanup of step "StepConnect"$/m);
      assert.ok(!cleanupRan(dir));
    });

    it('[c] (or just Enter) cleans up and runs the error-cleanup provisioner', async (t) => {
      if (noTty) return t.skip(noTty);
      const dir = tempDir();
      const r = await ask(dir, ['']);
      assert.equal(r.code, 1, r.out);
      assert.ok(cleanupRan(dir));
      assert.doesNotMatch(r.out, /aborting/);
      assert.equal(attempts(dir), 1);
    });

    it('[r] retries the step: it runs again and succeeds, and the build still fails with the first error like the SDK', async (t) => {
      if (noTty) return t.skip(noTty);
      const dir = tempDir();
      const r = await ask(dir, ['r']);
      assert.equal(attempts(dir), 2);
      assert.match(r.out, /^    null\.n: provisioned$/m);
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /^--> null\.n: .*Script exited with non-zero exit status: 7/m);
    });
  });
});

describe('-debug', () => {
  const PAUSES = [
    "==> null.n: Pausing after run of step 'StepConnect'. Press enter to continue.",
    '==> null.n: Pausing before the next provisioner . Press enter to continue.',
    "==> null.n: Pausing after run of step 'StepProvision'. Press enter to continue.",
    "==> null.n: Pausing before cleanup of step 'StepProvision'. Press enter to continue.",
    "==> null.n: Pausing before cleanup of step 'StepConnect'. Press enter to continue.",
  ];

  it('pauses after each step, before each provisioner and before each cleanup, waiting for Enter', async (t) => {
    if (!ttyAvailable()) return t.skip('util-linux `script` is not available for a pseudo-terminal');
    const dir = tempDir();
    const run: CliRun = startCliOnTty(dir, ['build', '-color=false', '-debug', flaky(dir, { succeedAtOnce: true })]);
    for (const [i, pause] of PAUSES.entries()) {
      await run.waitFor(new RegExp(`(Press enter to continue\\.[^]*){${i + 1}}`));
      const seen = plain(run.stdout());
      assert.ok(seen.trimEnd().endsWith(pause), `pause ${i}:\n${seen}`);
      if (i === 0) {
        // Nothing moves until Enter.
        await new Promise((r) => setTimeout(r, 400));
        assert.equal(plain(run.stdout()), seen);
        assert.doesNotMatch(seen, /provisioned/);
      }
      run.write('\n');
    }
    const r = await run.done;
    assert.equal(r.code, 0, r.stdout);
    assert.match(plain(r.stdout), /^Debug mode enabled\. Builds will not be parallelized\.\n/);
    assert.equal((plain(r.stdout).match(/Press enter to continue\./g) ?? []).length, PAUSES.length);
  });

  it('without a terminal the pauses do not wait', async () => {
    const dir = tempDir();
    const r = await runCli(dir, ['build', '-color=false', '-debug', flaky(dir, { succeedAtOnce: true })]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^Debug mode enabled\. Builds will not be parallelized\.$/m);
    assert.match(r.stdout, /^    null\.n: provisioned$/m);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('breakpoint provisioner', () => {
  const template = (dir: string, disable: boolean): string => {
    writeFileSync(
      join(dir, 'bp.pkr.hcl'),
      `
source "null" "n" { communicator = "none" }
build {
  sources = ["source.null.n"]
  provisioner "breakpoint" {
    note    = "look around"
    disable = ${disable}
  }
  provisioner "shell-local" {
    inline = ["echo after-breakpoint"]
  }
}
`,
    );
    return 'bp.pkr.hcl';
  };

  it('waits for Enter on a terminal', async (t) => {
    if (!ttyAvailable()) return t.skip('util-linux `script` is not available for a pseudo-terminal');
    const dir = tempDir();
    const run = startCliOnTty(dir, ['build', '-color=false', template(dir, false)]);
    await run.waitFor(/==> null\.n: Pausing at breakpoint provisioner with note "look around"\.\r?\n==> null\.n: Press enter to continue\. $/);
    await new Promise((r) => setTimeout(r, 400));
    assert.doesNotMatch(run.stdout(), /after-breakpoint/);
    run.write('\n');
    const r = await run.done;
    assert.equal(r.code, 0, r.stdout);
    assert.match(plain(r.stdout), /^    null\.n: after-breakpoint$/m);
  });

  it('Ctrl+C while it waits cancels the build: no later provisioner runs, exit 1', async (t) => {
    if (!ttyAvailable()) return t.skip('util-linux `script` is not available for a pseudo-terminal');
    const dir = tempDir();
    const run = startCliOnTty(dir, ['build', '-color=false', template(dir, false)]);
    await run.waitFor(/Press enter to continue\. $/);
    // The terminal turns Ctrl+C into SIGINT for the process waiting on it.
    run.write('\x03');
    const r = await run.done;
    const out = plain(r.stdout);
    assert.equal(r.code, 1, out);
    // After the prompt and the terminal's echo of ^C, on the same line.
    assert.match(out, /Press enter to continue\. \^CCancelling build after receiving interrupt\r?$/m);
    assert.match(out, /Cleanly cancelled builds after being interrupted\./);
    assert.doesNotMatch(out, /after-breakpoint/);
  });

  it('disable = true only says so; without a terminal an enabled breakpoint fails like Packer', async () => {
    const dir = tempDir();
    const off = await runCli(dir, ['build', '-color=false', template(dir, true)]);
    assert.equal(off.code, 0, off.stdout);
    assert.match(off.stdout, /^==> null\.n: Breakpoint provisioner with note "look around" disabled; continuing\.\.\.$/m);
    assert.match(off.stdout, /^    null\.n: after-breakpoint$/m);
    const on = await runCli(dir, ['build', '-color=false', template(dir, false)]);
    assert.equal(on.code, 1, on.stdout);
    assert.match(on.stdout, /^--> null\.n: .*Error asking for input: no available tty$/m);
  });
});

describe('-on-error without prompts', () => {
  it('-machine-readable cannot ask: the build cleans up', async () => {
    const dir = tempDir();
    const r = await runCli(dir, ['build', '-machine-readable', '-on-error=ask', flaky(dir)]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /^\d+,,ui,say,==> null\.n: Step "StepProvision" failed$/m);
    assert.ok(cleanupRan(dir));
  });

  it('SIGINT with -on-error=abort skips cleanup like the SDK ("Interrupted, aborting...")', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'slow.pkr.hcl'),
      `
source "null" "n" { communicator = "none" }
build {
  sources = ["source.null.n"]
  provisioner "shell-local" {
    inline = ["echo sleeping", "sleep 30"]
  }
}
`,
    );
    const run = startCli(dir, ['build', '-color=false', '-on-error=abort', 'slow.pkr.hcl']);
    await run.waitFor(/^    null\.n: sleeping$/m);
    run.kill('SIGINT');
    const r = await run.done;
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /^Cancelling build after receiving interrupt\n/m);
    assert.match(r.stdout, /^==> null\.n: Interrupted, aborting\.\.\.\n==> null\.n: aborted: skipping cleanup of step "StepConnect"$/m);
    assert.match(r.stdout, /^Cleanly cancelled builds after being interrupted\.$/m);
  });
});
