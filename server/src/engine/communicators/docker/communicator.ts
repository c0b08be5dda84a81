/**
 * The docker communicator over the Docker API: exec with streamed output and exit status, uploads and
 * downloads through the archive endpoints. Commands run one at a time, like Packer's.
 */
import { createWriteStream } from 'node:fs';
import { chmod, lstat, mkdir, readdir, readFile, readlink, rm, symlink } from 'node:fs/promises';
import { dirname, join, posix, resolve, sep } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import * as tar from 'tar-stream';
import type { CommandOutput, Communicator } from '../../communicator.js';
import { dockerErrorMessage } from '../../builders/docker/docker-api.js';

export interface DockerCommunicatorOptions {
  readonly docker: Docker;
  readonly containerId: string;
  readonly execUser: string;
  readonly pty: boolean;
  /** chown uploads to this user (the container's configured user, `root` when none); undefined = don't. */
  readonly uploadOwner?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export class DockerCommunicator implements Communicator {
  /** The daemon's archive extraction applies each tar header's mode as it is. */
  readonly uploadSetsExactMode = true;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly container: Docker.Container;

  constructor(private readonly opts: DockerCommunicatorOptions) {
    this.container = opts.docker.getContainer(opts.containerId);
  }

  start(command: string, output: CommandOutput, signal: AbortSignal): Promise<number> {
    return this.serialized(() => this.exec(['/bin/sh', '-c', `(${command})`], this.opts.execUser, output, signal));
  }

  async upload(dst: string, content: Buffer, mode: number, signal: AbortSignal): Promise<void> {
    // The daemon gives an extracted file its tar header's owner: a numeric owner (or root) is set there, which
    // is what `chown -R owner dst` on that single file would do, without a `docker exec` round trip.
    const owner = this.opts.uploadOwner === undefined ? undefined : numericOwner(this.opts.uploadOwner);
    const pack = tar.pack();
    pack.entry({ name: posix.basename(dst), size: content.length, mode, mtime: new Date(), ...(owner ?? {}) }, content);
    pack.finalize();
    await this.putArchive(posix.dirname(dst), pack, dst, signal);
    if (owner === undefined) await this.fixOwner(dst, signal);
  }

  async uploadDir(dst: string, src: string, signal: AbortSignal): Promise<void> {
    const contentsOnly = src.endsWith('/');
    const exists = await this.isRemoteDir(dst, signal);
    // Mirrors `docker cp`: into an existing directory the source keeps its name (unless only its contents
    // are copied); a missing destination becomes the copy.
    let base: string;
    let prefix: string;
    if (exists) {
      base = dst;
      prefix = contentsOnly ? '' : posix.basename(src.replace(/\/+$/, ''));
    } else {
      base = posix.dirname(dst);
      prefix = posix.basename(dst);
    }
    const pack = tar.pack();
    const done = packDirectory(pack, src.replace(/\/+$/, ''), prefix).then(
      () => pack.finalize(),
      (e: unknown) => pack.destroy(e as Error),
    );
    await Promise.all([this.putArchive(base, pack, dst, signal), done]);
    await this.fixOwner(dst, signal);
  }

  async download(src: string, signal: AbortSignal): Promise<Buffer> {
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.container.getArchive({ path: src, abortSignal: signal } as { path: string });
    } catch (e) {
      throw new Error(`Failed to download '${src}' from container: ${dockerErrorMessage(e, this.opts.env)}`);
    }
    return firstTarEntry(stream as Readable, src);
  }

