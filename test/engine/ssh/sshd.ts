/** A real OpenSSH server for the SSH communicator tests (scripts/sshd-test-env.sh) and a key it accepts. */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { sshConfigFrom, type SshConfig } from '../../../server/src/engine/communicators/ssh/config.js';
import { decodeComponent } from '../../../server/src/engine/decode.js';
import type { ConfigRecord } from '../../../server/src/engine/plan.js';
import type { Ui } from '../../../server/src/engine/ui.js';
import { sshCommunicator } from '../../../server/src/packer/schema/communicators/ssh.js';

export interface Sshd {
  readonly port: number;
  readonly user: string;
  /** A key in the server's authorized_keys. */
  readonly keyFile: string;
  /** A valid key the server does not accept. */
  readonly strangerKeyFile: string;
}

const SSHD_DIR = join(tmpdir(), 'packer-studio-sshd');
let state: Sshd | string | undefined;

/** The running server, or the reason the tests are skipped. */
export function sshd(): Sshd | string {
  if (state !== undefined) return state;
  const r = spawnSync('sh', [join(__dirname, '../../../scripts/sshd-test-env.sh'), SSHD_DIR], { encoding: 'utf8' });
  if (r.status !== 0) return (state = `sshd cannot run here: ${(r.stderr || r.error?.message || '').trim()}`);
  const keys = mkdtempSync(join(tmpdir(), 'ssh-test-keys-'));
  const keyFile = newKey(keys, 'accepted');
  const strangerKeyFile = newKey(keys, 'stranger');
  appendFileSync(join(SSHD_DIR, 'authorized_keys'), readFileSync(`${keyFile}.pub`));
  return (state = { port: Number(r.stdout.trim()), user: userInfo().username, keyFile, strangerKeyFile });
}

export interface PasswordSshd {
  readonly port: number;
  /** The password of both test users, which exist only inside that server's mount namespace. */
  readonly password: string;
  /** Logins the server's log records as `Accepted <method> for <user>` (e.g. "password", "keyboard-interactive/pam"). */
  accepted(method: string, user: string): number;
}

const PASSWORD_SSHD_DIR = join(tmpdir(), 'packer-studio-sshd-passwords');
let passwordState: PasswordSshd | string | undefined;

/**
 * A second server that also offers password logins (`sshd-test-env.sh --passwords`): user packer-pw may use only
 * the "password" method, packer-kbd only "keyboard-interactive". Or the reason the tests are skipped.
 */
export function passwordSshd(): PasswordSshd | string {
  if (passwordState !== undefined) return passwordState;
  const r = spawnSync('sh', [join(__dirname, '../../../scripts/sshd-test-env.sh'), '--passwords', PASSWORD_SSHD_DIR], { encoding: 'utf8' });
  if (r.status !== 0) return (passwordState = `password logins cannot be offered here: ${(r.stderr || r.error?.message || '').trim()}`);
  const log = join(PASSWORD_SSHD_DIR, 'sshd.log');
  return (passwordState = {
    port: Number(r.stdout.trim()),
    password: readFileSync(join(PASSWORD_SSHD_DIR, 'password'), 'utf8'),
    accepted: (method, user) => readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith(`Accepted ${method} for ${user} `)).length,
  });
}

/**
 * A further key the server accepts, for a test that counts its own logins in the server log: other tests
 * (or other runs) logging in at the same time use other keys.
 */
export function ownKey(name: string): { readonly file: string; logins(): number } {
  const dir = mkdtempSync(join(tmpdir(), 'ssh-test-own-key-'));
  const file = newKey(dir, name);
  appendFileSync(join(SSHD_DIR, 'authorized_keys'), readFileSync(`${file}.pub`));
  const fingerprint = spawnSync('ssh-keygen', ['-l', '-f', file], { encoding: 'utf8' }).stdout.split(' ')[1] ?? '';
  const log = join(SSHD_DIR, 'sshd.log');
  const count = (): number => readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('Accepted publickey') && l.includes(fingerprint)).length;
  const before = count();
  return { file, logins: () => count() - before };
}

