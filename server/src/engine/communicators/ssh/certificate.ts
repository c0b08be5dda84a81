/**
 * OpenSSH certificates (`ssh_certificate_file`, the `*-cert.pub` that `ssh-keygen -s` writes), read the way
 * the SDK reads them when a build is prepared: the file must hold a certificate, be valid now and certify
 * the private key it goes with. The format is OpenSSH's PROTOCOL.certkeys. No ssh2 here: the config check
 * that uses this module must stay cheap to load.
 */
import { createHash } from 'node:crypto';

export interface SshCertificate {
  /** The path as written in the template, for messages. */
  readonly file: string;
  /** The certificate's key type, e.g. `ssh-ed25519-cert-v01@openssh.com`. */
  readonly type: string;
  /** The certified key's own type, e.g. `ssh-ed25519`. */
  readonly keyType: string;
  /** The certificate as it goes on the wire in place of a public key. */
  readonly blob: Buffer;
  /** The certified public key in SSH wire format (what ssh2's `getPublicSSH()` gives for the private key). */
  readonly publicKey: Buffer;
  readonly kind: 'user' | 'host';
  readonly keyId: string;
  readonly serial: bigint;
  /** Users (or hosts) the certificate is valid for; empty means any. */
  readonly principals: readonly string[];
  /** Seconds since the epoch; `validBefore` is FOREVER for a certificate without an end. */
  readonly validAfter: bigint;
  readonly validBefore: bigint;
  /** The signing CA as OpenSSH logs it: `ED25519 SHA256:…`. */
  readonly ca: string;
}

const FOREVER = 2n ** 64n - 1n;

/** How many length-prefixed fields the certified key has, after the nonce, per certificate type. */
const KEY_FIELDS: Readonly<Record<string, { keyType: string; fields: number }>> = {
  'ssh-ed25519-cert-v01@openssh.com': { keyType: 'ssh-ed25519', fields: 1 },
  'ssh-rsa-cert-v01@openssh.com': { keyType: 'ssh-rsa', fields: 2 },
  'ecdsa-sha2-nistp256-cert-v01@openssh.com': { keyType: 'ecdsa-sha2-nistp256', fields: 2 },
  'ecdsa-sha2-nistp384-cert-v01@openssh.com': { keyType: 'ecdsa-sha2-nistp384', fields: 2 },
  'ecdsa-sha2-nistp521-cert-v01@openssh.com': { keyType: 'ecdsa-sha2-nistp521', fields: 2 },
};

/** Plain public key types: a `.pub` of one of these is a key, not a certificate. */
const PLAIN_KEY_TYPES = new Set([
  'ssh-ed25519',
  'ssh-rsa',
  'ssh-dss',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
]);

/**
 * Parses the text of a certificate file (one `type base64 [comment]` line, as authorized_keys lines are);
 * a string is the reason it is not a usable certificate, worded like the SDK's errors where it has one.
 */
export function parseCertificate(text: string, file: string): SshCertificate | string {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#'));
  const [type = '', base64 = ''] = line?.split(/\s+/) ?? [];
  if (PLAIN_KEY_TYPES.has(type)) return `Error loading certificate: ${file} holds a ${type} public key, not a certificate`;
  if (!type.endsWith('-cert-v01@openssh.com') || !/^[A-Za-z0-9+/]+=*$/.test(base64)) {
    return 'unable to parse public key: ssh: no key found';
  }
  const format = KEY_FIELDS[type];
  if (!format) return `Error loading certificate: ${file}: ${type} certificates are not supported (only ed25519, ecdsa and rsa ones)`;
  const blob = Buffer.from(base64, 'base64');
  try {
    const r = new WireReader(blob);
    if (r.string().toString('latin1') !== type) return `unable to parse public key: ssh: the certificate's type does not match ${type}`;
    r.string();
    const keyStart = r.offset;
    for (let i = 0; i < format.fields; i++) r.string();
    const publicKey = Buffer.concat([wireString(Buffer.from(format.keyType)), blob.subarray(keyStart, r.offset)]);
    const serial = r.uint64();
    const kind = r.uint32();
    const keyId = r.string().toString('utf8');
    const principalsField = new WireReader(r.string());
    const principals: string[] = [];
    while (!principalsField.done()) principals.push(principalsField.string().toString('utf8'));
    const validAfter = r.uint64();
    const validBefore = r.uint64();
    r.string(); // critical options
    r.string(); // extensions
    r.string(); // reserved
    const caKey = r.string();
    r.string(); // the CA's signature, which only the server can judge (it alone knows which CAs it trusts)
    if (kind !== 1 && kind !== 2) return `unable to parse public key: ssh: unknown certificate type ${kind}`;
    return {
      file,
      type,
      keyType: format.keyType,
      blob,
      publicKey,
      kind: kind === 1 ? 'user' : 'host',
      keyId,
      serial,
      principals,
      validAfter,
      validBefore,
      ca: caDescription(caKey),
    };
  } catch {
    return 'unable to parse public key: ssh: short read';
  }
}

/** The SDK's validity check (`checkValidCert`), with the bound that was crossed; undefined when valid at `now`. */
export function certificateValidity(cert: SshCertificate, now: Date): string | undefined {
  const seconds = BigInt(Math.floor(now.getTime() / 1000));
  if (seconds < cert.validAfter) return `ssh: cert is not yet valid (valid from ${timestamp(cert.validAfter)})`;
  if (cert.validBefore !== FOREVER && seconds >= cert.validBefore) return `ssh: cert has expired (valid until ${timestamp(cert.validBefore)})`;
  return undefined;
}

/**
 * What to tell the user when the server refused the certificate: a server never says why, so this names the
 * certificate and the likeliest cause that can be seen from this side.
 */
export function certificateRefusal(cert: SshCertificate, username: string, now: Date): string {
  const refused = `the server refused the user certificate ${cert.file} (ID "${cert.keyId}", signed by CA ${cert.ca})`;
  const invalid = certificateValidity(cert, now);
  if (invalid) return `${refused}: ${invalid}`;
  if (cert.principals.length > 0 && !cert.principals.includes(username)) {
    return `${refused}: its principals (${cert.principals.join(', ')}) do not include the user "${username}"`;
  }
  return `${refused}: the server may not trust that CA (sshd's TrustedUserCAKeys); its log says why it refused`;
}

function timestamp(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}

/** OpenSSH's way of naming a key in its logs and in `ssh-keygen -L`: type and SHA-256 fingerprint. */
function caDescription(key: Buffer): string {
  let type = '';
  try {
    type = new WireReader(key).string().toString('latin1');
  } catch {
    type = 'unknown';
  }
  const name = type === 'ssh-ed25519' ? 'ED25519' : type === 'ssh-rsa' ? 'RSA' : type.startsWith('ecdsa-') ? 'ECDSA' : type;
  const fingerprint = createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
  return `${name} SHA256:${fingerprint}`;
}

export function wireString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** Reads SSH wire-format fields (RFC 4251 §5); throws RangeError past the end. */
class WireReader {
  offset = 0;
  constructor(private readonly bytes: Buffer) {}

  done(): boolean {
    return this.offset >= this.bytes.length;
  }

  uint32(): number {
    const value = this.bytes.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  uint64(): bigint {
    const value = this.bytes.readBigUInt64BE(this.offset);
    this.offset += 8;
    return value;
  }

  string(): Buffer {
    const length = this.uint32();
    if (this.offset + length > this.bytes.length) throw new RangeError('short read');
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }
}
