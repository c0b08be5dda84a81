import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_IMAGE, docker, dockerUnavailable, plannedBuild, pp, prov, run, tempDir } from './harness.js';

const created: string[] = [];

describe('docker builder on a real dockerd', () => {
  let skip: string | undefined;
  before(() => {
    skip = dockerUnavailable();
  });
  after(() => {
    for (const image of created) docker('rmi', '-f', image);
  });

  it('commits an image with provisioned files, restores CMD/ENTRYPOINT, tags it', async (t) => {
    if (skip) return t.skip(skip);
    const repo = `engine-test/commit-${process.pid}`;
    created.push(`${repo}:v1`);
    const r = await run([
      plannedBuild('docker', 'c', { image: BASE_IMAGE, pull: false, commit: true, changes: ['ENV GREETING=hi', 'LABEL team=studio'], author: 'Tester', message: 'made by test' }, {
        provisioners: [prov('shell', { inline: ['echo built > /built.txt', 'echo to-stdout', 'echo to-stderr >&2'], environment_vars: ['FOO=bar'] })],
        postProcessors: [[pp('docker-tag', { repository: repo, tags: ['v1'] })]],
      }),
    ]);
    assert.equal(r.exitCode, 0, r.output);
    assert.match(r.output, /^==> docker\.c: Creating a temporary directory for sharing data\.\.\.$/m);
    assert.match(r.output, /^    docker\.c: Run command: docker run -v \S+:\/packer-files -d -i -t --entrypoint=\/bin\/sh -- packer-studio\/busybox:latest$/m);
    assert.match(r.output, /^    docker\.c: to-stdout$/m);
    assert.match(r.output, /^==> docker\.c: to-stderr$/m);
    assert.match(r.output, /^==> docker\.c: Killing the container: [0-9a-f]{64}$/m);
    assert.match(r.output, /^    docker\.c \(docker-tag\): Repository: engine-test\/commit-\d+:v1$/m);
    assert.match(r.output, /^--> docker\.c: Imported Docker image: sha256:[0-9a-f]{64}$/m);
    assert.match(r.output, new RegExp(`^--> docker\\.c: Imported Docker image: ${repo}:v1 with tags ${repo}:v1$`, 'm'));
    assert.equal(docker('run', '--rm', `${repo}:v1`, 'cat', '/built.txt').stdout, 'built\n');
    const inspect = JSON.parse(docker('image', 'inspect', `${repo}:v1`).stdout)[0];
    assert.deepEqual(inspect.Config.Cmd, ['/bin/sh']);
    assert.deepEqual(inspect.Config.Entrypoint ?? [''], [''], 'the run_command entrypoint must not leak into the image');
    assert.ok(inspect.Config.Env.includes('GREETING=hi'));
    assert.equal(inspect.Config.Labels.team, 'studio');
    assert.equal(inspect.Author, 'Tester');
    assert.equal(inspect.Comment, 'made by test');
  });

  it('exports the container filesystem to export_path', async (t) => {
    if (skip) return t.skip(skip);
    const { tempDir } = await import('./harness.js');
    const dir = tempDir();
    const r = await run([
      plannedBuild('docker', 'e', { image: BASE_IMAGE, pull: false, export_path: 'out/image.tar' }, {
        provisioners: [prov('shell', { inline: ['echo exported > /marker'] })],
      }),
    ], { cwd: dir });
    assert.equal(r.exitCode, 0, r.output);
    assert.match(r.output, /^--> docker\.e: Exported Docker file: out\/image\.tar$/m);
    const { execFileSync } = await import('node:child_process');
    const list = execFileSync('tar', ['-tf', `${dir}/out/image.tar`], { encoding: 'utf8' });
    assert.match(list, /^marker$/m);
    assert.equal(execFileSync('tar', ['-xOf', `${dir}/out/image.tar`, 'marker'], { encoding: 'utf8' }), 'exported\n');
  });

  it('a failing provisioner fails the build, names the provisioner and removes the container', async (t) => {
    if (skip) return t.skip(skip);
    const before = docker('ps', '-aq').stdout;
    const r = await run([
      plannedBuild('docker', 'f', { image: BASE_IMAGE, pull: false, discard: true }, {
        provisioners: [prov('shell', { inline: ['echo about to fail', 'exit 3'] })],
      }),
    ]);
    assert.equal(r.exitCode, 1);
    assert.match(r.output, /^==> docker\.f: Provisioning step had errors: Running the cleanup provisioner, if present\.\.\.$/m);
    assert.match(r.output, /^Build 'docker\.f' errored after .+: Provisioner "shell" failed: Script exited with non-zero exit status: 3\. Allowed exit codes are: \[0\]$/m);
    assert.match(r.output, /^==> Builds finished but no artifacts were created\.$/m);
    // Other processes may remove their containers meanwhile: what matters is that no container was added.
    const existed = new Set(before.split('\n'));
    assert.deepEqual(docker('ps', '-aq').stdout.split('\n').filter((id) => !existed.has(id)), []);
  });

  it('error-cleanup-provisioner runs in the failed build\'s container before it is removed', async (t) => {
    if (skip) return t.skip(skip);
    const r = await run([
      plannedBuild('docker', 'ec', { image: BASE_IMAGE, pull: false, discard: true }, {
        provisioners: [prov('shell', { inline: ['echo marker > /tmp/made-by-build', 'exit 2'] })],
        errorCleanupProvisioner: prov('shell', { inline: ['echo cleanup-saw-$(cat /tmp/made-by-build)'] }),
      }),
    ]);
    assert.equal(r.exitCode, 1, r.output);
    assert.match(r.output, /^==> docker\.ec: Provisioning step had errors: Running the cleanup provisioner, if present\.\.\.$/m);
    // The cleanup provisioner read what the failed one wrote: it ran in the same, still living, container.
    assert.match(r.output, /^    docker\.ec: cleanup-saw-marker$/m);
    const id = /Container ID: ([0-9a-f]{64})/.exec(r.output)?.[1] as string;
    assert.notEqual(docker('inspect', id).status, 0, 'container still exists');
  });

  it('-on-error=abort keeps the container of a failed build', async (t) => {
    if (skip) return t.skip(skip);
    const r = await run(
      [plannedBuild('docker', 'a', { image: BASE_IMAGE, pull: false, discard: true }, { provisioners: [prov('shell', { inline: ['exit 1'] })] })],
      { onError: 'abort' },
    );
    assert.equal(r.exitCode, 1);
    const id = /Container ID: ([0-9a-f]{64})/.exec(r.output)?.[1];
    assert.ok(id, r.output);
    assert.match(r.output, /aborted: skipping cleanup of step "StepRun"/);
    try {
      assert.equal(docker('inspect', '-f', '{{.State.Running}}', id).stdout.trim(), 'true');
    } finally {
      docker('rm', '-f', id);
    }
  });

  it('cancelling during a provisioner removes the container and the temp dir', async (t) => {
    if (skip) return t.skip(skip);
    const controller = new AbortController();
    const r = await run(
      [plannedBuild('docker', 's', { image: BASE_IMAGE, pull: false, discard: true }, { provisioners: [prov('shell', { inline: ['echo sleeping', 'sleep 30'] })] })],
      { signal: controller.signal, onLine: (l) => l.includes('sleeping') && controller.abort('SIGINT') },
    );
    assert.equal(r.exitCode, 1);
    assert.equal(r.cancelled, true);
    const id = /Container ID: ([0-9a-f]{64})/.exec(r.output)?.[1] as string;
    assert.match(r.output, new RegExp(`^==> docker\\.s: Killing the container: ${id}$`, 'm'));
    assert.match(r.output, /^Cleanly cancelled builds after being interrupted\.$/m);
    assert.notEqual(docker('inspect', id).status, 0, 'container still exists');
  });

  it('cancelling as a file provisioner uploads: no later provisioner runs, the container is removed', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    writeFileSync(join(dir, 'payload.bin'), Buffer.alloc(4 << 20, 7));
    const controller = new AbortController();
    const r = await run(
      [
        plannedBuild('docker', 'u', { image: BASE_IMAGE, pull: false, discard: true }, {
          provisioners: [prov('file', { source: 'payload.bin', destination: '/tmp/payload.bin' }), prov('shell', { inline: ['echo after-upload'] })],
        }),
      ],
      { cwd: dir, signal: controller.signal, onLine: (l) => l.includes('Uploading payload.bin') && controller.abort('SIGINT') },
    );
    assert.equal(r.exitCode, 1, r.output);
    assert.equal(r.cancelled, true);
    const id = /Container ID: ([0-9a-f]{64})/.exec(r.output)?.[1] as string;
    assert.doesNotMatch(r.output, /after-upload/);
    assert.match(r.output, /^Cleanly cancelled builds after being interrupted\.$/m);
    assert.notEqual(docker('inspect', id).status, 0, 'container still exists');
  });

  // Each docker post-processor cancelled as it starts: what it would make (a tag, a saved tar, an imported image)
  // is not there, and the build reports a clean cancel.
  for (const type of ['docker-tag', 'docker-save', 'docker-import'] as const) {
    it(`cancelling the ${type} post-processor as it starts leaves nothing of it`, async (t) => {
      if (skip) return t.skip(skip);
      const dir = tempDir();
      const repo = `engine-test/cancel-${type}-${process.pid}`;
      created.push(`${repo}:x`);
      const source =
        type === 'docker-import' ? { image: BASE_IMAGE, pull: false, export_path: 'rootfs.tar' } : { image: BASE_IMAGE, pull: false, commit: true };
      const chain =
        type === 'docker-import'
          ? [pp('docker-import', { repository: repo, tag: 'x' })]
          : type === 'docker-save'
            ? [pp('docker-tag', { repository: repo, tags: ['x'] }), pp('docker-save', { path: 'saved.tar' })]
            : [pp('docker-tag', { repository: repo, tags: ['x'] })];
      const controller = new AbortController();
      const r = await run([plannedBuild('docker', 'p', source, { postProcessors: [chain] })], {
        cwd: dir,
        signal: controller.signal,
        onLine: (l) => l.includes(`(type ${type})`) && controller.abort('SIGINT'),
      });
      assert.equal(r.exitCode, 1, r.output);
      assert.match(r.output, /^Cleanly cancelled builds after being interrupted\.$/m);
      if (type === 'docker-save') assert.equal(existsSync(join(dir, 'saved.tar')), false, 'saved.tar written');
      else assert.equal(docker('images', '-q', `${repo}:x`).stdout.trim(), '', `${repo}:x exists`);
      const committed = /Image ID: (sha256:[0-9a-f]{64})/.exec(r.output)?.[1];
      if (committed) docker('rmi', '-f', committed);
    });
  }

  it('reports a missing image with pull = false in one line', async (t) => {
    if (skip) return t.skip(skip);
    const r = await run([plannedBuild('docker', 'm', { image: 'engine-test/does-not-exist:1', pull: false, discard: true })]);
    assert.equal(r.exitCode, 1);
    assert.match(r.output, /^Build 'docker\.m' errored after .+: Image 'engine-test\/does-not-exist:1' is not present locally and pull = false/m);
  });

  it('reports an unreachable daemon clearly', async (t) => {
    if (skip) return t.skip(skip);
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///tmp/engine-test-no-daemon.sock';
    try {
      const r = await run([plannedBuild('docker', 'd', { image: BASE_IMAGE, pull: false, discard: true })]);
      assert.equal(r.exitCode, 1);
      assert.match(r.output, /errored after .+: Error inspecting Docker image packer-studio\/busybox:latest: Cannot connect to the Docker daemon at unix:\/\/\/tmp\/engine-test-no-daemon\.sock/);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});
