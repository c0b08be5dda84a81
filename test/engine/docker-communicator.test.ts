/**
 * The docker communicator's round trips on a real dockerd: an upload whose owner needs no lookup sets it in the
 * tar header (no `docker exec`), a named owner is still chowned in the container, modes arrive as given.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectDocker } from '../../server/src/engine/builders/docker/docker-api.js';
import { DockerCommunicator, numericOwner } from '../../server/src/engine/communicators/docker/communicator.js';
import { BASE_IMAGE, docker, dockerUnavailable, plannedBuild, prov, run } from './harness.js';

/** The container's `exec_create` events between two instants, as the daemon recorded them. */
function execsBetween(container: string, since: number, until: number): number {
  const r = docker('events', '--since', (since / 1000).toFixed(3), '--until', (until / 1000).toFixed(3), '--filter', `container=${container}`, '--filter', 'event=exec_create', '--format', '{{.Action}}');
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l.trim() !== '').length;
}

describe('docker communicator round trips', () => {
  let skip: string | undefined;
  let container = '';
  before(() => {
    skip = dockerUnavailable();
    if (skip) return;
    const r = docker('run', '-d', '-i', '-t', '--entrypoint=/bin/sh', BASE_IMAGE);
    assert.equal(r.status, 0, r.stderr);
    container = r.stdout.trim();
  });
  after(() => {
    if (container) docker('rm', '-f', container);
  });

  async function uploadAs(owner: string | undefined, dst: string): Promise<{ execs: number; stat: string }> {
    const comm = new DockerCommunicator({ docker: await connectDocker(process.env), containerId: container, execUser: '', pty: false, ...(owner !== undefined ? { uploadOwner: owner } : {}), env: process.env });
    // The window opens 50 ms early (the daemon stamps events with its own clock) and so only after a pause that
    // keeps the previous call's `docker exec stat` out of it.
    await new Promise((r) => setTimeout(r, 150));
    const since = Date.now() - 50;
    await comm.upload(dst, Buffer.from('#!/bin/sh\necho hi\n'), 0o755, new AbortController().signal);
    await new Promise((r) => setTimeout(r, 50));
    const execs = execsBetween(container, since, Date.now());
    const stat = docker('exec', container, 'stat', '-c', '%u:%g %a', dst);
    assert.equal(stat.status, 0, stat.stderr);
    return { execs, stat: stat.stdout.trim() };
  }

  it('sets root or numeric owners in the tar header without an exec', async (t) => {
    if (skip) return t.skip(skip);
    assert.deepEqual(await uploadAs('root', '/tmp/a.sh'), { execs: 0, stat: '0:0 755' });
    assert.deepEqual(await uploadAs('1234:5678', '/tmp/b.sh'), { execs: 0, stat: '1234:5678 755' });
    assert.deepEqual(await uploadAs('1234', '/tmp/c.sh'), { execs: 0, stat: '1234:0 755' });
    assert.deepEqual(await uploadAs(undefined, '/tmp/d.sh'), { execs: 0, stat: '0:0 755' });
  });

  it('replaces an existing file with the uploaded mode and owner', async (t) => {
    if (skip) return t.skip(skip);
    assert.equal(docker('exec', container, 'sh', '-c', 'echo old > /tmp/e.sh && chmod 600 /tmp/e.sh && chown 65534:65534 /tmp/e.sh').status, 0);
    assert.deepEqual(await uploadAs('root', '/tmp/e.sh'), { execs: 0, stat: '0:0 755' });
  });

  it('chowns a named owner in the container', async (t) => {
    if (skip) return t.skip(skip);
    assert.deepEqual(await uploadAs('nobody', '/tmp/f.sh'), { execs: 1, stat: '65534:0 755' });
  });

  it('runs an inline shell script with two execs: the command and the clean-up', async (t) => {
    if (skip) return t.skip(skip);
    const since = Date.now() - 50;
    const r = await run([plannedBuild('docker', 'x', { image: BASE_IMAGE, pull: false, discard: true }, { provisioners: [prov('shell', { inline: ['stat -c %a:%u /tmp/script_*.sh'], remote_path: '/tmp/script_1.sh' })] })]);
    assert.equal(r.exitCode, 0, r.output);
    assert.match(r.output, /^    docker\.x: 755:0$/m, 'the script arrives executable and root-owned without chmod or chown');
    const id = /Container ID: ([0-9a-f]{64})/.exec(r.output)?.[1] ?? '';
    await new Promise((res) => setTimeout(res, 50));
    assert.equal(execsBetween(id, since, Date.now()), 2);
  });

  it('reads owner specs that need no user database', () => {
    assert.deepEqual(numericOwner('root'), { uid: 0, gid: 0 });
    assert.deepEqual(numericOwner('0:0'), { uid: 0, gid: 0 });
    assert.deepEqual(numericOwner('1000:root'), { uid: 1000, gid: 0 });
    assert.deepEqual(numericOwner('42'), { uid: 42, gid: 0 });
    assert.equal(numericOwner('nobody'), undefined);
    assert.equal(numericOwner('1000:'), undefined, "chown's `uid:` means the user's login group: a lookup");
    assert.equal(numericOwner('99999999'), undefined);
  });
});
