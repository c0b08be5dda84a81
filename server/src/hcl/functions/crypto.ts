/**
 * Hash, bcrypt, RSA and UUID functions (go-cty-funcs crypto/ and uuid/). node:crypto is used for
 * computation only; nothing here touches files or the network.
 */
import { createHash, createPrivateKey, randomUUID } from 'node:crypto';
import bcryptjs from 'bcryptjs';
import { FunctionError, type HclFunction } from '../function.js';
import { NUMBER, STRING, stringVal, type Value } from '../value.js';
import { impureFunctions, pureFunctions } from './support.js';
import { wholeNumber } from './whole-number.js';

const str = (v: Value): string => v.raw as string;

function stringHash(description: string, algorithm: string): HclFunction {
  return {
    description,
    params: [{ name: 'str', type: STRING }],
    returnType: () => STRING,
    impl: ([s]) => stringVal(createHash(algorithm).update(str(s), 'utf8').digest('hex')),
  };
}

const MIN_BCRYPT_COST = 4;
const MAX_BCRYPT_COST = 31;
const DEFAULT_BCRYPT_COST = 10;
const MAX_BCRYPT_PASSWORD_BYTES = 72;

const bcrypt: HclFunction = {
  description: 'Computes a hash of the given string using the Blowfish cipher, returning a string in the Modular Crypt Format.',
  params: [{ name: 'str', type: STRING }],
  varParam: { name: 'cost', type: NUMBER },
  returnType: () => STRING,
  impl: (args) => {
    let cost = DEFAULT_BCRYPT_COST;
    if (args.length > 1) cost = wholeNumber(args[1], 1);
    if (args.length > 2) throw new FunctionError('bcrypt() takes no more than two arguments');
    const password = str(args[0]);
    // Go's bcrypt silently raises a too-small cost to the default rather than failing.
    if (cost < MIN_BCRYPT_COST) cost = DEFAULT_BCRYPT_COST;
    if (cost > MAX_BCRYPT_COST) {
      throw new FunctionError(
        `error occured generating password crypto/bcrypt: cost ${cost} is outside allowed range (${MIN_BCRYPT_COST},${MAX_BCRYPT_COST})`,
      );
    }
    if (Buffer.byteLength(password, 'utf8') > MAX_BCRYPT_PASSWORD_BYTES) {
      throw new FunctionError('error occured generating password bcrypt: password length exceeds 72 bytes');
    }
    // Packer emits the "$2a$" variant; "$2b$" differs only for passwords over 255 bytes, which are rejected above.
    const hash = bcryptjs.hashSync(password, bcryptjs.genSaltSync(cost));
    return stringVal(hash.replace(/^\$2b\$/, '$2a$'));
  },
};

interface PemBlock {
  readonly type: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly der: Buffer;
}

function decodePem(text: string): PemBlock | undefined {
  const m = /-----BEGIN ([^\r\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return undefined;
  const headers = new Map<string, string>();
  const lines = m[2].split(/\r?\n/);
  let i = 0;
  for (; i < lines.length; i++) {
    const h = /^([^:\s]+):\s*(.*)$/.exec(lines[i]);
    if (!h) break;
    headers.set(h[1], h[2]);
  }
  return { type: m[1], headers, der: Buffer.from(lines.slice(i).join(''), 'base64') };
}

function bigFromBase64Url(s: string): bigint {
  return BigInt('0x' + (Buffer.from(s, 'base64url').toString('hex') || '0'));
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
  }
  return result;
}

/** OpenSSL would accept a PKCS#8 key where Go's ParsePKCS1PrivateKey (what Packer calls) does not. */
function isPkcs8(der: Buffer): boolean {
  try {
    createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    return true;
  } catch {
    return false;
  }
}

/**
 * RSAES-PKCS1-v1_5 decryption done with BigInt: Node 20 refuses PKCS#1 v1.5 private decryption
 * (CVE-2023-46809), but templates written for Packer rely on it.
 */
function rsaDecryptPkcs1v15(der: Buffer, ciphertext: Buffer): Buffer {
  if (isPkcs8(der)) {
    throw new FunctionError('x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)');
  }
  let jwk;
  try {
    jwk = createPrivateKey({ key: der, format: 'der', type: 'pkcs1' }).export({ format: 'jwk' });
  } catch {
    throw new FunctionError('x509: failed to parse private key');
  }
  if (!jwk.n || !jwk.d) throw new FunctionError('x509: failed to parse private key');
  const n = bigFromBase64Url(jwk.n);
  const d = bigFromBase64Url(jwk.d);
  const k = Buffer.from(jwk.n, 'base64url').length;
  const c = BigInt('0x' + (ciphertext.toString('hex') || '0'));
  if (ciphertext.length > k || c >= n || k < 11) throw new FunctionError('crypto/rsa: decryption error');
  const em = Buffer.from(modPow(c, d, n).toString(16).padStart(k * 2, '0'), 'hex');
  const sep = em.indexOf(0, 2);
  if (em[0] !== 0 || em[1] !== 2 || sep < 10) throw new FunctionError('crypto/rsa: decryption error');
  return em.subarray(sep + 1);
}

const rsadecrypt: HclFunction = {
  description: 'Decrypts an RSA-encrypted ciphertext, returning the corresponding cleartext.',
  params: [
    { name: 'ciphertext', type: STRING },
    { name: 'privatekey', type: STRING },
  ],
  returnType: () => STRING,
  impl: ([ciphertext, privatekey]) => {
    const s = str(ciphertext);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s.replace(/[\r\n]/g, '')) || s.replace(/[\r\n]/g, '').length % 4 !== 0) {
      throw new FunctionError(`failed to decode input ${JSON.stringify(s)}: cipher text must be base64-encoded`);
    }
    const block = decodePem(str(privatekey));
    if (!block) throw new FunctionError('failed to parse key: no key found');
    if (block.headers.get('Proc-Type') === '4,ENCRYPTED') {
      throw new FunctionError(
        'failed to parse key: password protected keys are not supported. Please decrypt the key prior to use',
      );
    }
    return stringVal(rsaDecryptPkcs1v15(block.der, Buffer.from(s, 'base64')).toString('utf8'));
  },
};

