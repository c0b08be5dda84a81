import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EXIT_DISCONNECTED } from '../../../server/src/engine/communicator.js';
import type { SshCommunicator } from '../../../server/src/engine/communicators/ssh/communicator.js';
import type { SshConfig } from '../../../server/src/engine/communicators/ssh/config.js';
import { connectSsh } from '../../../server/src/engine/communicators/ssh/connect.js';
import type { ConfigRecord } from '../../../server/src/engine/plan.js';
import { decodeSshConfig, ownKey, sshd, type Sshd } from './sshd.js';
import { fileTree } from '../file-tree.js';

const server = sshd();
const skip = typeof server === 'string' ? server : false;

function config(values: ConfigRecord): SshConfig {
  return decodeSshConfig(values);
}

const never = new AbortController().signal;

async function run(comm: SshCommunicator, command: string, signal = never): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await comm.start(command, { stdout: (c) => void (stdout += c), stderr: (c) => void (stderr += c) }, signal);
  return { code, stdout, stderr };
}

/** A local tree: tree/a.txt, tree/sub/b.txt (mode 0750). */
function localTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'ssh-src-'));
  const tree = join(root, 'tree');
  mkdirSync(join(tree, 'sub'), { recursive: true });
  writeFileSync(join(tree, 'a.txt'), 'alpha');
  writeFileSync(join(tree, 'sub', 'b.txt'), 'beta', { mode: 0o750 });
  return tree;
}

