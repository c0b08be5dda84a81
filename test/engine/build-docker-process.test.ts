/**
 * Whole-process docker builds: SIGINT/SIGTERM in the middle of a shell provisioner, and -force over the
 * artifacts of an earlier run (export_path, compress output, manifest).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runCli, startCli } from './cli-process.js';
import { BASE_IMAGE, docker, dockerTemplate, dockerUnavailable, tempDir } from './harness.js';

const tarList = (file: string, flags = '-tf'): string[] => execFileSync('tar', [flags, file], { encoding: 'utf8' }).split('\n').filter((l) => l !== '');

describe('docker builds as a process', () => {
  let skip: string | undefined;
  before(() => {
    skip = dockerUnavailable();
  });

  for (const [signal, name] of [['SIGINT', 'interrupt'], ['SIGTERM', 'terminated']] as const) {
    it(`${signal} during a shell provisioner: cleanup runs, Packer's cancel text, exit 1, nothing left behind`, async (t) => {
      if (skip) return t.skip(skip);
      const dir = tempDir();
      const repo = `engine-test/signal-${signal.toLowerCase()}-${process.pid}`;
      writeFileSync(
        join(dir, 'sig.pkr.hcl'),
        dockerTemplate('c', `commit = true`, `
  provisioner "shell" {
    inline = ["echo ready", "sleep 60", "echo not-reached"]
  }
  post-processor "docker-tag" {
    repository = "${repo}"
    tags       = ["x"]
  }
`),
      );
      const tmp = join(dir, 'packer-tmp');
      const run = startCli(dir, ['build', '-color=false', 'sig.pkr.hcl'], { PACKER_TMP_DIR: tmp });
      await run.waitFor(/^    docker\.c: ready$/m, 60000);
      const id = /Container ID: ([0-9a-f]{64})/.exec(run.stdout())?.[1];
      assert.ok(id, run.stdout());
      assert.equal(docker('ps', '-q', '--no-trunc', '--filter', `id=${id}`).stdout.trim(), id, 'container runs before the signal');
      const sent = Date.now();
      run.kill(signal);
      const r = await run.done;
      try {
        assert.equal(r.code, 1, r.stdout + r.stderr);
        assert.ok(Date.now() - sent < 20000, 'cancelled promptly');
        const out = r.stdout;
        assert.match(out, new RegExp(`^Cancelling build after receiving ${name}$`, 'm'));
        assert.match(out, new RegExp(`^==> docker\\.c: Killing the container: ${id}$`, 'm'));
        assert.match(out, /^==> Wait completed after .*\nCleanly cancelled builds after being interrupted\.\n$/m);
        assert.doesNotMatch(out, /not-reached|Committing the container|Builds finished/);
        assert.equal(docker('ps', '-a', '-q', '--no-trunc', '--filter', `id=${id}`).stdout.trim(), '', 'container removed');
        assert.equal(docker('images', '-q', repo).stdout.trim(), '', 'no image committed or tagged');
        assert.deepEqual(readdirSync(tmp), [], 'shared temp dir removed');
        const script = /Provisioning with shell script: (\S+)$/m.exec(out)?.[1];
        assert.ok(script && !existsSync(script), `local script ${script} removed`);
        assert.equal(r.stderr, '');
      } finally {
        docker('rm', '-f', id);
        docker('rmi', '-f', `${repo}:x`);
      }
    });
  }

  it('SIGINT with two builds running at once cancels both: each container killed and removed, exit 1', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    const repo = `engine-test/signal-both-${process.pid}`;
    writeFileSync(
      join(dir, 'both.pkr.hcl'),
      dockerTemplate(
        'a',
        'commit = true',
        `
  provisioner "shell" {
    inline = ["echo ready-$PACKER_BUILD_NAME", "sleep 60", "echo not-reached"]
  }
  post-processor "docker-tag" {
    repository = "${repo}"
    tags       = ["\${source.name}"]
  }
`,
        `source "docker" "b" {
  image  = "${BASE_IMAGE}"
  pull   = false
  commit = true
}
`,
      ).replace('sources = ["source.docker.a"]', 'sources = ["source.docker.a", "source.docker.b"]'),
    );
    const tmp = join(dir, 'packer-tmp');
    const run = startCli(dir, ['build', '-color=false', 'both.pkr.hcl'], { PACKER_TMP_DIR: tmp });
    await run.waitFor(/^    docker\.a: ready-a$/m, 60000);
    await run.waitFor(/^    docker\.b: ready-b$/m, 60000);
    const ids = [...run.stdout().matchAll(/Container ID: ([0-9a-f]{64})/g)].map((m) => m[1]!);
    assert.equal(ids.length, 2, run.stdout());
    run.kill('SIGINT');
    const r = await run.done;
    try {
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const out = r.stdout;
      assert.match(out, /^Cancelling build after receiving interrupt$/m);
      for (const id of ids) {
        assert.match(out, new RegExp(`^==> docker\\.[ab]: Killing the container: ${id}$`, 'm'));
        assert.equal(docker('ps', '-a', '-q', '--no-trunc', '--filter', `id=${id}`).stdout.trim(), '', `container ${id} removed`);
      }
      assert.match(out, /Cleanly cancelled builds after being interrupted\.\n$/);
      assert.doesNotMatch(out, /not-reached|Committing the container|Builds finished/);
      assert.equal(docker('images', '-q', repo).stdout.trim(), '', 'no image committed or tagged');
      assert.deepEqual(readdirSync(tmp), [], 'shared temp dir removed');
    } finally {
      for (const id of ids) docker('rm', '-f', id);
      for (const tag of ['a', 'b']) docker('rmi', '-f', `${repo}:${tag}`);
    }
  });

  it('-force replaces the artifacts of an earlier run: export_path, compress output, manifest', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out/rootfs.tar'), 'stale export');
    writeFileSync(join(dir, 'out/rootfs.tar.gz'), 'stale archive');
    const old = { name: 'old', builder_type: 'docker', build_time: 1, files: null, artifact_id: 'x', packer_run_uuid: 'old-run', custom_data: null };
    writeFileSync(join(dir, 'out/manifest.json'), JSON.stringify({ builds: [old, old], last_run_uuid: 'old-run' }));
    writeFileSync(
      join(dir, 'force.pkr.hcl'),
      dockerTemplate('exp', `export_path = "out/rootfs.tar"`, `
  provisioner "shell" {
    inline = ["echo fresh > /fresh.txt"]
  }
  post-processors {
    post-processor "compress" {
      output              = "out/rootfs.tar.gz"
      keep_input_artifact = true
    }
    post-processor "manifest" {
      output = "out/manifest.json"
    }
  }
`),
    );
    const r = await runCli(dir, ['build', '-color=false', '-force', 'force.pkr.hcl'], { PACKER_TMP_DIR: join(dir, 'packer-tmp'), PACKER_RUN_UUID: 'new-run' });
    assert.equal(r.code, 0, r.stdout);
    const exported = tarList(join(dir, 'out/rootfs.tar'));
    assert.ok(exported.includes('fresh.txt') && exported.some((f) => /^(\.\/)?bin\/busybox$/.test(f)), exported.join(' '));
    assert.deepEqual(tarList(join(dir, 'out/rootfs.tar.gz'), '-tzf'), ['rootfs.tar']);
    const manifest = JSON.parse(readFileSync(join(dir, 'out/manifest.json'), 'utf8'));
    assert.equal(manifest.last_run_uuid, 'new-run');
    assert.deepEqual(manifest.builds.map((b: { name: string }) => b.name), ['exp']);
    assert.deepEqual(manifest.builds[0].files.map((f: { name: string }) => f.name), ['out/rootfs.tar.gz']);
    assert.ok(!existsSync(join(dir, 'out/manifest.json.lock')));
  });

  it("README's docker example builds and the image prints its greeting", async (t) => {
    if (skip) return t.skip(skip);
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Docker example'));
    const template = /```hcl\n([^]*?)```/.exec(section)?.[1];
    const command = /^node dist\/cli\.js (build \S+)/m.exec(section)?.[1];
    assert.ok(template && command, 'README has a docker template and its build command');
    const dir = tempDir();
    writeFileSync(join(dir, 'hello.pkr.hcl'), template);
    try {
      const r = await runCli(dir, ['build', '-color=false', command.split(' ')[1] as string], { PACKER_TMP_DIR: join(dir, 'packer-tmp') });
      assert.equal(r.code, 0, r.stdout);
      assert.equal(docker('run', '--rm', 'packer-studio/hello:latest').stdout, 'Hello from hello\n');
    } finally {
      docker('rmi', '-f', 'packer-studio/hello:latest');
    }
  });

  it('a docker source the builder rejects is a diagnostic on its block; nothing starts, exit 1', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    writeFileSync(
      join(dir, 'bad.pkr.hcl'),
      dockerTemplate('c', `commit = true
  discard = true`, `
  provisioner "shell" {
    inline = ["echo hi"]
  }
`),
    );
    const tmp = join(dir, 'packer-tmp');
    const r = await runCli(dir, ['build', '-color=false', 'bad.pkr.hcl'], { PACKER_TMP_DIR: tmp });
    assert.equal(r.code, 1, r.stdout);
    // Like Packer's prepare step: one diagnostic on the source block's header, in go-multierror's form.
    assert.equal(
      r.stdout,
      'Error: 1 error(s) occurred:\n\n* Cannot specify more than one of commit, discard, and export_path\n\n' +
        '  on bad.pkr.hcl line 2:\n   2: source "docker" "c" {\n      ^^^^^^^^^^^^^^^^^^^\n\n',
    );
    assert.ok(!existsSync(tmp));
  });
});
