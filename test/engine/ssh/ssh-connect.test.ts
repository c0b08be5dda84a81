import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { sshConfigFrom, type SshConfig } from '../../../server/src/engine/communicators/ssh/config.js';
import { connectSsh, SshTimeoutError } from '../../../server/src/engine/communicators/ssh/connect.js';
import { sshConnectStep } from '../../../server/src/engine/communicators/ssh/step.js';
import type { ConfigRecord } from '../../../server/src/engine/plan.js';
import type { ProvisioningState } from '../../../server/src/engine/provision-step.js';
import { runSteps } from '../../../server/src/engine/runner.js';
import { captureUi, closedPort, decodeSshConfig, ownKey, sshd, type Sshd } from './sshd.js';

const server = sshd();
const skip = typeof server === 'string' ? server : false;
const FAST = { retryIntervalMs: 100, handshakeRetryDelayMs: 100 };
const never = new AbortController().signal;

function config(values: ConfigRecord): SshConfig {
  return decodeSshConfig(values);
}

function configErrors(values: ConfigRecord): readonly string[] {
  try {
    config(values);
    return [];
  } catch (e) {
    const errors = (e as { errors?: readonly string[] }).errors;
    assert.ok(errors, String(e));
    return errors;
  }
}

describe('ssh_* settings', () => {
  test('defaults follow the SDK: port 22, 5m timeout, 10 handshake attempts, 5s keep-alive, scp', () => {
    const c = config({ ssh_username: 'u' });
    assert.equal(c.port, 22);
    assert.equal(c.timeoutMs, 300_000);
    assert.equal(c.handshakeAttempts, 10);
    assert.equal(c.keepAliveIntervalMs, 5000);
    assert.equal(c.fileTransferMethod, 'scp');
    assert.equal(c.bastion, undefined);
  });

  test('explicit values, the deprecated ssh_wait_timeout (it wins, as in the SDK) and a disabled keep-alive', () => {
    const c = config({ ssh_username: 'u', ssh_port: '2222', ssh_wait_timeout: '90s', ssh_handshake_attempts: 3, ssh_keep_alive_interval: '-1s' });
    assert.deepEqual([c.port, c.timeoutMs, c.handshakeAttempts, c.keepAliveIntervalMs], [2222, 90_000, 3, 0]);
    assert.equal(config({ ssh_username: 'u', ssh_timeout: '1m', ssh_wait_timeout: '2m' }).timeoutMs, 120_000);
  });

  test('the 5m / 10 attempts defaults apply only when neither ssh_timeout nor ssh_handshake_attempts is set', () => {
    const onlyTimeout = config({ ssh_username: 'u', ssh_timeout: '30s' });
    assert.deepEqual([onlyTimeout.timeoutMs, onlyTimeout.handshakeAttempts], [30_000, 0]);
    const onlyAttempts = config({ ssh_username: 'u', ssh_handshake_attempts: 2 });
    assert.deepEqual([onlyAttempts.timeoutMs, onlyAttempts.handshakeAttempts], [0, 2]);
  });

  test('settings given as decoded values (durations already in milliseconds) give the same config', () => {
    const { config: c, problems } = sshConfigFrom({ ssh_username: 'u', ssh_timeout: 90_000, ssh_handshake_attempts: 10, ssh_keep_alive_interval: -1, ssh_port: 2222 }, process.cwd());
    assert.deepEqual(problems, []);
    assert.deepEqual([c.port, c.timeoutMs, c.keepAliveIntervalMs, c.handshakeAttempts], [2222, 90_000, 0, 10]);
    assert.deepEqual(sshConfigFrom({}, process.cwd()).problems, ['An ssh_username must be specified']);
  });

  test('zero values of unsupported settings (the schema defaults) are not refused', () => {
    assert.deepEqual(configErrors({ ssh_username: 'u', ssh_read_write_timeout: '0s', ssh_bastion_interactive: false, ssh_local_tunnels: [] }), []);
    assert.deepEqual(configErrors({ ssh_username: 'u', ssh_bastion_interactive: true }), [
      "ssh_bastion_interactive is not supported by packer-studio's SSH communicator yet",
    ]);
  });

  test('a value the schema rejects is reported by the schema decoder', () => {
    assert.deepEqual(configErrors({ ssh_username: 'u', ssh_file_transfer_method: 'ftp' }), [
      "ssh_file_transfer_method ('ftp') is invalid, valid methods: sftp, scp",
    ]);
  });

  test('problems are reported together with the SDK messages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssh-cfg-'));
    writeFileSync(join(dir, 'garbage'), 'not a key');
    assert.deepEqual(
      configErrors({
        ssh_private_key_file: join(dir, 'missing'),
        ssh_bastion_host: 'jump',
        ssh_certificate_file: 'cert.pub',
      }),
      // As in the SDK, the certificate is checked only once the key it goes with has been read.
      ['An ssh_username must be specified', `ssh_private_key_file is invalid: stat ${join(dir, 'missing')}: no such file or directory`],
    );
    // The bastion inherits ssh_private_key_file, so only without one does it lack credentials.
    assert.deepEqual(configErrors({ ssh_username: 'u', ssh_password: 'p', ssh_bastion_host: 'jump' }), [
      'ssh_bastion_password, ssh_bastion_private_key_file or ssh_bastion_agent_auth must be specified',
    ]);
    const [unparsable] = configErrors({ ssh_username: 'u', ssh_private_key_file: join(dir, 'garbage') });
    assert.match(unparsable ?? '', /^ssh_private_key_file is invalid: Failed to read key '.*garbage': /);
  });

  test('the bastion inherits ssh_private_key_file', { skip }, () => {
    const s = server as Sshd;
    const c = config({ ssh_username: 'u', ssh_private_key_file: s.keyFile, ssh_bastion_host: 'jump', ssh_bastion_username: 'j' });
    assert.equal(c.bastion?.port, 22);
    assert.deepEqual(c.bastion?.privateKey, c.privateKey);
  });
});

