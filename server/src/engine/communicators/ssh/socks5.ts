/**
 * A SOCKS5 client (RFC 1928, username/password auth per RFC 1929) for `ssh_proxy_host`: the connection to
 * the machine goes through the proxy, as the SDK's dialer from golang.org/x/net/proxy does it.
 */
import { connect, type Socket } from 'node:net';
import { abortError } from '../../runner.js';

export interface Socks5Proxy {
  readonly host: string;
  readonly port: number;
  /** Empty: no authentication offered. */
  readonly username: string;
  readonly password: string;
}

const REPLIES: Readonly<Record<number, string>> = {
  1: 'general SOCKS server failure',
  2: 'connection not allowed by ruleset',
  3: 'network unreachable',
  4: 'host unreachable',
  5: 'connection refused',
  6: 'TTL expired',
  7: 'command not supported',
  8: 'address type not supported',
};

/** A socket connected through the proxy to `host:port`, positioned at the first byte from the target. */
export async function socks5Connect(proxy: Socks5Proxy, host: string, port: number, signal: AbortSignal): Promise<Socket> {
  const socket = await open(proxy, signal);
  const fail = (reason: string): Error => {
    socket.destroy();
    return new Error(`socks connect tcp ${proxy.host}:${proxy.port}->${host}:${port}: ${reason}`);
  };
  try {
    const auth = proxy.username !== '';
    socket.write(Buffer.from(auth ? [5, 2, 0, 2] : [5, 1, 0]));
    const [version, method] = await readExactly(socket, 2, signal);
    if (version !== 5) throw fail(`unexpected protocol version ${version}`);
    if (method === 2 && auth) {
      const user = Buffer.from(proxy.username);
      const password = Buffer.from(proxy.password);
      socket.write(Buffer.concat([Buffer.from([1, user.length]), user, Buffer.from([password.length]), password]));
      const [, status] = await readExactly(socket, 2, signal);
      if (status !== 0) throw fail('username/password authentication failed');
    } else if (method !== 0) {
      throw fail('no acceptable authentication methods');
    }
    const name = Buffer.from(host);
    const portBytes = Buffer.from([port >> 8, port & 0xff]);
    socket.write(Buffer.concat([Buffer.from([5, 1, 0, 3, name.length]), name, portBytes]));
    const [, reply, , addressType] = await readExactly(socket, 4, signal);
    if (reply !== 0) throw fail(`unknown error ${REPLIES[reply ?? 1] ?? `unknown code: ${reply}`}`);
    const addressLength = addressType === 1 ? 4 : addressType === 4 ? 16 : (await readExactly(socket, 1, signal))[0] ?? 0;
    await readExactly(socket, addressLength + 2, signal);
    return socket;
  } catch (e) {
    socket.destroy();
    throw e;
  }
}

function open(proxy: Socks5Proxy, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: proxy.host, port: proxy.port });
    const onAbort = (): void => {
      socket.destroy();
      reject(abortError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (e) => {
      signal.removeEventListener('abort', onAbort);
      reject(new Error(`Can't connect to the proxy: ${e.message}`));
    });
  });
}

/**
 * The next `n` bytes. `read(n)` leaves whatever follows in the stream's buffer, so the SSH server's banner
 * that may arrive with the proxy's reply still reaches the SSH client.
 */
function readExactly(socket: Socket, n: number, signal: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      socket.off('readable', attempt);
      socket.off('end', onEnd);
      socket.off('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
    const attempt = (): void => {
      if (n === 0) {
        cleanup();
        return resolve(Buffer.alloc(0));
      }
      const chunk = socket.read(n) as Buffer | null;
      if (chunk === null) return;
      cleanup();
      if (chunk.length < n) reject(new Error('unexpected EOF'));
      else resolve(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      reject(new Error('unexpected EOF'));
    };
    const onError = (e: Error): void => {
      cleanup();
      reject(e);
    };
    const onAbort = (): void => {
      cleanup();
      reject(abortError());
    };
    socket.on('readable', attempt);
    socket.once('end', onEnd);
    socket.once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
    attempt();
  });
}
