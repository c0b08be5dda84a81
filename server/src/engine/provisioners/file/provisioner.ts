/** The `file` provisioner: uploads files/directories (or `content`) to the machine, or downloads from it. */
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { BuildInfo, ProvisionContext, Provisioner } from '../../component.js';
import { ConfigReader } from '../../config.js';
import type { ConfigRecord } from '../../plan.js';

export function createFileProvisioner(values: ConfigRecord, build: BuildInfo): Provisioner {
  const r = new ConfigReader(values);
  const problems: string[] = [];
  const sources = [...(r.has('source') ? [r.string('source')] : []), ...r.stringList('sources')];
  const content = r.has('content') ? r.string('content') : undefined;
  const destination = r.string('destination');
  const direction = r.string('direction', 'upload');
  const generated = r.bool('generated');
  if (direction !== 'upload' && direction !== 'download') problems.push('Direction must be one of: download, upload.');
  if (content !== undefined && sources.length > 0) problems.push('source(s) conflicts with content.');
  if (content === undefined && sources.length === 0) problems.push('Source must be specified.');
  if (destination === '') problems.push('Destination must be specified.');
  if (direction === 'upload' && !generated) {
    for (const s of sources) {
      if (!existsSync(resolve(build.cwd, s))) problems.push(`Bad source '${s}': stat ${s}: no such file or directory`);
    }
  }
  r.done(problems);

  return {
    async provision(ctx: ProvisionContext): Promise<void> {
      if (direction === 'download') return download(ctx, sources, destination, build);
      if (content !== undefined) {
        const dst = destination.endsWith('/') ? `${destination}pkr-file-content${randomInt(1e8, 1e9)}` : destination;
        ctx.ui.say(`Uploading content => ${dst}`);
        await ctx.comm.upload(dst, Buffer.from(content), 0o644, ctx.signal).catch(uploadFailed);
        return;
      }
      for (const src of sources) {
        const local = resolve(build.cwd, src);
        ctx.ui.say(`Uploading ${src} => ${destination}`);
        const info = await stat(local);
        if (info.isDirectory()) {
          await ctx.comm.uploadDir(destination, src.endsWith('/') ? `${local}/` : local, ctx.signal).catch(uploadFailed);
          continue;
        }
        const dst = destination.endsWith('/') ? `${destination}${basename(local)}` : destination;
        await ctx.comm.upload(dst, await readFile(local), info.mode & 0o7777, ctx.signal).catch(uploadFailed);
      }
    },
  };
}

function uploadFailed(e: unknown): never {
  const message = e instanceof Error ? e.message : String(e);
  const hint = /Error restoring file/.test(message)
    ? ' Check that the destination path ends with a slash if it is a directory, and that its parent exists.'
    : '';
  throw new Error(`Upload failed: ${message}${hint}`);
}

async function download(ctx: ProvisionContext, sources: readonly string[], destination: string, build: BuildInfo): Promise<void> {
  const localDst = resolve(build.cwd, destination);
  for (const src of sources) {
    ctx.ui.say(`Downloading ${src} => ${destination}`);
    const dir = destination.endsWith('/') ? localDst : dirname(localDst);
    await mkdir(dir, { recursive: true });
    if (src.endsWith('/') || /[*?[]/.test(src)) {
      await ctx.comm.downloadDir(src, localDst, ctx.signal);
      continue;
    }
    const target = destination.endsWith('/') ? resolve(localDst, basename(src)) : localDst;
    const data = await ctx.comm.download(src, ctx.signal);
    await writeFile(target, data, { mode: 0o644 });
  }
}
