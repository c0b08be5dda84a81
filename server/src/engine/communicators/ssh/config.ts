/**
 * The `ssh_*` settings of a build source, decoded and checked the way the plugin SDK's communicator config
 * prepares them (defaults, `~` expansion, key files that must exist and parse).
 */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { utils } from 'ssh2';
import type { SshCommunicatorConfig } from '../../../packer/schema/communicators/ssh.js';
import { certificateValidity, parseCertificate, type SshCertificate } from './certificate.js';
import type { Socks5Proxy } from './socks5.js';
import { parseTunnel, type TunnelSpec } from './tunnels.js';

export type FileTransferMethod = 'scp' | 'sftp';

export interface SshBastionConfig {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly privateKey?: Buffer;
  /** Offered with `privateKey` instead of its plain public key. */
  readonly certificate?: SshCertificate;
  readonly agentAuth: boolean;
}

export interface SshConfig {
  /** Empty when the builder decides (`ssh_host` unset). */
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** Key bytes: the builder's generated key (`ssh_private_key`) or the content of `ssh_private_key_file`. */
  readonly privateKey?: Buffer;
  /** Only a builder's generated key: what the SDK exposes as `build.SSHPrivateKey`. */
  readonly generatedPrivateKey?: Buffer;
  /** As written by the user (for `build.SSHPrivateKeyFile`). */
  readonly privateKeyFile: string;
  readonly publicKey?: Buffer;
  /** `ssh_certificate_file`: offered with `privateKey` instead of its plain public key. */
  readonly certificate?: SshCertificate;
  readonly agentAuth: boolean;
  readonly disableAgentForwarding: boolean;
  /** Milliseconds; 0 = wait for ever (the SDK's behaviour when only ssh_handshake_attempts is set). */
  readonly timeoutMs: number;
  /** Authentication failures tolerated before giving up; 0 = no limit (only the timeout ends the wait). */
  readonly handshakeAttempts: number;
  readonly pty: boolean;
  /** Milliseconds; 0 = no keep-alives. */
  readonly keepAliveIntervalMs: number;
  /** `ssh_read_write_timeout`: the connection is given up after this long without traffic; 0 = never. */
  readonly readWriteTimeoutMs: number;
  readonly fileTransferMethod: FileTransferMethod;
  readonly ciphers: readonly string[];
  readonly keyExchangeAlgorithms: readonly string[];
  readonly bastion?: SshBastionConfig;
  /** `ssh_proxy_host` and its settings: connect through this SOCKS5 proxy. */
  readonly proxy?: Socks5Proxy;
  readonly localTunnels: readonly TunnelSpec[];
  readonly remoteTunnels: readonly TunnelSpec[];
}

/** Settings the SDK accepts but packer-studio cannot honour yet: refused rather than silently ignored. */
const UNSUPPORTED = ['ssh_bastion_interactive'] as const;

/**
 * The `ssh_*` attributes as the schema decoder produces them (durations in milliseconds), so a decoded
 * builder config can be passed as it is; every attribute optional so callers may give just a few.
 */
export type SshSettings = Partial<SshCommunicatorConfig>;

/**
 * Builds the connection settings the way the SDK's `Config.Prepare` does; `problems` holds its messages for
 * what is wrong (the builder reports them with its own). Relative key paths resolve against `cwd`.
 */
