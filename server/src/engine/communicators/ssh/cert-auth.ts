/**
 * Logging in with an OpenSSH user certificate through ssh2, which has no certificate support of its own
 * (mscdex/ssh2#551).
 *
 * A certificate login is an ordinary "publickey" request (RFC 4252 §7) whose algorithm is the certificate's
 * (`ssh-ed25519-cert-v01@openssh.com`, `rsa-sha2-256-cert-v01@openssh.com`, …) and whose key blob is the
 * certificate, signed with the private key; the signature inside keeps the plain algorithm name
 * (`ssh-ed25519`, `rsa-sha2-256`). ssh2 builds every publickey request in one place (`Protocol#authPK`) that
 * writes the same name in both places, which OpenSSH refuses; its `authHandler` and custom agents both end
 * there, so neither can help. Instead, each connection that offers a certificate has its protocol object's
 * `authPK` wrapped: for the certificate's key object only, the request is written here and sent through
 * ssh2's own packet writer; any other key goes to ssh2 unchanged. Everything else — the method order, the
 * server's answers, the choice of RSA hash from the server's `server-sig-algs` — stays ssh2's. The internals
 * this relies on are checked when a connection starts, so an ssh2 release that moves them fails loudly.
 */
import { utils, type Client, type ParsedKey } from 'ssh2';
import protocolUtils from 'ssh2/lib/protocol/utils.js';
import { StepError } from '../../runner.js';
import { wireString, type SshCertificate } from './certificate.js';

type SignCallback = (data: Buffer, done: (signature: Buffer) => void) => void;

/** What ssh2's protocol object (lib/protocol/Protocol.js, ssh2 1.x) has that this module uses. */
interface ProtocolInternals {
  authPK(username: string, key: unknown, keyAlgo?: string | SignCallback, sign?: SignCallback): void;
  /** Set once keys are exchanged; `sessionID` is what every publickey signature covers. */
  _kex?: { sessionID?: Buffer };
  _packetRW?: { write?: { allocStart: number; alloc(length: number): Buffer; finalize(packet: Buffer): Buffer } };
  /** The methods awaiting an answer: ssh2 reads USERAUTH_PK_OK (number 60, shared) by the head of this queue. */
  _authsQueue?: string[];
}

interface CertificateLogin {
  readonly certificate: SshCertificate;
  readonly privateKey: ParsedKey;
}

const logins = new WeakMap<object, CertificateLogin>();

const USERAUTH_REQUEST = 50;
/** The hash behind each RSA signature algorithm ssh2 may pick; other key types have one hash each. */
const RSA_HASHES: Readonly<Record<string, string>> = { 'rsa-sha2-256': 'sha256', 'rsa-sha2-512': 'sha512', 'ssh-rsa': 'sha1' };

/**
 * The key to give ssh2's publickey method so that `certificate` is offered and `privateKey` signs; undefined
 * when ssh2 cannot parse the private key (the config check has reported that already).
 */
export function certificateKey(privateKey: Buffer, certificate: SshCertificate): ParsedKey | undefined {
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error) return undefined;
  // ssh2 accepts as a parsed key any object carrying its private marker, which this one inherits; `type`
  // stays the plain key's so that ssh2 picks the RSA hash as it would for the key alone.
  const key = Object.create(parsed, { getPublicSSH: { value: () => certificate.blob } }) as ParsedKey;
  logins.set(key, { certificate, privateKey: parsed });
  return key;
}

/** The certificate a key from `certificateKey` offers. */
export function certificateOf(key: unknown): SshCertificate | undefined {
  return typeof key === 'object' && key !== null ? logins.get(key)?.certificate : undefined;
}

/** An ssh2 without the internals relied on: no attempt can succeed, so the wait for SSH ends at once. */
export class CertificateSupportError extends StepError {}

/** Makes `client`, right after `connect()`, send correct requests for keys from `certificateKey`. */
export function enableCertificates(client: Client): void {
  const protocol = (client as unknown as { _protocol?: ProtocolInternals })._protocol;
  const writer = protocol?._packetRW?.write;
  if (!protocol || typeof protocol.authPK !== 'function' || typeof writer?.alloc !== 'function' || !Array.isArray(protocol._authsQueue)) {
    throw new CertificateSupportError(
      'ssh_certificate_file cannot be used: the installed ssh2 library lacks the internals packer-studio sends certificates through (it was built for ssh2 1.17)',
    );
  }
  const original = protocol.authPK.bind(protocol);
  protocol.authPK = (username, key, keyAlgo, sign) => {
    const login = typeof key === 'object' && key !== null ? logins.get(key) : undefined;
    if (!login) return original(username, key, keyAlgo, sign);
    sendRequest(protocol, username, login, typeof keyAlgo === 'string' ? keyAlgo : undefined, typeof keyAlgo === 'function' || sign !== undefined);
  };
}

/** The query (`signed` false: would the server accept this certificate?) or the signed login request. */
function sendRequest(protocol: ProtocolInternals, username: string, login: CertificateLogin, keyAlgo: string | undefined, signed: boolean): void {
  const { certificate, privateKey } = login;
  // For an RSA key ssh2 passes the algorithm it chose from the server's server-sig-algs; each has a certificate twin.
  const signatureAlgo = certificate.keyType === 'ssh-rsa' && keyAlgo ? keyAlgo : certificate.keyType;
  const algo = certificate.keyType === 'ssh-rsa' ? `${signatureAlgo}-cert-v01@openssh.com` : certificate.type;
  const request = Buffer.concat([
    Buffer.from([USERAUTH_REQUEST]),
    text(username),
    text('ssh-connection'),
    text('publickey'),
    Buffer.from([signed ? 1 : 0]),
    text(algo),
    wireString(certificate.blob),
  ]);
  let payload = request;
  if (signed) {
    const sessionId = protocol._kex?.sessionID;
    if (!sessionId) throw new Error('certificate login attempted before the key exchange finished');
    const raw = privateKey.sign(Buffer.concat([wireString(sessionId), request]), RSA_HASHES[signatureAlgo]) as Buffer | Error;
    if (raw instanceof Error) throw new Error(`Error signing data with key: ${raw.message}`);
    const signature = protocolUtils.convertSignature(raw, certificate.keyType);
    if (!signature) throw new Error(`Error signing data with key: malformed ${certificate.keyType} signature`);
    payload = Buffer.concat([request, wireString(Buffer.concat([text(signatureAlgo), wireString(signature)]))]);
  }
  // As ssh2's own requests are sent: a packet from its writer, the payload at `allocStart`, then queued for an answer.
  const writer = protocol._packetRW?.write;
  if (!writer || !protocol._authsQueue) throw new Error('the ssh2 connection has no packet writer');
  const packet = writer.alloc(payload.length);
  packet.set(payload, writer.allocStart);
  protocol._authsQueue.push('publickey');
  protocolUtils.sendPacket(protocol, writer.finalize(packet));
}

function text(value: string): Buffer {
  return wireString(Buffer.from(value, 'utf8'));
}