describe('waiting for SSH', { skip }, () => {
  const s = server as Sshd;

  test('a key the server does not accept fails after ssh_handshake_attempts, well before the timeout', async () => {
    const log: string[] = [];
    const started = Date.now();
    await assert.rejects(
      connectSsh({
        config: config({ ssh_username: s.user, ssh_port: s.port, ssh_private_key_file: s.strangerKeyFile, ssh_handshake_attempts: 3, ssh_timeout: '60s' }),
        host: '127.0.0.1',
        signal: never,
        timing: FAST,
        log: (l) => void log.push(l),
      }),
      (e: Error) => {
        assert.equal(
          e.message,
          'Packer experienced an authentication error when trying to connect via SSH. This can happen if your ' +
            'username/password are wrong. You may want to double-check your credentials as part of your debugging ' +
            'process. original error: ssh: handshake failed: ssh: unable to authenticate, attempted methods [none publickey], ' +
            'no supported methods remain',
        );
        return true;
      },
    );
    assert.equal(log.filter((l) => l.startsWith('SSH handshake err')).length, 3);
    assert.ok(Date.now() - started < 20_000);
  });

  test('connection refused retries until ssh_timeout, then times out', async () => {
    const port = await closedPort();
    const log: string[] = [];
    const started = Date.now();
    await assert.rejects(
      connectSsh({
        config: config({ ssh_username: s.user, ssh_port: port, ssh_private_key_file: s.keyFile, ssh_timeout: '1500ms' }),
        host: '127.0.0.1',
        signal: never,
        timing: FAST,
        log: (l) => void log.push(l),
      }),
      (e: Error) => e instanceof SshTimeoutError && e.message === 'Timeout waiting for SSH.',
    );
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 1400 && elapsed < 4000, `timed out after ${elapsed} ms`);
    assert.ok(log.length >= 3, 'it retried');
    assert.match(log[0] ?? '', /^TCP connection to SSH ip\/port failed: .*ECONNREFUSED/);
  });

  test('ssh_agent_auth without a reachable agent fails at once with the SDK\'s reason', async () => {
    const agentConfig = config({ ssh_username: s.user, ssh_port: s.port, ssh_agent_auth: true });
    const started = Date.now();
    await assert.rejects(
      connectSsh({ config: agentConfig, host: '127.0.0.1', signal: never, env: { SSH_AUTH_SOCK: '' } }),
      { message: 'Cannot connect to SSH Agent SSH_AUTH_SOCK is not set' },
    );
    const missing = join(mkdtempSync(join(tmpdir(), 'ssh-agent-')), 'agent.sock');
    await assert.rejects(connectSsh({ config: agentConfig, host: '127.0.0.1', signal: never, env: { SSH_AUTH_SOCK: missing } }), {
      message: `Cannot connect to SSH Agent Cannot connect to SSH Agent socket "${missing}": dial unix ${missing}: connect: no such file or directory`,
    });
    assert.ok(Date.now() - started < 1000);
  });

  test('ssh_agent_auth with a running ssh-agent holding the key connects; agent forwarding follows the SDK', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssh-agent-'));
    const socket = join(dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
      const added = spawnSync('ssh-add', [s.keyFile], { env: { ...process.env, SSH_AUTH_SOCK: socket }, encoding: 'utf8' });
      assert.equal(added.status, 0, added.stderr);
      const listKeys = async (settings: ConfigRecord): Promise<string> => {
        const comm = await connectSsh({ config: config(settings), host: '127.0.0.1', signal: never, env: { SSH_AUTH_SOCK: socket } });
        let out = '';
        try {
          await comm.start('ssh-add -l || echo no-agent', { stdout: (c) => void (out += c), stderr: () => undefined }, never);
        } finally {
          comm.close();
        }
        return out;
      };
      // Authenticated by the agent alone (no key file, no password); the agent is forwarded to the machine.
      assert.match(await listKeys({ ssh_username: s.user, ssh_port: s.port, ssh_agent_auth: true }), /ED25519/);
      // The SDK forwards the agent whenever one is running, unless ssh_disable_agent_forwarding.
      assert.match(await listKeys({ ssh_username: s.user, ssh_port: s.port, ssh_private_key_file: s.keyFile }), /ED25519/);
      const disabled = { ssh_username: s.user, ssh_port: s.port, ssh_agent_auth: true, ssh_disable_agent_forwarding: true };
      assert.match(await listKeys(disabled), /no-agent/);
    } finally {
      agent.kill();
    }
  });

  test('cancelling the build stops the wait at once', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const started = Date.now();
    await assert.rejects(
      connectSsh({
        config: config({ ssh_username: s.user, ssh_port: await closedPort(), ssh_private_key_file: s.keyFile }),
        host: '127.0.0.1',
        signal: ac.signal,
      }),
      /Build was cancelled/,
    );
    assert.ok(Date.now() - started < 1500);
  });

  test('the connect step prints Packer lines and fills build.* with the connection', async () => {
    const ui = captureUi();
    const state: ProvisioningState = { ui, cancelled: false, buildVars: { ID: 'Null', ConnType: 'none' } };
    const step = sshConnectStep<ProvisioningState>({
      config: config({ ssh_username: s.user, ssh_port: s.port, ssh_private_key_file: s.keyFile }),
      host: () => '127.0.0.1',
    });
    let output = '';
    const probe = {
      name: 'probe',
      async run(st: ProvisioningState) {
        await st.comm?.start('echo $USER', { stdout: (c) => void (output += c), stderr: () => undefined }, never);
        return 'continue' as const;
      },
      async cleanup() {},
    };
    await runSteps([step, probe], state, { signal: never, onError: 'cleanup', debug: false });
    assert.equal(state.error, undefined);
    assert.equal(output, `${s.user}\n`);
    assert.deepEqual(ui.lines, [
      'say: Using SSH communicator to connect: 127.0.0.1',
      'say: Waiting for SSH to become available...',
      'say: Connected to SSH!',
    ]);
    assert.equal(state.buildVars.ConnType, 'ssh');
    assert.equal(state.buildVars.Host, '127.0.0.1');
    assert.equal(state.buildVars.Port, String(s.port));
    assert.equal(state.buildVars.User, s.user);
    // Like the SDK: SSHPrivateKey is a key the builder generated; a key file is named in SSHPrivateKeyFile.
    assert.equal(state.buildVars.SSHPrivateKey, '');
    assert.equal(state.buildVars.SSHPrivateKeyFile, s.keyFile);
    assert.equal(state.buildVars.ID, 'Null');
    // Cleanup closed the connection.
    await assert.rejects(state.comm?.start('true', { stdout: () => undefined, stderr: () => undefined }, never) ?? Promise.resolve());
  });

  test('pause_before_connecting: connect, pause, then connect again before provisioning', async () => {
    const ui = captureUi();
    const state: ProvisioningState = { ui, cancelled: false, buildVars: {} };
    const key = ownKey('pause-test');
    const step = sshConnectStep<ProvisioningState>({
      config: config({ ssh_username: s.user, ssh_port: s.port, ssh_private_key_file: key.file }),
      host: () => '127.0.0.1',
      pauseBeforeConnectingMs: 300,
    });
    const started = Date.now();
    await runSteps([step], state, { signal: never, onError: 'cleanup', debug: false });
    assert.equal(state.error, undefined);
    assert.ok(Date.now() - started >= 300);
    assert.deepEqual(ui.lines, [
      'say: Using SSH communicator to connect: 127.0.0.1',
      'say: Waiting for SSH to become available...',
      'say: Connected to SSH!',
      'say: Pausing 300ms before connecting...',
      'say: Waiting for SSH to become available...',
      'say: Connected to SSH!',
    ]);
    assert.equal(key.logins(), 2);
  });

  test('the connect step reports a timeout the way Packer does', async () => {
    const ui = captureUi();
    const state: ProvisioningState = { ui, cancelled: false, buildVars: {} };
    const step = sshConnectStep<ProvisioningState>({
      config: config({ ssh_username: s.user, ssh_port: await closedPort(), ssh_timeout: '300ms' }),
      host: () => '127.0.0.1',
      timing: FAST,
    });
    await runSteps([step], state, { signal: never, onError: 'cleanup', debug: false });
    assert.equal(state.error?.message, 'Timeout waiting for SSH.');
    assert.equal(ui.lines.at(-1), 'error: Timeout waiting for SSH.');
    assert.equal(state.comm, undefined);
  });
});