  /**
   * Like the SSH communicator's (scp -r): the remote directory lands under `dst` with its own name. Packer's
   * docker communicator has no DownloadDir; the archive endpoint gives the directory as one tar stream, and a
   * glob is expanded by the container's shell first (the endpoint takes one literal path).
   */
  async downloadDir(src: string, dst: string, signal: AbortSignal): Promise<void> {
    await mkdir(dst, { recursive: true });
    for (const path of /[*?[]/.test(src) ? await this.expandGlob(src, signal) : [src]) {
      let stream: NodeJS.ReadableStream;
      try {
        stream = await this.container.getArchive({ path, abortSignal: signal } as { path: string });
      } catch (e) {
        throw new Error(`Failed to download '${path}' from container: ${dockerErrorMessage(e, this.opts.env)}`);
      }
      await extractInto(stream as Readable, dst);
    }
  }

  private async expandGlob(pattern: string, signal: AbortSignal): Promise<string[]> {
    let listing = '';
    const output = { stdout: (t: string) => (listing += t), stderr: () => undefined };
    // The pattern stays unquoted so the shell expands it; a pattern matching nothing is dropped by the test.
    const code = await this.serialized(() => this.exec(['/bin/sh', '-c', `for f in ${pattern}; do [ -e "$f" ] && printf '%s\\n' "$f"; done; true`], this.opts.execUser, output, signal));
    const paths = listing.split('\n').filter((l) => l !== '');
    if (code !== 0 || paths.length === 0) throw new Error(`Failed to download '${pattern}' from container: no such file or directory`);
    return paths;
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async exec(cmd: string[], user: string, output: CommandOutput, signal: AbortSignal): Promise<number> {
    if (signal.aborted) throw new Error('Build was cancelled.');
    let exec: Docker.Exec;
    let stream: NodeJS.ReadWriteStream;
    try {
      exec = await this.container.exec({
        Cmd: cmd,
        AttachStdout: true,
        AttachStderr: true,
        Tty: this.opts.pty,
        ...(user !== '' ? { User: user } : {}),
      });
      stream = await exec.start({ hijack: true, stdin: false, Tty: this.opts.pty });
    } catch (e) {
      throw new Error(`Error executing command in container: ${dockerErrorMessage(e, this.opts.env)}`);
    }
    await new Promise<void>((resolve, reject) => {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      stdout.on('data', (d: Buffer) => output.stdout(d.toString('utf8')));
      stderr.on('data', (d: Buffer) => output.stderr(d.toString('utf8')));
      if (this.opts.pty) stream.pipe(stdout);
      else this.opts.docker.modem.demuxStream(stream, stdout, stderr);
      const onAbort = (): void => {
        (stream as unknown as Readable).destroy();
        reject(new Error('Build was cancelled.'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const finish = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      stream.on('end', finish);
      stream.on('close', finish);
      stream.on('error', (e: Error) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      });
    });
    // The stream can end a moment before the daemon records the exit status.
    for (let attempt = 0; ; attempt++) {
      const info = await exec.inspect();
      if (!info.Running && info.ExitCode !== null) return info.ExitCode;
      if (attempt > 200) return 254;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async putArchive(path: string, pack: tar.Pack, dst: string, signal: AbortSignal): Promise<void> {
    // docker-modem leaves the 'error' of a request made with a signal already aborted to nobody, which would end
    // the process (a cancel as an upload starts); a cancel during the upload rejects the request as it should.
    if (signal.aborted) throw new Error('Build was cancelled.');
    try {
      await this.container.putArchive(pack as unknown as NodeJS.ReadableStream, { path, abortSignal: signal } as { path: string });
    } catch (e) {
      throw new Error(`Failed to upload to '${dst}' in container: ${dockerErrorMessage(e, this.opts.env)}.`);
    }
  }

  private async isRemoteDir(path: string, signal: AbortSignal): Promise<boolean> {
    try {
      const info = (await this.container.infoArchive({ path, abortSignal: signal } as { path: string })) as unknown;
      const header = (info as { headers?: Record<string, string> })?.headers?.['x-docker-container-path-stat'];
      if (!header) return true;
      const stat = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as { mode: number };
      // Go's os.ModeDir bit.
      return (stat.mode & 0x80000000) !== 0;
    } catch {
      return false;
    }
  }

  private async fixOwner(dst: string, signal: AbortSignal): Promise<void> {
    if (this.opts.uploadOwner === undefined) return;
    const ignore = { stdout: () => undefined, stderr: () => undefined };
    const code = await this.serialized(() => this.exec(['/bin/sh', '-c', `chown -R ${this.opts.uploadOwner} ${shellQuote(dst)}`], 'root', ignore, signal));
    if (code !== 0) throw new Error(`Failed to upload to '${dst}' in container: chown exited with status ${code}.`);
  }
}

async function packDirectory(pack: tar.Pack, dir: string, prefix: string): Promise<void> {
  const top = await lstat(dir);
  if (prefix !== '') await addEntry(pack, { name: `${prefix}/`, type: 'directory', mode: top.mode & 0o7777, mtime: top.mtime });
  for (const entry of await readdir(dir)) {
    const full = join(dir, entry);
    const name = prefix === '' ? entry : `${prefix}/${entry}`;
    const st = await lstat(full);
    if (st.isDirectory()) await packDirectory(pack, full, name);
    else if (st.isSymbolicLink()) await addEntry(pack, { name, type: 'symlink', linkname: await readlink(full), mode: st.mode & 0o7777, mtime: st.mtime });
    else if (st.isFile()) await addEntry(pack, { name, mode: st.mode & 0o7777, mtime: st.mtime, size: st.size }, await readFile(full));
  }
}

function addEntry(pack: tar.Pack, header: Parameters<tar.Pack["entry"]>[0], body?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry(header, body ?? '', (err) => (err ? reject(err) : resolve()));
  });
}

/**
 * Writes a tar stream's directories, files and symlinks below `dst`; entries leaving it are refused. Symlinks are
 * made last, so no entry of the same archive is written through one.
 */
function extractInto(stream: Readable, dst: string): Promise<void> {
  const root = resolve(dst);
  const links: [target: string, linkname: string][] = [];
  return new Promise((done, fail) => {
    const extract = tar.extract();
    extract.on('entry', (header, body, next) => {
      const target = resolve(root, header.name);
      const step = async (): Promise<void> => {
        if (target !== root && !target.startsWith(`${root}${sep}`)) throw new Error(`refusing archive entry outside the destination: ${header.name}`);
        const mode = (header.mode ?? 0o644) & 0o7777;
        if (header.type === 'file') {
          await mkdir(dirname(target), { recursive: true });
          await pipeline(body, createWriteStream(target, { mode }));
          await chmod(target, mode);
          return;
        }
        if (header.type === 'directory') await mkdir(target, { recursive: true, mode });
        else if (header.type === 'symlink') links.push([target, header.linkname ?? '']);
        body.resume();
        await finished(body as unknown as NodeJS.ReadableStream);
      };
      step().then(() => next(), (e: unknown) => extract.destroy(e as Error));
    });
    extract.on('finish', () => {
      const made = links.map(async ([target, linkname]) => {
        await rm(target, { force: true });
        await symlink(linkname, target);
      });
      Promise.all(made).then(() => done(), fail);
    });
    extract.on('error', fail);
    stream.on('error', fail);
    stream.pipe(extract);
  });
}

function firstTarEntry(stream: Readable, src: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const extract = tar.extract();
    let found = false;
    extract.on('entry', (header, body, next) => {
      if (found || header.type !== 'file') {
        body.resume();
        body.on('end', next);
        return;
      }
      found = true;
      const chunks: Buffer[] = [];
      body.on('data', (c: unknown) => chunks.push(c as Buffer));
      body.on('end', () => {
        resolve(Buffer.concat(chunks));
        next();
      });
    });
    extract.on('finish', () => {
      if (!found) reject(new Error(`'${src}' in container is not a regular file`));
    });
    extract.on('error', reject);
    stream.pipe(extract);
  });
}

/**
 * `chown`'s owner spec as tar header ids when it needs no lookup in the container's user database: `uid`,
 * `uid:gid`, with `root` as 0. Without a group, chown keeps the file's group: the tar default, 0.
 */
export function numericOwner(spec: string): { uid: number; gid: number } | undefined {
  const m = /^(root|\d+)(?::(root|\d+))?$/.exec(spec);
  if (!m) return undefined;
  const id = (s: string | undefined): number => (s === undefined || s === 'root' ? 0 : Number(s));
  const ids = { uid: id(m[1]), gid: id(m[2]) };
  // Beyond a ustar header's 7 octal digits the ids are left to chown.
  return ids.uid <= 0o7777777 && ids.gid <= 0o7777777 ? ids : undefined;
}

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'"'"'`)}'`;
}
