/**
 * Waiting for SSH the way the plugin SDK's connect step does: a TCP probe, then the SSH handshake, retried
 * until `ssh_timeout`; authentication failures count against `ssh_handshake_attempts`, other failures
 * retry until the timeout.
 */
import { connect as netConnect, connect as tcpConnect, type Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { Client, type AnyAuthMethod, type AuthenticationType, type ConnectConfig, type NextAuthHandler } from 'ssh2';
import { abortError, sleep, StepError } from '../../runner.js';
import { CertificateSupportError, certificateKey, certificateOf, enableCertificates } from './cert-auth.js';
import { certificateRefusal, type SshCertificate } from './certificate.js';
import { SshCommunicator, type SshConnection } from './communicator.js';
import type { SshConfig } from './config.js';
import { socks5Connect } from './socks5.js';
import { openTunnels } from './tunnels.js';

export interface SshTiming {
  /** Pause between connection attempts (the SDK's 5 s). */
  readonly retryIntervalMs: number;
  /** Extra pause after a failed handshake (the SDK's 2 s). */
  readonly handshakeRetryDelayMs: number;
}

export const PACKER_TIMING: SshTiming = { retryIntervalMs: 5000, handshakeRetryDelayMs: 2000 };

export interface ConnectOptions {
  readonly config: SshConfig;
  /** Where to connect; builders pass `ssh_host` or the machine's address. */
  readonly host: string;
  readonly signal: AbortSignal;
  /** Progress lines (`log` level in Packer); optional. */
  readonly log?: (line: string) => void;
  readonly timing?: SshTiming;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The timeout surfaces as its own class so the connect step can print it the SDK's way. */
export class SshTimeoutError extends StepError {
  constructor() {
    super('Timeout waiting for SSH.');
  }
}

/** Resolves to a connected communicator; rejects with `SshTimeoutError`, an authentication error or on abort. */
export async function connectSsh(opts: ConnectOptions): Promise<SshCommunicator> {
  const { config, signal } = opts;
  const timing = opts.timing ?? PACKER_TIMING;
  const log = opts.log ?? (() => undefined);
  if (signal.aborted) throw abortError();
  if (config.agentAuth) await checkAgent(opts, 'Cannot connect to SSH Agent ');
  if (config.bastion?.agentAuth) await checkAgent(opts, 'Error configuring bastion: ');
  const deadline = new AbortController();
  const timer = config.timeoutMs > 0 ? setTimeout(() => deadline.abort(), config.timeoutMs) : undefined;
  const stop = AbortSignal.any([signal, deadline.signal]);
  let authFailures = 0;
  try {
    for (let first = true; ; first = false) {
      if (!first) await sleep(timing.retryIntervalMs, stop);
      let connection: Connection;
      try {
        connection = await dial(opts, stop);
      } catch (e) {
        if (stop.aborted) break;
        log(`TCP connection to SSH ip/port failed: ${(e as Error).message}`);
        continue;
      }
      try {
        const client = await handshake(opts, connection.sock, stop);
        return new SshCommunicator(await established(client, connection, config), {
          pty: config.pty,
          fileTransferMethod: config.fileTransferMethod,
          reconnect: (signal) => connectOnce({ ...opts, signal }),
        });
      } catch (e) {
        connection.close();
        if (stop.aborted) break;
        if (e instanceof CertificateSupportError) throw e;
        const failure = e as HandshakeError;
        log(`SSH handshake err: ${failure.message}`);
        let error: Error = failure;
        if (failure.message.includes('authenticate')) {
          authFailures++;
          error = new StepError(
            'Packer experienced an authentication error when trying to connect via SSH. This can happen if your ' +
              'username/password are wrong. You may want to double-check your credentials as part of your ' +
              `debugging process. original error: ${failure.message}`,
          );
        }
        if (config.handshakeAttempts > 0 && authFailures >= config.handshakeAttempts) throw error;
        await sleep(timing.handshakeRetryDelayMs, stop);
      }
    }
  } catch (e) {
    if (!stop.aborted) throw e;
  } finally {
    clearTimeout(timer);
  }
  if (signal.aborted) throw abortError();
  throw new SshTimeoutError();
}

/** A single dial and handshake, as the SDK's communicator reconnects: no retries, no waiting. */
async function connectOnce(opts: ConnectOptions): Promise<SshConnection> {
  const connection = await dial(opts, opts.signal);
  try {
    return await established(await handshake(opts, connection.sock, opts.signal), connection, opts.config);
  } catch (e) {
    connection.close();
    throw e;
  }
}

/** The connection with its tunnels open; a tunnel that cannot be opened fails the attempt, as in the SDK. */
async function established(client: Client, connection: Connection, config: SshConfig): Promise<SshConnection> {
  let closeTunnels: () => void;
  try {
    closeTunnels = await openTunnels(client, config.localTunnels, config.remoteTunnels);
  } catch (e) {
    client.end();
    throw new Error(`Error creating tunnel: ${(e as Error).message}`);
  }
  const stopWatching = config.readWriteTimeoutMs > 0 ? closeWhenIdle(connection, config.readWriteTimeoutMs) : () => undefined;
  return {
    client,
    close: () => {
      stopWatching();
      closeTunnels();
      client.end();
      connection.close();
    },
  };
}

/**
 * `ssh_read_write_timeout`: Go's connection fails a read that waits longer than the timeout; here the
 * connection is closed once nothing has arrived for that long, so running commands end as disconnected.
 */
function closeWhenIdle(connection: Connection, ms: number): () => void {
  let timer = setTimeout(() => connection.close(), ms);
  const reset = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => connection.close(), ms);
  };
  const stop = (): void => {
    clearTimeout(timer);
    connection.sock.off('data', reset);
  };
  connection.sock.on('data', reset);
  connection.sock.once('close', stop);
  return stop;
}

