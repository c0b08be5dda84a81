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
 * The `ssh_*` attributes as plain values (durations in milliseconds): the shape the schema decoder produces
 * for a builder's communicator attributes, so a decoded builder config can be passed as it is.
 */
export interface SshSettings {
  readonly ssh_host?: string;
  readonly ssh_port?: number;
  readonly ssh_username?: string;
  readonly ssh_password?: string;
  readonly ssh_private_key_file?: string;
  readonly ssh_agent_auth?: boolean;
  readonly ssh_disable_agent_forwarding?: boolean;
  readonly ssh_timeout?: number;
  readonly ssh_wait_timeout?: number;
  readonly ssh_handshake_attempts?: number;
  readonly ssh_pty?: boolean;
  readonly ssh_keep_alive_interval?: number;
  readonly ssh_file_transfer_method?: string;
  readonly ssh_ciphers?: readonly string[];
  readonly ssh_key_exchange_algorithms?: readonly string[];
  readonly ssh_bastion_host?: string;
  readonly ssh_bastion_port?: number;
  readonly ssh_bastion_username?: string;
  readonly ssh_bastion_password?: string;
  readonly ssh_bastion_private_key_file?: string;
  readonly ssh_bastion_agent_auth?: boolean;
  /** Set by builders that generate a key pair: the key bytes. */
  readonly ssh_private_key?: readonly number[];
  readonly ssh_public_key?: readonly number[];
}

/**
 * Builds the connection settings; `problems` holds the SDK's messages for what is wrong (the builder
 * reports them with its own). Relative key paths resolve against `cwd`.
 */
export function sshConfigFrom(s: SshSettings, cwd: string): { config: SshConfig; problems: string[] } {
  const problems: string[] = [];
  const username = s.ssh_username ?? '';
  if (username === '') problems.push('An ssh_username must be specified');

  const privateKeyFile = s.ssh_private_key_file ?? '';
  const generatedKey = s.ssh_private_key && s.ssh_private_key.length > 0 ? Buffer.from(s.ssh_private_key) : undefined;
  const privateKey = generatedKey ?? readKeyFile('ssh_private_key_file', privateKeyFile, cwd, problems);
  const publicKey = s.ssh_public_key && s.ssh_public_key.length > 0 ? Buffer.from(s.ssh_public_key) : undefined;

  const timeoutMs = s.ssh_timeout ?? s.ssh_wait_timeout ?? 0;
  const handshakeAttempts = s.ssh_handshake_attempts ?? 0;
  const keepAlive = s.ssh_keep_alive_interval ?? 0;

  const method = s.ssh_file_transfer_method || 'scp';
  if (method !== 'scp' && method !== 'sftp') {
    problems.push(`ssh_file_transfer_method ('${method}') is invalid, valid methods: sftp, scp`);
  }

  const config: SshConfig = {
    host: s.ssh_host ?? '',
    port: s.ssh_port || 22,
    username,
    password: s.ssh_password ?? '',
    privateKey,
    privateKeyFile,
    publicKey,
    agentAuth: s.ssh_agent_auth ?? false,
    disableAgentForwarding: s.ssh_disable_agent_forwarding ?? false,
    // The SDK fills each default on its own when the value is zero.
    timeoutMs: timeoutMs > 0 ? timeoutMs : 5 * 60_000,
    handshakeAttempts: handshakeAttempts > 0 ? handshakeAttempts : 10,
    pty: s.ssh_pty ?? false,
    keepAliveIntervalMs: keepAlive === 0 ? 5000 : Math.max(0, keepAlive),
    fileTransferMethod: method === 'sftp' ? 'sftp' : 'scp',
    ciphers: s.ssh_ciphers ?? [],
    keyExchangeAlgorithms: s.ssh_key_exchange_algorithms ?? [],
    bastion: bastionFrom(s, privateKeyFile, privateKey, cwd, problems),
  };
  return { config, problems };
}

/** Settings the SDK accepts but packer-studio cannot honour yet: refused rather than silently ignored. */
export function unsupportedSshSettings(values: Readonly<Record<string, unknown>>): string[] {
  return UNSUPPORTED.filter((key) => values[key] !== undefined && values[key] !== null).map(
    (key) => `${key} is not supported by packer-studio's SSH communicator yet`,
  );
}

/** From a raw config record through the engine's weakly-typed reader; problems go to `r.errors`. */
export function readSshConfig(r: ConfigReader, cwd: string): SshConfig {
  const durationIfSet = (key: string): number | undefined => (r.has(key) ? r.duration(key) : undefined);
  const { config, problems } = sshConfigFrom(
    {
      ssh_host: r.string('ssh_host'),
      ssh_port: r.number('ssh_port', 22),
      ssh_username: r.string('ssh_username'),
      ssh_password: r.string('ssh_password'),
      ssh_private_key_file: r.string('ssh_private_key_file'),
      ssh_agent_auth: r.bool('ssh_agent_auth'),
      ssh_disable_agent_forwarding: r.bool('ssh_disable_agent_forwarding'),
      ssh_timeout: durationIfSet('ssh_timeout'),
      ssh_wait_timeout: durationIfSet('ssh_wait_timeout'),
      ssh_handshake_attempts: r.number('ssh_handshake_attempts'),
      ssh_pty: r.bool('ssh_pty'),
      ssh_keep_alive_interval: durationIfSet('ssh_keep_alive_interval'),
      ssh_file_transfer_method: r.string('ssh_file_transfer_method', 'scp'),
      ssh_ciphers: r.stringList('ssh_ciphers'),
      ssh_key_exchange_algorithms: r.stringList('ssh_key_exchange_algorithms'),
      ssh_bastion_host: r.string('ssh_bastion_host'),
      ssh_bastion_port: r.number('ssh_bastion_port', 22),
      ssh_bastion_username: r.string('ssh_bastion_username'),
      ssh_bastion_password: r.string('ssh_bastion_password'),
      ssh_bastion_private_key_file: r.string('ssh_bastion_private_key_file'),
      ssh_bastion_agent_auth: r.bool('ssh_bastion_agent_auth'),
      ssh_private_key: r.has('ssh_private_key') ? r.numberList('ssh_private_key') : undefined,
      ssh_public_key: r.has('ssh_public_key') ? r.numberList('ssh_public_key') : undefined,
    },
    cwd,
  );
  const present = Object.fromEntries(UNSUPPORTED.filter((key) => r.has(key)).map((key) => [key, true]));
  r.errors.push(...problems, ...unsupportedSshSettings(present));
  return config;
}

function bastionFrom(
  s: SshSettings,
  privateKeyFile: string,
  privateKey: Buffer | undefined,
  cwd: string,
  problems: string[],
): SshBastionConfig | undefined {
  const host = s.ssh_bastion_host ?? '';
  if (host === '') return undefined;
  const ownKeyFile = s.ssh_bastion_private_key_file ?? '';
  const key = ownKeyFile !== '' ? readKeyFile('ssh_bastion_private_key_file', ownKeyFile, cwd, problems) : privateKey;
  const password = s.ssh_bastion_password ?? '';
  const agentAuth = s.ssh_bastion_agent_auth ?? false;
  if (!agentAuth && password === '' && ownKeyFile === '' && privateKeyFile === '') {
    problems.push('ssh_bastion_password, ssh_bastion_private_key_file or ssh_bastion_agent_auth must be specified');
  }
  return { host, port: s.ssh_bastion_port || 22, username: s.ssh_bastion_username ?? '', password, privateKey: key, agentAuth };
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
