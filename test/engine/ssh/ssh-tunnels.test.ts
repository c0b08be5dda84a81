/**
 * ssh_local_tunnels, ssh_remote_tunnels and ssh_proxy_host against the real sshd; the SOCKS5 proxy is
 * OpenSSH's own (`ssh -D`).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type Server } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { SshCommunicator } from '../../../server/src/engine/communicators/ssh/communicator.js';
import { connectSsh, type ConnectOptions } from '../../../server/src/engine/communicators/ssh/connect.js';
import { parseTunnel } from '../../../server/src/engine/communicators/ssh/tunnels.js';
import type { ConfigRecord } from '../../../server/src/engine/plan.js';
import { closedPort, decodeSshConfig, sshd, type Sshd } from './sshd.js';

const server = sshd();
const skip = typeof server === 'string' ? server : false;
const never = new AbortController().signal;

/** Connects to the test server as the test user with its key, plus `settings` and connection `options`. */
function connectWith(settings: ConfigRecord, options: Partial<ConnectOptions> = {}): Promise<SshCommunicator> {
  const s = server as Sshd;
  return connectSsh({
    config: decodeSshConfig({ ssh_username: s.user, ssh_port: s.port, ssh_private_key_file: s.keyFile, ...settings }),
    host: '127.0.0.1',
    signal: never,
    ...options,
  });
}

/** A TCP server on 127.0.0.1 that greets each connection with `greeting` and closes it. */
async function greeter(greeting: string): Promise<{ server: Server; port: number }> {
  const srv = createServer((socket) => socket.end(greeting));
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const address = srv.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server: srv, port: address.port };
}

/** Everything a TCP connection to `port` on this machine receives; rejects when nothing listens. */
function fetchFrom(port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = connect({ host, port });
    socket.on('data', (d) => (data += d.toString('utf8')));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`port ${port} never opened`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('tunnel arguments', () => {
  test('parse like the SDK, with its messages', () => {
    assert.deepEqual(parseTunnel('8080:db.internal:5432'), { listenPort: 8080, forwardHost: 'db.internal', forwardPort: 5432 });
    assert.deepEqual(parseTunnel('9000:[::1]:22'), { listenPort: 9000, forwardHost: '::1', forwardPort: 22 });
    assert.equal(parseTunnel('8080'), "Error parsing tunnel '8080': [8080]");
    assert.equal(parseTunnel('8080:host'), 'Error parsing forwarding, must be a tcp address: address host: missing port in address');
    assert.equal(parseTunnel('8080:host:x'), 'Error parsing forwarding port, must be a valid port: strconv.Atoi: parsing "x": invalid syntax');
    assert.equal(parseTunnel('x:host:1'), 'Error parsing listening port, must be a valid port: strconv.Atoi: parsing "x": invalid syntax');
  });

  test('bad tunnels and a bastion with a proxy are reported with the SDK messages', () => {
    let errors: readonly string[] = [];
    try {
      decodeSshConfig({
        ssh_username: 'u',
        ssh_password: 'p',
        ssh_bastion_host: 'jump',
        ssh_bastion_password: 'b',
        ssh_proxy_host: 'socks',
        ssh_local_tunnels: ['8080'],
        ssh_remote_tunnels: ['1:h'],
      });
    } catch (e) {
      errors = (e as { errors: readonly string[] }).errors;
    }
    assert.deepEqual(errors, [
      'please specify either ssh_bastion_host or ssh_proxy_host, not both',
      "ssh_local_tunnels ('8080') is invalid: Error parsing tunnel '8080': [8080]",
      "ssh_remote_tunnels ('1:h') is invalid: Error parsing forwarding, must be a tcp address: address h: missing port in address",
    ]);
  });
});

describe('tunnels over a real sshd', { skip }, () => {

  test('a local tunnel forwards a port of this machine through the connection; closing it stops listening', async () => {
    const target = await greeter('pong-local');
    const listen = await closedPort();
    try {
      const comm = await connectWith({ ssh_local_tunnels: [`${listen}:127.0.0.1:${target.port}`] });
      try {
        assert.equal(await fetchFrom(listen), 'pong-local');
      } finally {
        comm.close();
      }
      await new Promise((r) => setTimeout(r, 100));
      await assert.rejects(fetchFrom(listen), /ECONNREFUSED/);
    } finally {
      target.server.close();
    }
  });

  test('a remote tunnel lets commands on the machine reach a port on this side', async () => {
    const target = await greeter('pong-remote');
    const remotePort = await closedPort();
    try {
      const comm = await connectWith({ ssh_remote_tunnels: [`${remotePort}:127.0.0.1:${target.port}`] });
      try {
        let out = '';
        const code = await comm.start(
          `bash -c 'exec 3<>/dev/tcp/127.0.0.1/${remotePort}; cat <&3'`,
          { stdout: (c) => void (out += c), stderr: (c) => void (out += c) },
          never,
        );
        assert.deepEqual({ code, out }, { code: 0, out: 'pong-remote' });
      } finally {
        comm.close();
      }
    } finally {
      target.server.close();
    }
  });
});

describe('ssh_proxy_host through a real SOCKS5 proxy (ssh -D)', { skip }, () => {
  const s = server as Sshd;
  let proxy: ChildProcess;
  let proxyPort = 0;
  let proxyLog = '';

  before(async () => {
    proxyPort = await closedPort();
    proxy = spawn(
      'ssh',
      [
        '-v',
        '-N',
        '-D',
        `127.0.0.1:${proxyPort}`,
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-i',
        s.keyFile,
        '-p',
        String(s.port),
        `${s.user}@127.0.0.1`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    proxy.stderr?.on('data', (d: Buffer) => (proxyLog += d.toString('utf8')));
    await waitForPort(proxyPort, 10_000);
  });
  after(() => {
    proxy?.kill();
  });

  test('the connection to the machine goes through the proxy', async () => {
    const comm = await connectWith({ ssh_proxy_host: '127.0.0.1', ssh_proxy_port: proxyPort });
    try {
      let out = '';
      assert.equal(await comm.start('echo through-proxy', { stdout: (c) => void (out += c), stderr: () => undefined }, never), 0);
      assert.equal(out, 'through-proxy\n');
      // ssh -v logs each SOCKS request it serves.
      assert.match(proxyLog, new RegExp(`Connection to port ${proxyPort} forwarding to socks port 0 requested`));
    } finally {
      comm.close();
    }
  });

  test('a proxy that is not there: retried until ssh_timeout', async () => {
    const log: string[] = [];
    await assert.rejects(
      connectWith(
        { ssh_proxy_host: '127.0.0.1', ssh_proxy_port: await closedPort(), ssh_timeout: '500ms' },
        { timing: { retryIntervalMs: 100, handshakeRetryDelayMs: 100 }, log: (l) => void log.push(l) },
      ),
      { message: 'Timeout waiting for SSH.' },
    );
    assert.match(log[0] ?? '', /^TCP connection to SSH ip\/port failed: Can't connect to the proxy: connect ECONNREFUSED/);
  });
});