/** ssh2's own handshake timeout, for when ssh_timeout leaves the wait unbounded. */
const HANDSHAKE_TIMEOUT_MS = 20_000;

/**
 * The SDK cannot build its client config without a reachable agent and never connects; packer-studio says
 * so at once instead of retrying until the timeout. `prefix` is the SDK's wrapping of the error.
 */
async function checkAgent(opts: ConnectOptions, prefix: string): Promise<void> {
  const socket = opts.env?.SSH_AUTH_SOCK ?? process.env.SSH_AUTH_SOCK ?? '';
  if (socket === '') throw new StepError(`${prefix}SSH_AUTH_SOCK is not set`);
  await new Promise<void>((resolve, reject) => {
    const probe = netConnect(socket);
    probe.once('connect', () => {
      probe.destroy();
      resolve();
    });
    probe.once('error', (e: NodeJS.ErrnoException) => {
      reject(new StepError(`${prefix}Cannot connect to SSH Agent socket "${socket}": dial unix ${socket}: connect: ${goErrno(e)}`));
    });
  });
}

/** Go's wording for the usual socket errors. */
function goErrno(e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT') return 'no such file or directory';
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  if (e.code === 'EACCES') return 'permission denied';
  return e.message;
}

interface Connection {
  /** The byte stream the SSH session runs over: a TCP socket, a bastion's forwarded channel or a proxied socket. */
  readonly sock: Readable;
  close(): void;
}

type HandshakeError = Error & { level?: string };

/**
 * The SDK probes the port with a TCP connection before the SSH handshake; here the probe's connection (direct,
 * through a bastion, or through a SOCKS5 proxy) then carries the SSH session.
 */
async function dial(opts: ConnectOptions, signal: AbortSignal): Promise<Connection> {
  const { config, host } = opts;
  if (config.bastion) {
    const bastion = config.bastion;
    const client = await handshakeWith(
      { host: bastion.host, port: bastion.port },
      bastion.username,
      authMethods(bastion.username, bastion.password, bastion, bastion.agentAuth, opts.env),
      opts,
      signal,
    );
    try {
      const sock = await new Promise<Readable>((resolve, reject) =>
        client.forwardOut('127.0.0.1', 0, host, config.port, (err, channel) => (err ? reject(err) : resolve(channel))),
      );
      return { sock, close: () => client.end() };
    } catch (e) {
      client.end();
      throw e;
    }
  }
  if (config.proxy) {
    const sock = await socks5Connect(config.proxy, host, config.port, signal);
    return { sock, close: () => sock.destroy() };
  }
  const socket = await new Promise<Socket>((resolve, reject) => {
    const attempt = tcpConnect({ host, port: config.port });
    const onAbort = (): void => {
      attempt.destroy();
      reject(abortError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    attempt.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      attempt.removeAllListeners('error');
      resolve(attempt);
    });
    attempt.once('error', (e) => {
      signal.removeEventListener('abort', onAbort);
      reject(e);
    });
  });
  // As the SDK's dialer: TCP keep-alives every 5 s.
  socket.setKeepAlive(true, 5000);
  return { sock: socket, close: () => socket.destroy() };
}

function handshake(opts: ConnectOptions, sock: Readable | undefined, signal: AbortSignal): Promise<Client> {
  const { config } = opts;
  return handshakeWith(
    { host: opts.host, port: config.port, sock },
    config.username,
    authMethods(config.username, config.password, config, config.agentAuth, opts.env),
    opts,
    signal,
    !config.disableAgentForwarding,
  );
}