export function sshConfigFrom(s: SshSettings, cwd: string): { config: SshConfig; problems: string[] } {
  const problems: string[] = [];
  const privateKeyFile = s.ssh_private_key_file ?? '';
  const certificateFile = s.ssh_certificate_file ?? '';
  if (privateKeyFile === '' && certificateFile !== '') problems.push('ssh_private_key_file must be specified if ssh_certificate_file is specified');
  if ((s.ssh_bastion_private_key_file ?? '') === '' && (s.ssh_bastion_certificate_file ?? '') !== '') {
    problems.push('ssh_bastion_private_key_file must be specified if ssh_bastion_certificate_file is specified');
  }
  const username = s.ssh_username ?? '';
  if (username === '') problems.push('An ssh_username must be specified');

  const generatedKey = s.ssh_private_key && s.ssh_private_key.length > 0 ? Buffer.from(s.ssh_private_key) : undefined;
  const keyFromFile = readKeyFile('ssh_private_key_file', privateKeyFile, cwd, problems);
  const certificate = keyFromFile && readCertificate('ssh_private_key_file', certificateFile, keyFromFile, cwd, problems);
  const privateKey = generatedKey ?? keyFromFile;
  const publicKey = s.ssh_public_key && s.ssh_public_key.length > 0 ? Buffer.from(s.ssh_public_key) : undefined;

  // The SDK fills both defaults only when neither is set; then the deprecated ssh_wait_timeout wins.
  let timeoutMs = s.ssh_timeout ?? 0;
  let handshakeAttempts = s.ssh_handshake_attempts ?? 0;
  if (timeoutMs === 0 && handshakeAttempts === 0) {
    timeoutMs = DEFAULT_TIMEOUT_MS;
    handshakeAttempts = DEFAULT_HANDSHAKE_ATTEMPTS;
  }
  if (s.ssh_wait_timeout) timeoutMs = s.ssh_wait_timeout;
  const keepAlive = s.ssh_keep_alive_interval ?? 0;

  const bastion = bastionFrom(s, privateKeyFile, { key: privateKey, certificate }, cwd, problems);
  const method = s.ssh_file_transfer_method || 'scp';
  if (method !== 'scp' && method !== 'sftp') {
    problems.push(`ssh_file_transfer_method ('${method}') is invalid, valid methods: sftp, scp`);
  }
  if (s.ssh_bastion_host && s.ssh_proxy_host) problems.push('please specify either ssh_bastion_host or ssh_proxy_host, not both');
  const config: SshConfig = {
    host: s.ssh_host ?? '',
    port: s.ssh_port || 22,
    username,
    password: s.ssh_password ?? '',
    privateKey,
    generatedPrivateKey: generatedKey,
    privateKeyFile,
    publicKey,
    certificate: generatedKey ? undefined : certificate,
    agentAuth: s.ssh_agent_auth ?? false,
    disableAgentForwarding: s.ssh_disable_agent_forwarding ?? false,
    timeoutMs: Math.max(0, timeoutMs),
    handshakeAttempts: Math.max(0, handshakeAttempts),
    pty: s.ssh_pty ?? false,
    keepAliveIntervalMs: keepAlive === 0 ? 5000 : Math.max(0, keepAlive),
    readWriteTimeoutMs: Math.max(0, s.ssh_read_write_timeout ?? 0),
    fileTransferMethod: method === 'sftp' ? 'sftp' : 'scp',
    ciphers: s.ssh_ciphers ?? [],
    keyExchangeAlgorithms: s.ssh_key_exchange_algorithms ?? [],
    bastion,
    proxy: s.ssh_proxy_host
      ? { host: s.ssh_proxy_host, port: s.ssh_proxy_port || 1080, username: s.ssh_proxy_username ?? '', password: s.ssh_proxy_password ?? '' }
      : undefined,
    localTunnels: tunnels('ssh_local_tunnels', s.ssh_local_tunnels ?? [], problems),
    remoteTunnels: tunnels('ssh_remote_tunnels', s.ssh_remote_tunnels ?? [], problems),
  };
  problems.push(...unsupportedSshSettings(s));
  return { config, problems };
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_HANDSHAKE_ATTEMPTS = 10;

/**
 * Settings the SDK accepts but packer-studio cannot honour yet: refused rather than silently ignored. A zero
 * value (the schema's default) counts as unset, as it does for the SDK.
 */
export function unsupportedSshSettings(s: SshSettings): string[] {
  const isSet = (v: unknown): boolean =>
    v !== undefined && v !== null && v !== false && v !== 0 && v !== '' && !(Array.isArray(v) && v.length === 0);
  return UNSUPPORTED.filter((key) => isSet(s[key])).map((key) => `${key} is not supported by packer-studio's SSH communicator yet`);
}

function tunnels(key: string, args: readonly string[], problems: string[]): TunnelSpec[] {
  const specs: TunnelSpec[] = [];
  for (const arg of args) {
    const spec = parseTunnel(arg);
    if (typeof spec === 'string') problems.push(`${key} ('${arg}') is invalid: ${spec}`);
    else specs.push(spec);
  }
  return specs;
}

function bastionFrom(
  s: SshSettings,
  privateKeyFile: string,
  inherited: { key?: Buffer; certificate?: SshCertificate },
  cwd: string,
  problems: string[],
): SshBastionConfig | undefined {
  const host = s.ssh_bastion_host ?? '';
  if (host === '') return undefined;
  const ownKeyFile = s.ssh_bastion_private_key_file ?? '';
  // As in the SDK, a bastion without a key of its own uses ssh_private_key_file with its certificate.
  let key = inherited.key;
  let certificate = inherited.certificate;
  if (ownKeyFile !== '') {
    key = readKeyFile('ssh_bastion_private_key_file', ownKeyFile, cwd, problems);
    certificate = key && readCertificate('ssh_bastion_private_key_file', s.ssh_bastion_certificate_file ?? '', key, cwd, problems);
  }
  const password = s.ssh_bastion_password ?? '';
  const agentAuth = s.ssh_bastion_agent_auth ?? false;
  if (!agentAuth && password === '' && ownKeyFile === '' && privateKeyFile === '') {
    problems.push('ssh_bastion_password, ssh_bastion_private_key_file or ssh_bastion_agent_auth must be specified');
  }
  return { host, port: s.ssh_bastion_port || 22, username: s.ssh_bastion_username ?? '', password, privateKey: key, certificate, agentAuth };
}

function readKeyFile(key: string, file: string, cwd: string, errors: string[]): Buffer | undefined {
  if (file === '') return undefined;
  const path = expandUser(file, cwd);
  try {
    statSync(path);
  } catch {
    errors.push(`${key} is invalid: stat ${file}: no such file or directory`);
    return undefined;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    errors.push(`${key} is invalid: Failed to read key '${file}': ${(e as Error).message}`);
    return undefined;
  }
  const parsed = utils.parseKey(bytes);
  if (parsed instanceof Error) {
    errors.push(`${key} is invalid: Failed to read key '${file}': ${parsed.message}`);
    return undefined;
  }
  return bytes;
}

/**
 * The certificate to offer with `key`, checked as the SDK's FileSignerWithCert does: readable, a certificate,
 * valid now, and certifying that very key. Problems are reported under `key`'s setting, as the SDK does.
 */
function readCertificate(setting: string, file: string, key: Buffer, cwd: string, errors: string[]): SshCertificate | undefined {
  if (file === '') return undefined;
  // The SDK prints the path with `~` expanded and otherwise as written.
  const shown = expandTilde(file);
  let text: string;
  try {
    text = readFileSync(expandUser(file, cwd), 'utf8');
  } catch (e) {
    errors.push(`${setting} is invalid: unable to read certificate file: open ${shown}: ${goErrno(e as NodeJS.ErrnoException)}`);
    return undefined;
  }
  const cert = parseCertificate(text, shown);
  if (typeof cert === 'string') {
    errors.push(`${setting} is invalid: ${cert}`);
    return undefined;
  }
  const invalid = certificateValidity(cert, new Date());
  if (invalid) {
    errors.push(`${setting} is invalid: ${shown} not a valid cert: ${invalid}`);
    return undefined;
  }
  if (cert.kind !== 'user') {
    errors.push(`${setting} is invalid: ${shown} is a host certificate; logging in needs a user certificate`);
    return undefined;
  }
  const parsed = utils.parseKey(key);
  if (!(parsed instanceof Error) && !parsed.getPublicSSH().equals(cert.publicKey)) {
    errors.push(`${setting} is invalid: failed to create cert signer: ssh: signer and cert have different public key (${shown} certifies another key)`);
    return undefined;
  }
  return cert;
}

function goErrno(e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT') return 'no such file or directory';
  if (e.code === 'EACCES') return 'permission denied';
  if (e.code === 'EISDIR') return 'is a directory';
  return e.message;
}

function expandTilde(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

function expandUser(path: string, cwd: string): string {
  const expanded = expandTilde(path);
  return isAbsolute(expanded) ? expanded : resolve(cwd, expanded);
}
