/**
 * File transfers over the `sftp` subsystem (`ssh_file_transfer_method = "sftp"`), with the same directory
 * rules as the scp transfers so switching methods never changes where files land.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { posix } from 'node:path';
import type { Client, SFTPWrapper, Stats } from 'ssh2';
import { abortError } from '../../runner.js';

export async function sftpUpload(client: Client, dst: string, content: Buffer, mode: number, signal: AbortSignal): Promise<void> {
  await withSftp(client, signal, (sftp) => put(sftp, dst, content, mode));
}

export async function sftpUploadDir(client: Client, dst: string, src: string, signal: AbortSignal): Promise<void> {
  const contentsOnly = src.endsWith('/');
  const local = src.replace(/\/+$/, '') || '/';
  const target = dst.length > 1 ? dst.replace(/\/+$/, '') : dst;
  await withSftp(client, signal, async (sftp) => {
    const targetIsDir = (await remoteStat(sftp, target))?.isDirectory() ?? false;
    const root = !contentsOnly && targetIsDir ? posix.join(target, basename(local)) : target;
    await putDir(sftp, local, root);
  });
}

export async function sftpDownload(client: Client, src: string, signal: AbortSignal): Promise<Buffer> {
  return withSftp(client, signal, (sftp) => call<Buffer>((cb) => sftp.readFile(src, cb), src));
}

/** A directory arrives as `dst/<name>`, like scp's. Globs need the remote shell, so only scp has them. */
export async function sftpDownloadDir(client: Client, src: string, dst: string, signal: AbortSignal): Promise<void> {
  if (/[*?[]/.test(src)) throw new Error(`'${src}': wildcards in download sources need ssh_file_transfer_method = "scp"`);
  const remote = src.length > 1 ? src.replace(/\/+$/, '') : src;
  await withSftp(client, signal, async (sftp) => {
    const info = await remoteStat(sftp, remote);
    if (!info) throw new Error(`${remote}: No such file or directory`);
    const local = join(dst, posix.basename(remote));
    if (info.isDirectory()) await getDir(sftp, remote, local);
    else {
      await mkdir(dst, { recursive: true });
      await writeFile(local, await call<Buffer>((cb) => sftp.readFile(remote, cb), remote), { mode: info.mode & 0o7777 });
    }
  });
}

async function put(sftp: SFTPWrapper, dst: string, content: Buffer, mode: number): Promise<void> {
  await call<void>((cb) => sftp.writeFile(dst, content, { mode: mode & 0o7777 }, cb), dst);
  // The server applies the umask on create; the file must end up with the local mode.
  await call<void>((cb) => sftp.chmod(dst, mode & 0o7777, cb), dst);
}

async function putDir(sftp: SFTPWrapper, local: string, remote: string): Promise<void> {
  const info = await stat(local);
  if (!(await remoteStat(sftp, remote))?.isDirectory()) {
    await call<void>((cb) => sftp.mkdir(remote, { mode: info.mode & 0o7777 }, cb), remote);
  }
  // Symbolic links are followed, like Packer's upload.
  for (const entry of (await readdir(local)).sort()) {
    const full = join(local, entry);
    const child = await stat(full);
    const target = posix.join(remote, entry);
    if (child.isDirectory()) await putDir(sftp, full, target);
    else await put(sftp, target, await readFile(full), child.mode);
  }
}

async function getDir(sftp: SFTPWrapper, remote: string, local: string): Promise<void> {
  await mkdir(local, { recursive: true });
  const entries = await call<{ filename: string; attrs: Stats }[]>((cb) => sftp.readdir(remote, cb), remote);
  for (const entry of entries.sort((a, b) => a.filename.localeCompare(b.filename))) {
    const from = posix.join(remote, entry.filename);
    const to = join(local, entry.filename);
    if (entry.attrs.isDirectory()) await getDir(sftp, from, to);
    else if (entry.attrs.isFile()) {
      await writeFile(to, await call<Buffer>((cb) => sftp.readFile(from, cb), from), { mode: entry.attrs.mode & 0o7777 });
    }
  }
}

function remoteStat(sftp: SFTPWrapper, path: string): Promise<Stats | undefined> {
  return new Promise((resolve) => sftp.stat(path, (err, stats) => resolve(err ? undefined : stats)));
}

/** Adapts a node-style callback and names the remote path in errors (`sftp: <path>: No such file`). */
function call<T>(start: (cb: (err: Error | null | undefined, value: T) => void) => void, path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    start((err, value) => (err ? reject(new Error(`sftp: ${path}: ${err.message}`)) : resolve(value)));
  });
}

async function withSftp<T>(client: Client, signal: AbortSignal, work: (sftp: SFTPWrapper) => Promise<T>): Promise<T> {
  if (signal.aborted) throw abortError();
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) => {
    try {
      client.sftp((err, s) => (err ? reject(new Error(`Error starting the sftp subsystem: ${err.message}`)) : resolve(s)));
    } catch (e) {
      reject(e);
    }
  });
  let aborted: (() => void) | undefined;
  const abort = new Promise<never>((_, reject) => {
    aborted = () => {
      sftp.end();
      reject(abortError());
    };
    signal.addEventListener('abort', aborted, { once: true });
  });
  try {
    return await Promise.race([work(sftp), abort]);
  } finally {
    if (aborted) signal.removeEventListener('abort', aborted);
    abort.catch(() => undefined);
    sftp.end();
  }
}