describe('SSH communicator against OpenSSH', { skip }, () => {
  const s = server as Sshd;
  let comm: SshCommunicator;
  before(async () => {
    comm = await connectSsh({
      config: config({ ssh_username: s.user, ssh_port: s.port, ssh_private_key_file: s.keyFile, ssh_timeout: '10s' }),
      host: '127.0.0.1',
      signal: never,
    });
  });
  after(() => comm?.close());

  test('exec streams stdout and stderr and returns the exit status', async () => {
    const r = await run(comm, 'echo out; echo err >&2; printf "é"; exit 3');
    assert.deepEqual(r, { code: 3, stdout: 'out\né', stderr: 'err\n' });
    assert.equal((await run(comm, 'true')).code, 0);
  });

  test('a command killed by a signal reports 128 + the signal number, like Go', async () => {
    assert.equal((await run(comm, 'kill -TERM $$')).code, 143);
  });

  test('output arrives while the command runs, not only at the end', async () => {
    const seen: number[] = [];
    const started = Date.now();
    await comm.start('echo first; sleep 1; echo second', { stdout: () => void seen.push(Date.now() - started), stderr: () => undefined }, never);
    assert.equal(seen.length, 2);
    assert.ok((seen[1] as number) - (seen[0] as number) >= 800, `chunks arrived ${seen.join(', ')} ms after start`);
  });

  test('abort rejects at once and the remote command does not go on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssh-abort-'));
    const marker = join(dir, 'finished');
    const ac = new AbortController();
    // A silent command: the abort must not wait for it. (Signals reach it for non-root users; for root
    // OpenSSH ignores signal requests and the closed channel stops it at its next write.)
    const running = comm.start(
      `echo started; sleep 1; echo more; touch ${marker}`,
      { stdout: (c) => (c.includes('started') ? ac.abort() : undefined), stderr: () => undefined },
      ac.signal,
    );
    const abortedAt = Date.now();
    await assert.rejects(running, /Build was cancelled/);
    assert.ok(Date.now() - abortedAt < 800, 'the abort waited for the command');
    await new Promise((r) => setTimeout(r, 1800));
    assert.equal(existsSync(marker), false, 'the remote command went on after the abort');
    // The connection stays usable.
    assert.equal((await run(comm, 'echo still here')).stdout, 'still here\n');
  });

  test('an already aborted signal starts nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(comm.start('true', { stdout: () => undefined, stderr: () => undefined }, ac.signal), /cancelled/);
  });

  test('a dropped connection yields the disconnect status', async () => {
    const other = await connectSsh({
      config: config({ ssh_username: s.user, ssh_port: s.port, ssh_private_key_file: s.keyFile }),
      host: '127.0.0.1',
      signal: never,
    });
    const running = other.start('sleep 5', { stdout: () => undefined, stderr: () => undefined }, never);
    setTimeout(() => other.close(), 300);
    assert.equal(await running, EXIT_DISCONNECTED);
  });

  test('after the server drops the connection the next command reconnects (expect_disconnect, reboots)', async () => {
    const key = ownKey('reconnect-test');
    const other = await connectSsh({
      config: config({ ssh_username: s.user, ssh_port: s.port, ssh_private_key_file: key.file }),
      host: '127.0.0.1',
      signal: never,
    });
    try {
      // The command's parent is the server's session process: killing it ends the connection.
      assert.equal((await run(other, 'kill -9 $PPID; sleep 5')).code, EXIT_DISCONNECTED);
      // Two operations at once share one new connection.
      const [again, twice] = await Promise.all([run(other, 'echo back'), run(other, 'echo also')]);
      assert.deepEqual(again, { code: 0, stdout: 'back\n', stderr: '' });
      assert.deepEqual(twice, { code: 0, stdout: 'also\n', stderr: '' });
      assert.equal(key.logins(), 2, 'the first connection and one reconnection');
      const dir = mkdtempSync(join(tmpdir(), 'ssh-reconnect-'));
      await other.upload(join(dir, 'f'), Buffer.from('after reconnect'), 0o644, never);
      assert.equal(readFileSync(join(dir, 'f'), 'utf8'), 'after reconnect');
    } finally {
      other.close();
    }
    await assert.rejects(run(other, 'true'), /Error starting remote command over SSH: the SSH connection is closed/);
  });

  test('ssh_read_write_timeout: a server that stops answering ends the command as disconnected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssh-rw-'));
    const pids = join(dir, 'pids');
    const other = await connectSsh({
      config: config({ ssh_username: s.user, ssh_port: s.port, ssh_private_key_file: s.keyFile, ssh_read_write_timeout: '1s' }),
      host: '127.0.0.1',
      signal: never,
    });
    const started = Date.now();
    // Freezes this connection's sshd session process (found among the command's ancestors), then idles.
    const freeze =
      `echo $$ > ${pids}; p=$$; while [ "$p" -gt 1 ]; do p=$(awk '{print $4}' /proc/$p/stat); ` +
      `case "$(cat /proc/$p/comm)" in sshd*) echo $p >> ${pids}; kill -STOP $p; break;; esac; done; exec sleep 30`;
    try {
      const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 8 s'), 8000).unref());
      const result = await Promise.race([run(other, freeze).then((r) => r.code), timeout]);
      assert.equal(result, EXIT_DISCONNECTED);
      assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    } finally {
      other.close();
      for (const pid of readFileSync(pids, 'utf8').trim().split('\n').map(Number)) {
        try {
          process.kill(pid, 'SIGCONT');
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
  });

  test('ssh_keep_alive_interval: keep-alive replies keep a silent command within ssh_read_write_timeout; disabled, it is cut off', async () => {
    const silent = async (keepAlive: string): Promise<number> => {
      const c = await connectSsh({
        config: config({
          ssh_username: s.user,
          ssh_port: s.port,
          ssh_private_key_file: s.keyFile,
          ssh_read_write_timeout: '1500ms',
          ssh_keep_alive_interval: keepAlive,
        }),
        host: '127.0.0.1',
        signal: never,
      });
      try {
        return (await run(c, 'sleep 3')).code;
      } finally {
        c.close();
      }
    };
    assert.equal(await silent('400ms'), 0);
    assert.equal(await silent('-1s'), EXIT_DISCONNECTED);
  });

  for (const method of ['scp', 'sftp'] as const) {
    describe(`transfers over ${method}`, () => {
      let c: SshCommunicator;
      before(async () => {
        c = await connectSsh({
          config: config({ ssh_username: s.user, ssh_port: s.port, ssh_private_key_file: s.keyFile, ssh_file_transfer_method: method }),
          host: '127.0.0.1',
          signal: never,
        });
      });
      after(() => c?.close());

      test('upload writes the bytes with the given mode; download reads them back', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'ssh-up-'));
        const dst = join(dir, 'with space.bin');
        const bytes = Buffer.from([0, 1, 2, 255, 10, 13]);
        await c.upload(dst, bytes, 0o640, never);
        assert.deepEqual(readFileSync(dst), bytes);
        assert.equal(statSync(dst).mode & 0o777, 0o640);
        assert.deepEqual(await c.download(dst, never), bytes);
      });

      test('upload into a missing directory and download of a missing file fail with the remote reason', async () => {
        await assert.rejects(c.upload('/nonexistent-dir/x', Buffer.from('x'), 0o644, never), /No such file/);
        await assert.rejects(c.download('/nonexistent-dir/x', never), /No such file/);
      });

      test('uploadDir without a trailing slash copies the directory into an existing destination', async () => {
        const tree = localTree();
        const dst = mkdtempSync(join(tmpdir(), 'ssh-dst-'));
        await c.uploadDir(dst, tree, never);
        assert.deepEqual(fileTree(dst), ['tree/', 'tree/a.txt=alpha', 'tree/sub/', 'tree/sub/b.txt=beta']);
        assert.equal(statSync(join(dst, 'tree/sub/b.txt')).mode & 0o777, 0o750);
      });

      test('uploadDir without a trailing slash to a missing destination creates it as the copy', async () => {
        const tree = localTree();
        const dst = join(mkdtempSync(join(tmpdir(), 'ssh-dst-')), 'new');
        await c.uploadDir(dst, tree, never);
        assert.deepEqual(fileTree(dst), ['a.txt=alpha', 'sub/', 'sub/b.txt=beta']);
      });

      test('uploadDir with a trailing slash copies only the contents, into existing or missing destinations', async () => {
        const tree = localTree();
        const existing = mkdtempSync(join(tmpdir(), 'ssh-dst-'));
        writeFileSync(join(existing, 'kept.txt'), 'kept');
        await c.uploadDir(existing, `${tree}/`, never);
        assert.deepEqual(fileTree(existing), ['a.txt=alpha', 'kept.txt=kept', 'sub/', 'sub/b.txt=beta']);
        const missing = join(mkdtempSync(join(tmpdir(), 'ssh-dst-')), 'made');
        await c.uploadDir(`${missing}/`, `${tree}/`, never);
        assert.deepEqual(fileTree(missing), ['a.txt=alpha', 'sub/', 'sub/b.txt=beta']);
      });

      test('downloadDir puts the remote directory under the local destination', async () => {
        const tree = localTree();
        const dst = join(mkdtempSync(join(tmpdir(), 'ssh-down-')), 'out');
        await c.downloadDir(`${tree}/`, dst, never);
        assert.deepEqual(fileTree(dst), ['tree/', 'tree/a.txt=alpha', 'tree/sub/', 'tree/sub/b.txt=beta']);
        assert.equal(statSync(join(dst, 'tree/sub/b.txt')).mode & 0o777, 0o750);
        await assert.rejects(c.downloadDir('/nonexistent-dir/', dst, never), /No such file/);
      });
    });
  }

  test('downloadDir over scp lets the remote shell expand globs', async () => {
    const tree = localTree();
    const dst = mkdtempSync(join(tmpdir(), 'ssh-glob-'));
    await comm.downloadDir(`${tree}/*.txt`, dst, never);
    assert.deepEqual(fileTree(dst), ['a.txt=alpha']);
  });

  test('ssh_pty gives commands a terminal', async () => {
    const withPty = await connectSsh({
      config: config({ ssh_username: s.user, ssh_port: s.port, ssh_private_key_file: s.keyFile, ssh_pty: true }),
      host: '127.0.0.1',
      signal: never,
    });
    try {
      assert.equal((await run(withPty, 'tty -s')).code, 0);
      assert.equal((await run(comm, 'tty -s')).code, 1);
    } finally {
      withPty.close();
    }
  });

  test('a bastion host tunnels the connection', async () => {
    const viaBastion = await connectSsh({
      config: config({
        ssh_username: s.user,
        ssh_port: s.port,
        ssh_private_key_file: s.keyFile,
        ssh_bastion_host: '127.0.0.1',
        ssh_bastion_port: s.port,
        ssh_bastion_username: s.user,
      }),
      host: '127.0.0.1',
      signal: never,
    });
    try {
      const r = await run(viaBastion, 'echo $SSH_CLIENT');
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^127\.0\.0\.1 \d+ \d+/);
    } finally {
      viaBastion.close();
    }
  });
});