/** One SSH connection attempt; auth failures read like Go's (`ssh: unable to authenticate, …`). */
function handshakeWith(
  target: Pick<ConnectConfig, 'host' | 'port' | 'sock'>,
  username: string,
  methods: readonly AnyAuthMethod[],
  opts: ConnectOptions,
  signal: AbortSignal,
  forwardAgent = false,
): Promise<Client> {
  const { config } = opts;
  const agentSocket = opts.env?.SSH_AUTH_SOCK ?? process.env.SSH_AUTH_SOCK ?? '';
  const certificate = methods.map((m) => (m.type === 'publickey' ? certificateOf(m.key) : undefined)).find((c) => c !== undefined);
  return new Promise((resolve, reject) => {
    const client = new Client();
    // Like Go's client: "none" first, then each configured method the server still accepts.
    const attempted: string[] = [];
    let nextMethod = 0;
    const authHandler = (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, next: NextAuthHandler): void => {
      if (attempted.length === 0) {
        attempted.push('none');
        return next({ type: 'none', username });
      }
      for (;;) {
        const method = methods[nextMethod++];
        if (!method) return (next as unknown as (m: false) => void)(false);
        const wireName = method.type === 'agent' ? 'publickey' : method.type;
        if (methodsLeft && !methodsLeft.includes(wireName)) continue;
        attempted.push(wireName);
        return next(method);
      }
    };
    const onAbort = (): void => {
      client.destroy();
      reject(abortError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    client.once('ready', () => {
      settled = true;
      signal.removeEventListener('abort', onAbort);
      resolve(client);
    });
    // Errors after the handshake (a dead peer, failed keep-alives) reach running commands as a closed
    // channel; the listener stays so they never become uncaught exceptions.
    client.on('error', (e: HandshakeError) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      client.destroy();
      if (e.level === 'client-authentication') {
        const tried = [...new Set(attempted)].join(' ');
        // The server never says why it refused a key; for a certificate, the likeliest cause is worth naming.
        const why = certificate && attempted.includes('publickey') ? `; ${certificateRefusal(certificate, username, new Date())}` : '';
        reject(new Error(`ssh: handshake failed: ssh: unable to authenticate, attempted methods [${tried}], no supported methods remain${why}`));
      } else {
        reject(new Error(`ssh: handshake failed: ${e.message}`));
      }
    });
    const algorithms: ConnectConfig['algorithms'] = {
      ...(config.ciphers.length > 0 ? { cipher: [...config.ciphers] as never } : {}),
      ...(config.keyExchangeAlgorithms.length > 0 ? { kex: [...config.keyExchangeAlgorithms] as never } : {}),
    };
    try {
      client.connect({
        ...target,
        username,
        authHandler: authHandler as ConnectConfig['authHandler'],
        keepaliveInterval: config.keepAliveIntervalMs,
        // The SDK never gives up on unanswered keep-alives (a busy machine may answer late); only
        // ssh_read_write_timeout ends a silent connection.
        keepaliveCountMax: Number.MAX_SAFE_INTEGER,
        readyTimeout: config.timeoutMs > 0 ? config.timeoutMs : HANDSHAKE_TIMEOUT_MS,
        // The SDK forwards the local agent whenever there is one, unless ssh_disable_agent_forwarding.
        agentForward: forwardAgent && agentSocket !== '',
        agent: agentSocket !== '' ? agentSocket : undefined,
        algorithms,
      });
      if (certificate) enableCertificates(client);
    } catch (e) {
      settled = true;
      signal.removeEventListener('abort', onAbort);
      client.destroy();
      reject(e instanceof CertificateSupportError ? e : new Error(`ssh: ${(e as Error).message}`));
    }
  });
}

/**
 * The SDK's order: agent, then password (and keyboard-interactive answering with it), then the key — offered
 * as its certificate when there is one, as the SDK's certificate signer does.
 */
function authMethods(
  username: string,
  password: string,
  { privateKey, certificate }: { readonly privateKey?: Buffer; readonly certificate?: SshCertificate },
  agentAuth: boolean,
  env: Readonly<Record<string, string | undefined>> | undefined,
): AnyAuthMethod[] {
  const methods: AnyAuthMethod[] = [];
  const agent = env?.SSH_AUTH_SOCK ?? process.env.SSH_AUTH_SOCK;
  if (agentAuth && agent) methods.push({ type: 'agent', username, agent });
  if (password !== '') {
    methods.push({ type: 'password', username, password });
    methods.push({
      type: 'keyboard-interactive',
      username,
      prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)),
    });
  }
  if (privateKey) methods.push({ type: 'publickey', username, key: (certificate && certificateKey(privateKey, certificate)) ?? privateKey });
  return methods;
}
