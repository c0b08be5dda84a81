/** Connecting to the Docker daemon and turning its failures into one clear line. */
import { Agent, type AgentOptions } from 'node:http';
import type Docker from 'dockerode';

/**
 * Honours `DOCKER_HOST` (unix:// or tcp://) like the docker CLI; the default socket otherwise. dockerode (and
 * the ssh2 stack under it) is loaded on first use, so commands that never reach Docker do not pay for it.
 */
export async function connectDocker(env: Readonly<Record<string, string | undefined>>): Promise<Docker> {
  const { default: Docker } = await import('dockerode');
  // Requests share keep-alive connections. `servername` only matters for TLS, which these connections never
  // use; left unset, Node derives it for every request, matching the host against its IP address patterns (the
  // first match compiles them: ~5 ms of a build's start).
  // (docker-modem takes an `agent`; dockerode's types do not list it.)
  const agent = new Agent({ keepAlive: true, servername: '' } as AgentOptions);
  const host = env.DOCKER_HOST;
  let options: Docker.DockerOptions & { agent: Agent };
  if (host?.startsWith('tcp://')) {
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    options = { host: url.hostname, port: Number(url.port || 2375), protocol: 'http', agent };
  } else {
    options = { socketPath: host?.startsWith('unix://') ? host.slice('unix://'.length) : '/var/run/docker.sock', agent };
  }
  return new Docker(options);
}

export function daemonAddress(env: Readonly<Record<string, string | undefined>>): string {
  return env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
}

interface DockerodeError {
  readonly statusCode?: number;
  readonly code?: string;
  readonly json?: { readonly message?: string } | null;
  readonly reason?: string;
  readonly message?: string;
}

/** The daemon's own message when it sent one; a "daemon not running" hint for connection failures. */
export function dockerErrorMessage(e: unknown, env: Readonly<Record<string, string | undefined>>): string {
  const err = (e ?? {}) as DockerodeError;
  if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED' || err.code === 'EACCES') {
    const why = err.code === 'EACCES' ? 'permission denied' : 'is the docker daemon running?';
    return `Cannot connect to the Docker daemon at ${daemonAddress(env)} (${why})`;
  }
  const daemonMessage = err.json?.message;
  if (daemonMessage) return daemonMessage;
  const text = err.message ?? String(e);
  // docker-modem prefixes "(HTTP code 404) no such container - <daemon message>"; keep the daemon's part.
  const m = /^\(HTTP code \d+\) [^-]*- (.*)$/s.exec(text);
  return (m ? (m[1] as string) : text).trim();
}

/** Drains a progress stream (pull, push, import) and rejects on the first `error` entry. */
export function followProgress(docker: Docker, stream: NodeJS.ReadableStream, onEvent?: (event: ProgressEvent) => void): Promise<ProgressEvent[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: ProgressEvent[]) => {
        if (err) return reject(err);
        const failed = output.find((o) => o.error || o.errorDetail);
        if (failed) return reject(new Error(failed.errorDetail?.message ?? failed.error));
        resolve(output);
      },
      onEvent,
    );
  });
}

export interface ProgressEvent {
  readonly status?: string;
  readonly id?: string;
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string };
  readonly aux?: { readonly Tag?: string; readonly Digest?: string; readonly ID?: string };
  readonly stream?: string;
}

export interface RegistryAuth {
  readonly username: string;
  readonly password: string;
  readonly serveraddress: string;
}
