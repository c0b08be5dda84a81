/**
 * Issue 5's faults as whole processes (`dist/cli.js build`): a daemon that is not running and an image missing
 * with pull = false each give one error line (plus the closing summary), exit 1, and leave no container or temp dir.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { docker, dockerTemplate, dockerUnavailable, tempDir } from './harness.js';
import { leftoverTemp, runBuild, writeTemplate } from './fixtures/cli-process.js';

/** The lines naming the failure: where the build errors and in the closing summary. */
function errorLines(out: string, name: string): string[] {
  return out.split('\n').filter((l) => l.startsWith(`Build 'docker.${name}' errored after `) || l.startsWith(`--> docker.${name}: `));
}

describe('docker faults as a process', () => {
  let skip: string | undefined;
  before(() => {
    skip = dockerUnavailable();
  });

  it('daemon not running: one clear error, exit 1, no stack trace, nothing left behind', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    const template = writeTemplate(dir, dockerTemplate('down', 'discard = true', `  provisioner "shell" {\n    inline = ["echo never"]\n  }\n`));
    const r = await runBuild(dir, ['-color=false', template], { DOCKER_HOST: 'unix:///tmp/engine-audit-no-daemon.sock' });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const lines = errorLines(r.stdout, 'down');
    assert.equal(lines.length, 2, r.stdout);
    for (const l of lines) assert.match(l, /: Error inspecting Docker image packer-studio\/busybox:latest: Cannot connect to the Docker daemon at unix:\/\/\/tmp\/engine-audit-no-daemon\.sock \(is the docker daemon running\?\)$/);
    assert.equal(r.stderr, '');
    assert.doesNotMatch(r.stdout, /^\s+at .+:\d+:\d+\)?$/m);
    assert.doesNotMatch(r.stdout, /never|Killing the container/);
    assert.deepEqual(leftoverTemp(dir), []);
  });

  it('image missing with pull = false: one clear error, exit 1, no container and no temp dir left', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    const before = new Set(docker('ps', '-aq', '--no-trunc').stdout.split('\n'));
    writeTemplate(
      dir,
      `
source "docker" "missing" {
  image   = "engine-test/not-built-${process.pid}:1"
  pull    = false
  discard = true
}
build {
  sources = ["source.docker.missing"]
}
`,
    );
    const r = await runBuild(dir, ['-color=false', 'template.pkr.hcl']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const lines = errorLines(r.stdout, 'missing');
    assert.equal(lines.length, 2, r.stdout);
    for (const l of lines) assert.match(l, /Image 'engine-test\/not-built-\d+:1' is not present locally and pull = false/);
    assert.equal(r.stderr, '');
    assert.deepEqual(docker('ps', '-aq', '--no-trunc').stdout.split('\n').filter((id) => !before.has(id)), []);
    assert.deepEqual(leftoverTemp(dir), []);
  });
});
