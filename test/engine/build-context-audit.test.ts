/**
 * The step runner's cleanup order after success, failure and cancellation (real runSteps and ConsoleUi); a
 * cancellation reaching a post-processor (SIGINT to `dist/cli.js build`); the contextual values a docker build
 * hands to provisioners (build.*, source.name/type); the file builder copying `source`.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runSteps, StepError, type Step, type StepState } from '../../server/src/engine/runner.js';
import { ConsoleUi } from '../../server/src/engine/ui.js';
import { BASE_IMAGE, docker, dockerTemplate, dockerUnavailable, tempDir } from './harness.js';
import { runBuild, startBuild, writeTemplate } from './fixtures/cli-process.js';

interface Recorded extends StepState {
  readonly events: string[];
}

function newState(): { state: Recorded; output: () => string } {
  let out = '';
  const ui = new ConsoleUi({ write: (t) => (out += t), color: false, timestamp: false, machineReadable: false, secrets: [] });
  return { state: { ui, cancelled: false, events: [] }, output: () => out };
}

/** A step recording its run and cleanup; `behaviour` decides how its run ends. */
function step(name: string, behaviour: 'ok' | 'fail' | 'wait' = 'ok', cleanupFails = false): Step<Recorded> {
  return {
    name,
    async run(state, signal) {
      state.events.push(`run ${name}`);
      if (behaviour === 'fail') throw new StepError(`${name} broke`);
      if (behaviour === 'wait') {
        await new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(new Error('cancelled')), { once: true }));
      }
      return 'continue';
    },
    async cleanup(state) {
      state.events.push(`cleanup ${name}`);
      if (cleanupFails) throw new Error(`${name} cleanup broke`);
    },
  };
}

const options = (signal = new AbortController().signal) => ({ signal, onError: 'cleanup' as const, debug: false });

describe('step runner', () => {
  it('cleans up every step in reverse after success', async () => {
    const { state } = newState();
    await runSteps([step('a'), step('b'), step('c')], state, options());
    assert.deepEqual(state.events, ['run a', 'run b', 'run c', 'cleanup c', 'cleanup b', 'cleanup a']);
    assert.equal(state.error, undefined);
  });

  it('after a failure: later steps do not run, the ones that ran (the failed one too) are cleaned up in reverse', async () => {
    const { state } = newState();
    await runSteps([step('a'), step('b', 'fail'), step('c')], state, options());
    assert.deepEqual(state.events, ['run a', 'run b', 'cleanup b', 'cleanup a']);
    assert.equal(state.error?.message, 'b broke');
  });

  it('after cancellation: the running step gets the abort, is cleaned up with the earlier ones; a failing cleanup does not stop the others', async () => {
    const { state, output } = newState();
    const controller = new AbortController();
    const done = runSteps([step('a', 'ok', true), step('b', 'wait'), step('c')], state, options(controller.signal));
    await new Promise((r) => setTimeout(r, 50));
    controller.abort('SIGINT');
    await done;
    assert.equal(state.cancelled, true);
    assert.equal(state.error, undefined, 'a cancellation is not an error');
    assert.deepEqual(state.events, ['run a', 'run b', 'cleanup b', 'cleanup a']);
    assert.match(output(), /Error cleaning up step "a": a cleanup broke/);
  });
});

describe('cancellation reaches post-processors', () => {
  it('SIGINT while a shell-local post-processor runs stops it; the chain goes no further; exit 1', async () => {
    const dir = tempDir();
    const template = writeTemplate(
      dir,
      `
source "file" "p" {
  target  = "p.txt"
  content = "x"
}
build {
  sources = ["source.file.p"]
  post-processors {
    post-processor "shell-local" {
      inline = ["echo pp-started", "sleep 30", "touch not-reached"]
    }
    post-processor "checksum" {
      checksum_types = ["md5"]
      output         = "p.md5"
    }
  }
}
`,
    );
    const run = startBuild(dir, ['-color=false', template]);
    const started = Date.now();
    while (!/pp-started/.test(run.stdout())) {
      assert.ok(Date.now() - started < 20000, run.stdout());
      await new Promise((r) => setTimeout(r, 50));
    }
    run.child.kill('SIGINT');
    const r = await run.done;
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.ok(Date.now() - started < 20000, 'the sleep was stopped');
    assert.match(r.stdout, /^Cancelling build after receiving interrupt$/m);
    assert.match(r.stdout, /^Cleanly cancelled builds after being interrupted\.$/m);
    await new Promise((res) => setTimeout(res, 200));
    assert.throws(() => readFileSync(join(dir, 'not-reached')));
    assert.throws(() => readFileSync(join(dir, 'p.md5')), 'the next post-processor did not run');
  });
});

describe('contextual values in a docker build', () => {
  let skip: string | undefined;
  before(() => {
    skip = dockerUnavailable();
  });

  it('build.ID, build.PackerRunUUID, build.ConnType, build.SourceImageSha256, build.ImageSha256 before commit, source.name and source.type', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    const template = writeTemplate(
      dir,
      dockerTemplate('ctx', 'discard = true', `  provisioner "shell" {
    inline = [
      "echo id=\${build.ID}",
      "echo run=\${build.PackerRunUUID} conn=\${build.ConnType}",
      "echo source-image=\${build.SourceImageSha256} image=\${build.ImageSha256}",
      "echo source=\${source.name}/\${source.type}",
    ]
  }
`),
    );
    const r = await runBuild(dir, ['-color=false', template], { PACKER_RUN_UUID: 'ctx-run' });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const id = /Container ID: ([0-9a-f]{64})/.exec(r.stdout)?.[1];
    assert.match(r.stdout, new RegExp(`^    docker\\.ctx: id=${id}$`, 'm'));
    assert.match(r.stdout, /^    docker\.ctx: run=ctx-run conn=docker$/m);
    const baseId = docker('image', 'inspect', '-f', '{{.Id}}', BASE_IMAGE).stdout.trim();
    assert.match(r.stdout, new RegExp(`^    docker\\.ctx: source-image=${baseId} image=ERR_IMAGE_SHA256_NOT_FOUND$`, 'm'));
    assert.match(r.stdout, /^    docker\.ctx: source=ctx\/docker$/m);
  });
});

describe('file builder', () => {
  it('copies source to target', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'original.txt'), 'copied bytes\n');
    const template = writeTemplate(dir, `
source "file" "copy" {
  source = "original.txt"
  target = "nested/copy.txt"
}
build {
  sources = ["source.file.copy"]
}
`);
    const r = await runBuild(dir, ['-color=false', template]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^==> file\.copy: Copying original\.txt to nested\/copy\.txt$/m);
    assert.equal(readFileSync(join(dir, 'nested/copy.txt'), 'utf8'), 'copied bytes\n');
    assert.match(r.stdout, /^--> file\.copy: Stored file: nested\/copy\.txt$/m);
  });
});
