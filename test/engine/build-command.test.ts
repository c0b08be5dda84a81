import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { buildCommand } from '../../server/src/cli/build.js';
import type { CliIO } from '../../server/src/cli/command.js';
import { docker, dockerTemplate, dockerUnavailable, tempDir } from './harness.js';

async function build(dir: string, args: string[], env: Record<string, string> = {}, signal = new AbortController().signal): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIO = {
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    readStdin: async () => '',
    cwd: dir,
    env: { ...process.env, PACKER_TMP_DIR: join(dir, '.tmp'), ...env },
    stdoutIsTTY: false,
    stdinIsTTY: false,
    signal,
  };
  const code = await buildCommand.run(args, io);
  return { code, out };
}

describe('packer-studio build', () => {
  let skip: string | undefined;
  before(() => {
    skip = dockerUnavailable();
  });

  it('builds a docker template end to end with build.* values, file uploads, manifest and masked secrets', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    writeFileSync(join(dir, 'hello.txt'), 'hello from host\n');
    const repo = `engine-test/cli-${process.pid}`;
    writeFileSync(
      join(dir, 'app.pkr.hcl'),
      dockerTemplate('app', `commit = true`, `
  provisioner "file" {
    source      = "hello.txt"
    destination = "/tmp/hello.txt"
  }
  provisioner "shell" {
    inline = ["echo container=\${build.ID}", "echo token=\${var.token}", "cat /tmp/hello.txt"]
  }
  post-processor "docker-tag" {
    repository = "${repo}"
    tags       = ["cli"]
  }
  post-processor "manifest" {
    output     = "manifest.json"
    custom_data = { tag = "cli" }
  }
`, `variable "token" {
  type      = string
  default   = "s3cr3t-value"
  sensitive = true
}
`),
    );
    try {
      const r = await build(dir, ['-color=false', 'app.pkr.hcl'], { PACKER_RUN_UUID: 'run-1' });
      assert.equal(r.code, 0, r.out);
      const id = /Container ID: ([0-9a-f]{64})/.exec(r.out)?.[1];
      assert.match(r.out, new RegExp(`^    docker\\.app: container=${id}$`, 'm'));
      assert.match(r.out, /^    docker\.app: token=<sensitive>$/m);
      assert.doesNotMatch(r.out, /s3cr3t-value/);
      assert.match(r.out, /^    docker\.app: hello from host$/m);
      assert.match(r.out, /^==> docker\.app: Uploading hello\.txt => \/tmp\/hello\.txt$/m);
      assert.equal(docker('run', '--rm', `${repo}:cli`, 'cat', '/tmp/hello.txt').stdout, 'hello from host\n');
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      assert.equal(manifest.last_run_uuid, 'run-1');
      assert.equal(manifest.builds.length, 1);
      const entry = manifest.builds[0];
      assert.deepEqual(Object.keys(entry), ['name', 'builder_type', 'build_time', 'files', 'artifact_id', 'packer_run_uuid', 'custom_data']);
      assert.equal(entry.name, 'app');
      assert.equal(entry.builder_type, 'docker');
      assert.equal(entry.files, null);
      assert.match(entry.artifact_id, /^sha256:[0-9a-f]{64}$/);
      assert.deepEqual(entry.custom_data, { tag: 'cli' });
      assert.ok(!existsSync(join(dir, 'manifest.json.lock')));
      assert.deepEqual(require('node:fs').readdirSync(join(dir, '.tmp')), [], 'shared temp dir removed');
    } finally {
      docker('rmi', '-f', `${repo}:cli`);
    }
  });

  it('exits 1 with usage for a bad -on-error value', async () => {
    const r = await build(tempDir(), ['-on-error=explode', 'x.pkr.hcl']);
    assert.equal(r.code, 1);
    assert.match(r.out, /expected one of \["cleanup" "abort" "ask" "run-cleanup-provisioner"\]/);
  });
});
