/**
 * ssh_certificate_file and ssh_bastion_certificate_file: OpenSSH user certificates made with ssh-keygen, checked
 * when the config is prepared, then used to log in to a real sshd that trusts the CA (TrustedUserCAKeys) and
 * has none of the keys in its authorized_keys.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Client } from 'ssh2';
import { CertificateSupportError, enableCertificates } from '../../../server/src/engine/communicators/ssh/cert-auth.js';
import { certificateRefusal, parseCertificate, type SshCertificate } from '../../../server/src/engine/communicators/ssh/certificate.js';
import type { SshCommunicator } from '../../../server/src/engine/communicators/ssh/communicator.js';
import { connectSsh } from '../../../server/src/engine/communicators/ssh/connect.js';
import type { ConfigRecord } from '../../../server/src/engine/plan.js';
import { certificateAuthority, decodeSshConfig, keyOutsideAuthorizedKeys, ownKey, sshd, type KeyType, type Sshd } from './sshd.js';

const server = sshd();
const skip = typeof server === 'string' ? server : false;
const FAST = { retryIntervalMs: 100, handshakeRetryDelayMs: 100 };
const never = new AbortController().signal;
/** Certificate IDs unique to this run, so log lines of other runs never count. */
const id = (name: string): string => `${name}-${process.pid}-${Date.now()}`;

const PACKER_AUTH_ERROR =
  'Packer experienced an authentication error when trying to connect via SSH. This can happen if your ' +
  'username/password are wrong. You may want to double-check your credentials as part of your debugging ' +
  'process. original error: ssh: handshake failed: ssh: unable to authenticate, attempted methods [none publickey], ' +
  'no supported methods remain';

function configErrors(values: ConfigRecord): readonly string[] {
  try {
    decodeSshConfig(values);
    return [];
  } catch (e) {
    const errors = (e as { errors?: readonly string[] }).errors;
    assert.ok(errors, String(e));
    return errors;
  }
}

async function output(comm: SshCommunicator, command: string): Promise<string> {
  let out = '';
  const code = await comm.start(command, { stdout: (c) => void (out += c), stderr: (c) => void (out += c) }, never);
  assert.equal(code, 0, out);
  return out;
}

