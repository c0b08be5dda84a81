/**
 * The `ssh_*` settings of a build source, decoded and checked the way the plugin SDK's communicator config
 * prepares them (defaults, `~` expansion, key files that must exist and parse).
 */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { utils } from 'ssh2';
import type { ConfigReader } from '../../config.js';

export type FileTransferMethod = 'scp' | 'sftp';

export interface SshBastionConfig {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly privateKey?: Buffer;
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
  /** As written by the user (for `build.SSHPrivateKeyFile`). */
  readonly privateKeyFile: string;
  readonly publicKey?: Buffer;
  readonly agentAuth: boolean;
  readonly disableAgentForwarding: boolean;
  /** Milliseconds. */
  readonly timeoutMs: number;
  /** Authentication failures tolerated before giving up. */
  readonly handshakeAttempts: number;
  readonly pty: boolean;
  /** Milliseconds; 0 = no keep-alives. */
  readonly keepAliveIntervalMs: number;
  readonly fileTransferMethod: FileTransferMethod;
  readonly ciphers: readonly string[];
  readonly keyExchangeAlgorithms: readonly string[];
  readonly bastion?: SshBastionConfig;
}

/** Settings the SDK accepts but packer-studio cannot honour yet: refused rather than silently ignored. */
const UNSUPPORTED = [
  'ssh_certificate_file',
  'ssh_bastion_certificate_file',
  'ssh_bastion_interactive',
  'ssh_proxy_host',
  'ssh_local_tunnels',
  'ssh_remote_tunnels',
  'ssh_read_write_timeout',
] as const;

/**
 * Reads the `ssh_*` attributes; problems go to `r.errors` with the SDK's messages, so the builder reports
 * them together with its own through `r.done()`. Relative key paths resolve against `cwd`.
 */
export function readSshConfig(r: ConfigReader, cwd: string): SshConfig {
  const errors = r.errors;
  const username = r.string('ssh_username');
  if (username === '') errors.push('An ssh_username must be specified');

  const privateKeyFile = r.string('ssh_private_key_file');
  const generatedKey = r.has('ssh_private_key') ? Buffer.from(r.numberList('ssh_private_key')) : undefined;
  const privateKey = generatedKey ?? readKeyFile('ssh_private_key_file', privateKeyFile, cwd, errors);
  const publicKey = r.has('ssh_public_key') ? Buffer.from(r.numberList('ssh_public_key')) : undefined;

  const timeoutMs = r.has('ssh_timeout') ? r.duration('ssh_timeout') : r.duration('ssh_wait_timeout');
  const handshakeAttempts = r.number('ssh_handshake_attempts');
  const keepAlive = r.duration('ssh_keep_alive_interval');

  const method = r.string('ssh_file_transfer_method', 'scp');
  if (method !== 'scp' && method !== 'sftp') {
    errors.push(`ssh_file_transfer_method ('${method}') is invalid, valid methods: sftp, scp`);
  }

  for (const key of UNSUPPORTED) {
    if (r.has(key)) errors.push(`${key} is not supported by packer-studio's SSH communicator yet`);
  }

  return {
    host: r.string('ssh_host'),
    port: r.number('ssh_port', 22) || 22,
    username,
    password: r.string('ssh_password'),
    privateKey,
    privateKeyFile,
    publicKey,
    agentAuth: r.bool('ssh_agent_auth'),
    disableAgentForwarding: r.bool('ssh_disable_agent_forwarding'),
    // The SDK fills each default on its own when the value is zero.
    timeoutMs: timeoutMs > 0 ? timeoutMs : 5 * 60_000,
    handshakeAttempts: handshakeAttempts > 0 ? handshakeAttempts : 10,
    pty: r.bool('ssh_pty'),
    keepAliveIntervalMs: keepAlive === 0 ? 5000 : Math.max(0, keepAlive),
    fileTransferMethod: method === 'sftp' ? 'sftp' : 'scp',
    ciphers: r.stringList('ssh_ciphers'),
    keyExchangeAlgorithms: r.stringList('ssh_key_exchange_algorithms'),
    bastion: readBastion(r, privateKeyFile, privateKey, cwd, errors),
  };
}

function readBastion(
  r: ConfigReader,
  privateKeyFile: string,
  privateKey: Buffer | undefined,
  cwd: string,
  errors: string[],
): SshBastionConfig | undefined {
  const host = r.string('ssh_bastion_host');
  if (host === '') return undefined;
  const ownKeyFile = r.string('ssh_bastion_private_key_file');
  const key = ownKeyFile !== '' ? readKeyFile('ssh_bastion_private_key_file', ownKeyFile, cwd, errors) : privateKey;
  const password = r.string('ssh_bastion_password');
  const agentAuth = r.bool('ssh_bastion_agent_auth');
  if (!agentAuth && password === '' && ownKeyFile === '' && privateKeyFile === '') {
    errors.push('ssh_bastion_password, ssh_bastion_private_key_file or ssh_bastion_agent_auth must be specified');
  }
  return {
    host,
    port: r.number('ssh_bastion_port', 22) || 22,
    username: r.string('ssh_bastion_username'),
    password,
    privateKey: key,
    agentAuth,
  };
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

function expandUser(path: string, cwd: string): string {
  const expanded = path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
  return isAbsolute(expanded) ? expanded : resolve(cwd, expanded);
}
