/**
 * File transfers over the remote `scp` program in sink (`-t`) and source (`-f`) mode, the way Packer's SSH
 * communicator does it: `C<mode> <size> <name>` for files, `D<mode> 0 <name>` … `E` for directories, and a
 * status byte after each record (0 = ok, 1/2 + message = error).
 */
import { mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { posix } from 'node:path';
import type { Client, ClientChannel } from 'ssh2';
import { abortError } from '../../runner.js';
import { channelEnd, openExec, writeChannel, type ChannelEnd } from './channel.js';
import { StreamReader } from './stream-reader.js';

interface ScpIo {
  readonly reader: StreamReader;
  write(data: Buffer | string): Promise<void>;
  /** Reads the peer's status byte; rejects with its message when it reports an error. */
  expectOk(): Promise<void>;
}

/**
 * The sink gets the full destination (Packer gives it the parent directory, which a missing parent turns
 * into a file of that name); a missing parent is then an error, as it should be.
 */
export async function scpUpload(client: Client, dst: string, content: Buffer, mode: number, signal: AbortSignal): Promise<void> {
  await scpSession(client, `scp -t ${shellQuote(dst)}`, signal, async (io) => {
    await io.expectOk();
    await sendFile(io, posix.basename(dst), content, mode);
  });
}

/**
 * Without a trailing `/` on `src` the directory itself is copied: into `dst` when that is an existing
 * directory, otherwise as `dst`. With a trailing `/` only its contents are copied into `dst`, which is
 * created when missing (Packer's scp writes the first file over a missing `dst` instead).
 */
export async function scpUploadDir(client: Client, dst: string, src: string, signal: AbortSignal): Promise<void> {
  const contentsOnly = src.endsWith('/');
  const local = src.replace(/\/+$/, '') || '/';
  const target = dst.length > 1 ? dst.replace(/\/+$/, '') : dst;
  const targetName = posix.basename(target);
  // Sending the contents wrapped in a record named like the target makes the sink create it if missing and
  // merge into it otherwise; `/`, `.` and `..` cannot be record names, so those get the bare contents.
  const wrapContents = contentsOnly && targetName !== '' && targetName !== '.' && targetName !== '..';
  const sinkDir = wrapContents ? posix.dirname(target) : target;
  await scpSession(client, `scp -rt ${shellQuote(sinkDir)}`, signal, async (io) => {
    await io.expectOk();
    if (!contentsOnly) await sendDir(io, local, basename(local));
    else if (wrapContents) await sendDir(io, local, targetName);
    else await sendEntries(io, local);
  });
}

export async function scpDownload(client: Client, src: string, signal: AbortSignal): Promise<Buffer> {
  let result: Buffer | undefined;
  await scpSession(client, `scp -f ${shellQuote(src)}`, signal, async (io) => {
    await io.write('\0');
    const record = await readRecord(io);
    if (record.kind !== 'C') throw new Error(`scp: unexpected response from ${src} (${record.kind})`);
    await io.write('\0');
    const chunks: Buffer[] = [];
    await io.reader.take(record.size, (c) => void chunks.push(Buffer.from(c)));
    await io.expectOk();
    await io.write('\0');
    result = Buffer.concat(chunks);
  });
  return result ?? Buffer.alloc(0);
}

/**
 * Everything the remote scp sends for `src` lands inside local `dst` — a directory arrives as `dst/<name>`
 * (scp drops trailing slashes); globs in `src` are expanded by the remote shell.
 */
export async function scpDownloadDir(client: Client, src: string, dst: string, signal: AbortSignal): Promise<void> {
  await scpSession(client, `scp -rf ${quoteKeepingGlobs(src)}`, signal, async (io) => {
    const stack = [dst];
    await mkdir(dst, { recursive: true });
    await io.write('\0');
    for (;;) {
      const record = await readRecord(io);
      if (record.kind === 'end-of-stream') return;
      if (record.kind === 'E') {
        stack.pop();
        await io.write('\0');
        if (stack.length === 0) return;
        continue;
      }
      if (record.kind === 'T') {
        await io.write('\0');
        continue;
      }
      if (record.name === '' || record.name === '.' || record.name === '..' || record.name.includes('/')) {
        throw new Error(`scp: refusing unexpected file name from the remote: '${record.name}'`);
      }
      const path = join(stack[stack.length - 1] as string, record.name);
      if (record.kind === 'D') {
        await mkdir(path, { recursive: true, mode: record.mode });
        stack.push(path);
        await io.write('\0');
        continue;
      }
      await io.write('\0');
      const file = await open(path, 'w', record.mode);
      try {
        await io.reader.take(record.size, async (c) => void (await file.write(c)));
      } finally {
        await file.close();
      }
      await io.expectOk();
      await io.write('\0');
    }
  });
}

type ScpRecord =
  | { readonly kind: 'C' | 'D'; readonly mode: number; readonly size: number; readonly name: string }
  | { readonly kind: 'E' }
  | { readonly kind: 'T' }
  | { readonly kind: 'end-of-stream' };

async function readRecord(io: ScpIo): Promise<ScpRecord> {
  let first: number;
  try {
    first = await io.reader.byte();
  } catch {
    return { kind: 'end-of-stream' };
  }
  const line = await io.reader.line();
  if (first === 1 || first === 2) throw new Error(line);
  const kind = String.fromCharCode(first);
  if (kind === 'E') return { kind };
  if (kind === 'T') return { kind };
  const m = /^([0-7]+) (\d+) (.*)$/.exec(line);
  if ((kind !== 'C' && kind !== 'D') || !m) throw new Error(`scp: unexpected response: ${JSON.stringify(kind + line)}`);
  return { kind, mode: parseInt(m[1] as string, 8) & 0o7777, size: Number(m[2]), name: m[3] as string };
}

async function sendFile(io: ScpIo, name: string, content: Buffer, mode: number): Promise<void> {
  await io.write(`C${octal(mode)} ${content.length} ${name}\n`);
  await io.expectOk();
  await io.write(content);
  await io.write('\0');
  await io.expectOk();
}

async function sendDir(io: ScpIo, dir: string, name: string): Promise<void> {
  const info = await stat(dir);
  await io.write(`D${octal(info.mode)} 0 ${name}\n`);
  await io.expectOk();
  await sendEntries(io, dir);
  await io.write('E\n');
  await io.expectOk();
}

/** Symbolic links are followed, like Packer's upload. */
async function sendEntries(io: ScpIo, dir: string): Promise<void> {
  for (const entry of (await readdir(dir)).sort()) {
    const full = join(dir, entry);
    const info = await stat(full);
    if (info.isDirectory()) await sendDir(io, full, entry);
    else await sendFile(io, entry, await readFile(full), info.mode);
  }
}

async function scpSession(client: Client, command: string, signal: AbortSignal, dialogue: (io: ScpIo) => Promise<void>): Promise<void> {
  if (signal.aborted) throw abortError();
  const channel = await openExec(client, command, {});
  const ended = channelEnd(channel);
  let stderr = '';
  channel.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  let onAbort = (): void => undefined;
  // Aborting does not wait for the remote scp to notice the closed channel.
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      closeQuietly(channel);
      reject(abortError());
    };
  });
  aborted.catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  const reader = new StreamReader(channel);
  const io: ScpIo = {
    reader,
    write: (data) => writeChannel(channel, data),
    async expectOk() {
      const status = await reader.byte();
      if (status === 0) return;
      const message = await reader.line().catch(() => '');
      throw new Error(message || `scp: error status ${status}`);
    },
  };
  try {
    await Promise.race([dialogue(io), aborted]);
    channel.end();
    const end = await Promise.race([ended, aborted]);
    if (end.code !== undefined && end.code !== 0) throw failure(undefined, end, stderr);
  } catch (e) {
    if (signal.aborted) throw abortError();
    closeQuietly(channel);
    // The exit status explains a broken dialogue (127 = no scp), but a wedged remote must not hold us.
    const end = await Promise.race([ended, new Promise<ChannelEnd>((r) => setTimeout(() => r({}), 2000).unref())]);
    throw failure(e, end, stderr);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function failure(e: unknown, end: { code?: number }, stderr: string): Error {
  if (end.code === 127) {
    return new Error('SCP failed to start. This usually means that SCP is not\nproperly installed on the remote system.');
  }
  if (e instanceof Error && !/connection closed unexpectedly/.test(e.message)) return e;
  const detail = stderr.trim().split('\n').pop();
  const status = end.code !== undefined ? `Process exited with status ${end.code}` : 'connection lost';
  return new Error(detail ? `${status}: ${detail}` : status);
}

function closeQuietly(channel: ClientChannel): void {
  try {
    channel.close();
  } catch {
    // Already closed with the connection.
  }
}

function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/** Single-quotes for the remote POSIX shell unless the word is plainly safe. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'"'"'`)}'`;
}

/** Escapes everything but glob characters, so the remote shell still expands `*`, `?` and `[...]`. */
export function quoteKeepingGlobs(s: string): string {
  return s.replace(/[^A-Za-z0-9_@%+=:,./*?[\]-]/g, (c) => `\\${c}`);
}