export type KeyType = 'ed25519' | 'rsa' | 'ecdsa';

function newKey(dir: string, name: string, type: KeyType = 'ed25519'): string {
  const file = join(dir, name);
  const r = spawnSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', name, '-f', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
  return file;
}

/** A fresh key in no authorized_keys file: only a certificate can let it in. */
export function keyOutsideAuthorizedKeys(name: string, type: KeyType = 'ed25519'): string {
  return newKey(mkdtempSync(join(tmpdir(), 'ssh-test-cert-key-')), name, type);
}

export interface CertificateOptions {
  /** `ssh-keygen -n`: the principals, comma-separated; by default the user the tests log in as; '' for none (any user). */
  readonly principals?: string;
  /** `ssh-keygen -V`: the validity interval; by default forever. */
  readonly validity?: string;
  /** `ssh-keygen -h`: a host certificate instead of a user certificate. */
  readonly host?: boolean;
}

export interface CertificateAuthority {
  /** The CA key's SHA-256 fingerprint as OpenSSH prints it (`SHA256:…`). */
  readonly fingerprint: string;
  /**
   * Signs `<keyFile>.pub` with the CA (`ssh-keygen -s`) into `<keyFile>-cert.pub` and returns that path; the
   * certificate's ID is `id`, so a test can find its own logins in the server log.
   */
  sign(keyFile: string, id: string, options?: CertificateOptions): string;
  /** Lines of the test server's log that mention the certificate ID `id` (`Accepted publickey … ID id …`). */
  logLines(id: string): string[];
}

/**
 * A certificate authority made with ssh-keygen; with `trusted`, the test server trusts it (its public key is
 * added to the server's TrustedUserCAKeys file), otherwise the server has never heard of it.
 */
export function certificateAuthority(trusted: boolean): CertificateAuthority {
  const dir = mkdtempSync(join(tmpdir(), 'ssh-test-ca-'));
  const caFile = newKey(dir, trusted ? 'trusted-ca' : 'unknown-ca');
  if (trusted) appendFileSync(join(SSHD_DIR, 'trusted_user_ca_keys'), readFileSync(`${caFile}.pub`));
  const fingerprint = spawnSync('ssh-keygen', ['-l', '-f', caFile], { encoding: 'utf8' }).stdout.split(' ')[1] ?? '';
  return {
    fingerprint,
    sign(keyFile, id, options = {}) {
      const principals = options.principals ?? userInfo().username;
      const args = ['-q', '-s', caFile, '-I', id, ...(principals === '' ? [] : ['-n', principals])];
      if (options.validity) args.push('-V', options.validity);
      if (options.host) args.push('-h');
      const r = spawnSync('ssh-keygen', [...args, `${keyFile}.pub`], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`ssh-keygen -s failed: ${r.stderr}`);
      return `${keyFile}-cert.pub`;
    },
    logLines: (id) => readFileSync(join(SSHD_DIR, 'sshd.log'), 'utf8').split('\n').filter((l) => l.includes(` ID ${id} `)),
  };
}

/** A local port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface CapturedUi extends Ui {
  readonly lines: string[];
}

export function captureUi(): CapturedUi {
  const lines: string[] = [];
  return {
    lines,
    say: (m) => void lines.push(`say: ${m}`),
    message: (m) => void lines.push(`message: ${m}`),
    error: (m) => void lines.push(`error: ${m}`),
    ask: () => Promise.reject(new Error('not interactive')),
    machine: () => undefined,
  };
}

/**
 * `ssh_*` attributes decoded the way builders decode them: through the communicator's schema, then the
 * SDK's prepare rules; throws `ConfigErrors` listing every problem.
 */
export function decodeSshConfig(values: ConfigRecord, cwd = process.cwd()): SshConfig {
  let prepared: SshConfig | undefined;
  decodeComponent(sshCommunicator, values, (c) => {
    const { config, problems } = sshConfigFrom(c, cwd);
    prepared = config;
    return problems;
  });
  if (!prepared) throw new Error('the ssh settings were not prepared');
  return prepared;
}