const uuidv4: HclFunction = {
  description: 'Generates a random UUID (version 4).',
  params: [],
  returnType: () => STRING,
  impl: () => stringVal(randomUUID()),
};

const NAMESPACES: Readonly<Record<string, string>> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

/** Parses the UUID spellings google/uuid accepts; throws its error text otherwise. */
function parseUuid(s: string): Buffer {
  let hex: string;
  switch (s.length) {
    case 36:
      hex = s;
      break;
    case 38:
      if (s[0] !== '{' || s[37] !== '}') throw new Error('invalid UUID format');
      hex = s.slice(1, 37);
      break;
    case 45:
      if (s.slice(0, 9).toLowerCase() !== 'urn:uuid:') throw new Error(`invalid urn prefix: ${JSON.stringify(s.slice(0, 9))}`);
      hex = s.slice(9);
      break;
    case 32:
      if (!/^[0-9a-fA-F]{32}$/.test(s)) throw new Error('invalid UUID format');
      return Buffer.from(s, 'hex');
    default:
      throw new Error(`invalid UUID length: ${Buffer.byteLength(s, 'utf8')}`);
  }
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(hex)) {
    throw new Error('invalid UUID format');
  }
  return Buffer.from(hex.replace(/-/g, ''), 'hex');
}

function formatUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const uuidv5: HclFunction = {
  description: 'Generates a name-based UUID (version 5, SHA-1) in the given namespace.',
  params: [
    { name: 'namespace', type: STRING },
    { name: 'name', type: STRING },
  ],
  returnType: () => STRING,
  impl: ([namespace, name]) => {
    const ns = str(namespace);
    let nsBytes: Buffer;
    try {
      nsBytes = parseUuid(NAMESPACES[ns] ?? ns);
    } catch (e) {
      throw new FunctionError(`uuidv5() doesn't support namespace ${ns} (${(e as Error).message})`);
    }
    const digest = createHash('sha1').update(nsBytes).update(str(name), 'utf8').digest().subarray(0, 16);
    digest[6] = (digest[6] & 0x0f) | 0x50;
    digest[8] = (digest[8] & 0x3f) | 0x80;
    return stringVal(formatUuid(digest));
  },
};

export const cryptoFunctions: Readonly<Record<string, HclFunction>> = {
  // Random: uuidv4 entirely, bcrypt through its salt.
  ...impureFunctions({ bcrypt, uuidv4 }),
  ...pureFunctions({
    md5: stringHash('Computes the MD5 hash of the given string and encodes it with hexadecimal digits.', 'md5'),
    rsadecrypt,
    sha1: stringHash('Computes the SHA1 hash of the given string and encodes it with hexadecimal digits.', 'sha1'),
    sha256: stringHash('Computes the SHA256 hash of the given string and encodes it with hexadecimal digits.', 'sha256'),
    sha512: stringHash('Computes the SHA512 hash of the given string and encodes it with hexadecimal digits.', 'sha512'),
    uuidv5,
  }),
};