describe('ssh_certificate_file when the config is prepared', { skip }, () => {
  const s = server as Sshd;
  const ca = certificateAuthority(true);
  const base = (key: string, cert: string): ConfigRecord => ({ ssh_username: s.user, ssh_private_key_file: key, ssh_certificate_file: cert });

  test('a certificate for the key is read: type, ID, principals and CA', () => {
    const key = keyOutsideAuthorizedKeys('prepared');
    const cert = ca.sign(key, 'prepared-id', { principals: `${s.user},other` });
    const c = decodeSshConfig(base(key, cert));
    assert.equal(c.certificate?.type, 'ssh-ed25519-cert-v01@openssh.com');
    assert.equal(c.certificate?.keyId, 'prepared-id');
    assert.deepEqual(c.certificate?.principals, [s.user, 'other']);
    assert.equal(c.certificate?.ca, `ED25519 ${ca.fingerprint}`);
    assert.equal(c.certificate?.file, cert);
  });

  test('without ssh_private_key_file: the SDK\'s messages, for the machine and for the bastion', () => {
    assert.deepEqual(configErrors({ ssh_username: s.user, ssh_password: 'p', ssh_certificate_file: 'c.pub', ssh_bastion_host: 'jump', ssh_bastion_password: 'p', ssh_bastion_certificate_file: 'b.pub' }), [
      'ssh_private_key_file must be specified if ssh_certificate_file is specified',
      'ssh_bastion_private_key_file must be specified if ssh_bastion_certificate_file is specified',
    ]);
  });

  test('an expired certificate and one not valid yet are refused, naming the bound', () => {
    const key = keyOutsideAuthorizedKeys('expired');
    const expired = ca.sign(key, 'expired', { validity: '20200101000000Z:20200102000000Z' });
    assert.deepEqual(configErrors(base(key, expired)), [
      `ssh_private_key_file is invalid: ${expired} not a valid cert: ssh: cert has expired (valid until 2020-01-02T00:00:00Z)`,
    ]);
    const early = keyOutsideAuthorizedKeys('early');
    const future = ca.sign(early, 'future', { validity: '20990101000000Z:20990102000000Z' });
    assert.deepEqual(configErrors(base(early, future)), [
      `ssh_private_key_file is invalid: ${future} not a valid cert: ssh: cert is not yet valid (valid from 2099-01-01T00:00:00Z)`,
    ]);
  });

  test('a certificate of another key is refused with the SDK\'s reason', () => {
    const key = keyOutsideAuthorizedKeys('certified');
    const cert = ca.sign(key, 'certified');
    const other = keyOutsideAuthorizedKeys('other');
    assert.deepEqual(configErrors(base(other, cert)), [
      `ssh_private_key_file is invalid: failed to create cert signer: ssh: signer and cert have different public key (${cert} certifies another key)`,
    ]);
  });

  test('files that are no user certificate: missing, a plain public key, garbage, a host certificate', () => {
    const key = keyOutsideAuthorizedKeys('not-a-cert');
    const dir = mkdtempSync(join(tmpdir(), 'ssh-cert-cfg-'));
    const missing = join(dir, 'missing-cert.pub');
    assert.deepEqual(configErrors(base(key, missing)), [
      `ssh_private_key_file is invalid: unable to read certificate file: open ${missing}: no such file or directory`,
    ]);
    assert.deepEqual(configErrors(base(key, `${key}.pub`)), [
      `ssh_private_key_file is invalid: Error loading certificate: ${key}.pub holds a ssh-ed25519 public key, not a certificate`,
    ]);
    writeFileSync(join(dir, 'garbage'), 'not a certificate\n');
    assert.deepEqual(configErrors(base(key, join(dir, 'garbage'))), ['ssh_private_key_file is invalid: unable to parse public key: ssh: no key found']);
    const hostCert = ca.sign(key, 'host', { host: true });
    assert.deepEqual(configErrors(base(key, hostCert)), [
      `ssh_private_key_file is invalid: ${hostCert} is a host certificate; logging in needs a user certificate`,
    ]);
  });

  test('a refused certificate is explained by what can be seen from this side: expiry, principals, else the CA', () => {
    const key = keyOutsideAuthorizedKeys('refusal');
    const read = (file: string): SshCertificate => {
      const cert = parseCertificate(readFileSync(file, 'utf8'), file);
      if (typeof cert === 'string') assert.fail(cert);
      return cert;
    };
    const lasting = read(ca.sign(key, 'until-2030', { validity: '20200101000000Z:20300101000000Z', principals: 'a,b' }));
    const prefix = `the server refused the user certificate ${lasting.file} (ID "until-2030", signed by CA ED25519 ${ca.fingerprint})`;
    // A certificate that was valid when the build was prepared may run out before the machine answers.
    assert.equal(certificateRefusal(lasting, 'a', new Date('2031-01-01T00:00:00Z')), `${prefix}: ssh: cert has expired (valid until 2030-01-01T00:00:00Z)`);
    assert.equal(certificateRefusal(lasting, 'c', new Date('2025-01-01T00:00:00Z')), `${prefix}: its principals (a, b) do not include the user "c"`);
    assert.match(certificateRefusal(lasting, 'b', new Date('2025-01-01T00:00:00Z')), /: the server may not trust that CA \(sshd's TrustedUserCAKeys\)/);
    // Without principals (no ssh-keygen -n) a certificate names no user, so none can be blamed.
    const any = read(ca.sign(key, 'any-user', { principals: '' }));
    assert.deepEqual(any.principals, []);
    assert.match(certificateRefusal(any, 'whoever', new Date()), /may not trust that CA/);
  });

  test('a relative certificate path resolves like the key file; the bastion inherits both or checks its own', () => {
    const key = keyOutsideAuthorizedKeys('relative');
    const cert = ca.sign(key, 'relative');
    const dir = mkdtempSync(join(tmpdir(), 'ssh-cert-rel-'));
    copyFileSync(key, join(dir, 'id'));
    copyFileSync(cert, join(dir, 'id-cert.pub'));
    const c = decodeSshConfig({ ssh_username: s.user, ssh_private_key_file: 'id', ssh_certificate_file: 'id-cert.pub', ssh_bastion_host: 'jump' }, dir);
    assert.equal(c.certificate?.keyId, 'relative');
    assert.equal(c.bastion?.certificate, c.certificate);
    const other = keyOutsideAuthorizedKeys('bastion-other');
    assert.deepEqual(
      configErrors({ ssh_username: s.user, ssh_password: 'p', ssh_bastion_host: 'jump', ssh_bastion_private_key_file: other, ssh_bastion_certificate_file: cert }),
      [`ssh_bastion_private_key_file is invalid: failed to create cert signer: ssh: signer and cert have different public key (${cert} certifies another key)`],
    );
  });
});

describe('logging in with a user certificate (real sshd)', { skip }, () => {
  const s = server as Sshd;
  const ca = certificateAuthority(true);
  const connect = (values: ConfigRecord): Promise<SshCommunicator> =>
    connectSsh({ config: decodeSshConfig({ ssh_username: s.user, ssh_port: s.port, ssh_timeout: '20s', ...values }), host: '127.0.0.1', signal: never, timing: FAST });

  const types: readonly [KeyType, string][] = [
    ['ed25519', 'ED25519-CERT'],
    ['ecdsa', 'ECDSA-CERT'],
    // OpenSSH refuses SHA-1 RSA signatures by default: this login only works with rsa-sha2-*-cert-v01.
    ['rsa', 'RSA-CERT'],
  ];
  for (const [type, logged] of types) {
    test(`an ${type} key unknown to authorized_keys logs in with its certificate and runs a command`, async () => {
      const key = keyOutsideAuthorizedKeys(`login-${type}`, type);
      const certId = id(`login-${type}`);
      const comm = await connect({ ssh_private_key_file: key, ssh_certificate_file: ca.sign(key, certId), ssh_handshake_attempts: 1 });
      try {
        assert.equal(await output(comm, 'echo "logged in as $(id -un)"'), `logged in as ${s.user}\n`);
      } finally {
        comm.close();
      }
      const accepted = ca.logLines(certId).filter((l) => l.startsWith(`Accepted publickey for ${s.user} `));
      assert.equal(accepted.length, 1, ca.logLines(certId).join('\n'));
      assert.match(accepted[0] ?? '', new RegExp(`: ${logged} SHA256:\\S+ ID ${certId} \\(serial 0\\) CA ED25519 ${ca.fingerprint.replace(/[+/]/g, '\\$&')}`));
    });
  }

  test('without the certificate the same key is refused: the certificate is what lets it in', async () => {
    const key = keyOutsideAuthorizedKeys('no-cert');
    ca.sign(key, id('unused'));
    await assert.rejects(connect({ ssh_private_key_file: key, ssh_handshake_attempts: 1 }), { message: PACKER_AUTH_ERROR });
  });

  test('a certificate from a CA the server does not trust: the authentication error names the certificate and its CA, at once', async () => {
    const unknown = certificateAuthority(false);
    const key = keyOutsideAuthorizedKeys('unknown-ca');
    const certId = id('unknown-ca');
    const cert = unknown.sign(key, certId);
    const started = Date.now();
    await assert.rejects(connect({ ssh_private_key_file: key, ssh_certificate_file: cert, ssh_handshake_attempts: 1 }), {
      message:
        `${PACKER_AUTH_ERROR}; the server refused the user certificate ${cert} (ID "${certId}", signed by CA ED25519 ${unknown.fingerprint}): ` +
        "the server may not trust that CA (sshd's TrustedUserCAKeys); its log says why it refused",
    });
    assert.ok(Date.now() - started < 5000);
  });

  test('a certificate for other principals: the error says the user is not among them', async () => {
    const key = keyOutsideAuthorizedKeys('principal');
    const certId = id('principal');
    const cert = ca.sign(key, certId, { principals: 'someone-else,nobody-here' });
    await assert.rejects(connect({ ssh_private_key_file: key, ssh_certificate_file: cert, ssh_handshake_attempts: 1 }), {
      message:
        `${PACKER_AUTH_ERROR}; the server refused the user certificate ${cert} (ID "${certId}", signed by CA ED25519 ${ca.fingerprint}): ` +
        `its principals (someone-else, nobody-here) do not include the user "${s.user}"`,
    });
  });

  test('ssh_bastion_certificate_file: the bastion login uses its certificate, the machine its own key', async () => {
    const bastionKey = keyOutsideAuthorizedKeys('bastion', 'rsa');
    const certId = id('bastion');
    const machineKey = ownKey('behind-bastion');
    const comm = await connect({
      ssh_private_key_file: machineKey.file,
      ssh_bastion_host: '127.0.0.1',
      ssh_bastion_port: s.port,
      ssh_bastion_username: s.user,
      ssh_bastion_private_key_file: bastionKey,
      ssh_bastion_certificate_file: ca.sign(bastionKey, certId),
    });
    try {
      assert.match(await output(comm, 'echo $SSH_CLIENT'), /^127\.0\.0\.1 \d+ \d+/);
    } finally {
      comm.close();
    }
    assert.equal(ca.logLines(certId).filter((l) => l.startsWith('Accepted publickey')).length, 1);
    assert.equal(machineKey.logins(), 1);
  });
});

describe('the ssh2 internals certificate logins rely on', () => {
  test('a client without them (here: one not connected, so it has no protocol object) is refused with a step error, not a crash', () => {
    assert.throws(() => enableCertificates(new Client()), (e: Error) => {
      assert.ok(e instanceof CertificateSupportError);
      assert.match(e.message, /^ssh_certificate_file cannot be used: the installed ssh2 library lacks the internals/);
      return true;
    });
  });
});
