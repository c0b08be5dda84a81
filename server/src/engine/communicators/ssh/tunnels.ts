/**
 * `ssh_local_tunnels` and `ssh_remote_tunnels` ("port:host:hostport", OpenSSH's -L / -R without a bind
 * address): opened with each SSH connection and closed with it, like the SDK's communicator.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Client, ClientChannel, TcpConnectionDetails } from 'ssh2';

export interface TunnelSpec {
  /** Listens on localhost: on this machine for local tunnels, on the remote machine for remote ones. */
  readonly listenPort: number;
  readonly forwardHost: string;
  readonly forwardPort: number;
}

/** The SDK's parse of a tunnel argument; a string is its error message. */
export function parseTunnel(arg: string): TunnelSpec | string {
  const colon = arg.indexOf(':');
  if (colon < 0) return `Error parsing tunnel '${arg}': [${arg}]`;
  const listen = arg.slice(0, colon);
  const forward = splitHostPort(arg.slice(colon + 1));
  if (typeof forward === 'string') return `Error parsing forwarding, must be a tcp address: ${forward}`;
  const forwardPort = atoi(forward.port);
  if (typeof forwardPort === 'string') return `Error parsing forwarding port, must be a valid port: ${forwardPort}`;
  const listenPort = atoi(listen);
  if (typeof listenPort === 'string') return `Error parsing listening port, must be a valid port: ${listenPort}`;
  return { listenPort, forwardHost: forward.host, forwardPort };
}

/** Go's net.SplitHostPort for the forms a tunnel uses (`host:port`, `[v6]:port`). */
function splitHostPort(address: string): { host: string; port: string } | string {
  if (address.startsWith('[')) {
    const end = address.indexOf(']');
    if (end < 0) return `address ${address}: missing ']' in address`;
    if (address[end + 1] !== ':') return `address ${address}: missing port in address`;
    return { host: address.slice(1, end), port: address.slice(end + 2) };
  }
  const colons = address.split(':').length - 1;
  if (colons === 0) return `address ${address}: missing port in address`;
  if (colons > 1) return `address ${address}: too many colons in address`;
  const [host = '', port = ''] = address.split(':');
  return { host, port };
}

function atoi(text: string): number | string {
  return /^[+-]?\d+$/.test(text) ? Number(text) : `strconv.Atoi: parsing "${text}": invalid syntax`;
}

/** Opens every tunnel on `client`; resolves to the function that closes them all. */
export async function openTunnels(client: Client, local: readonly TunnelSpec[], remote: readonly TunnelSpec[]): Promise<() => void> {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const close = (): void => {
    for (const server of servers) server.close();
    for (const socket of sockets) socket.destroy();
  };
  try {
    for (const spec of local) servers.push(await listenLocally(client, spec, sockets));
    if (remote.length > 0) {
      client.on('tcp connection', (details: TcpConnectionDetails, accept: () => ClientChannel, reject: () => void) => {
        const spec = remote.find((r) => r.listenPort === details.destPort);
        if (!spec) return reject();
        const socket = connect({ host: spec.forwardHost, port: spec.forwardPort });
        sockets.add(socket);
        const refuse = (): void => {
          sockets.delete(socket);
          reject();
        };
        socket.once('error', refuse);
        socket.once('connect', () => {
          socket.off('error', refuse);
          splice(socket, accept(), sockets);
        });
      });
      for (const spec of remote) {
        await new Promise<void>((resolve, reject) =>
          client.forwardIn('localhost', spec.listenPort, (err) =>
            err ? reject(new Error(`ssh: tcpip-forward request denied by peer (listening on localhost:${spec.listenPort})`)) : resolve(),
          ),
        );
      }
    }
    return close;
  } catch (e) {
    close();
    throw e;
  }
}

function listenLocally(client: Client, spec: TunnelSpec, sockets: Set<Socket>): Promise<Server> {
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    // The SDK passes the accepted connection's own address as the originator.
    client.forwardOut(socket.remoteAddress ?? '127.0.0.1', socket.remotePort ?? 0, spec.forwardHost, spec.forwardPort, (err, channel) => {
      if (err) {
        sockets.delete(socket);
        socket.destroy();
        return;
      }
      splice(socket, channel, sockets);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (e) => reject(new Error(`listen tcp localhost:${spec.listenPort}: ${e.message}`)));
    // Go listens on "localhost:<port>" at its IPv4 address.
    server.listen(spec.listenPort, '127.0.0.1', () => resolve(server));
  });
}

/** Copies both ways until either side ends. */
function splice(socket: Socket, channel: Duplex, sockets: Set<Socket>): void {
  socket.pipe(channel).pipe(socket);
  const done = (): void => {
    sockets.delete(socket);
    socket.destroy();
    channel.destroy();
  };
  socket.once('close', done);
  socket.on('error', done);
  channel.once('close', done);
  channel.on('error', done);
}
