/** The `file` provisioner: uploads files/directories (or `content`) to the machine, or downloads from it. */
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { BuildInfo, ProvisionContext, Provisioner } from '../../component.js';
import { decodeComponent } from '../../decode.js';
import type { ConfigRecord } from '../../plan.js';
import { fileProvisioner, type FileProvisionerConfig } from '../../../packer/schema/provisioners/file.js';

function fileSources(c: FileProvisionerConfig): string[] {
  return [...(c.source !== undefined ? [c.source] : []), ...(c.sources ?? [])];
}

/** The plugin's Prepare checks: one kind of source, a destination, and uploads that exist. */
function fileProvisionerRules(c: FileProvisionerConfig, build: BuildInfo): string[] {
  const problems: string[] = [];
  const sources = fileSources(c);
  if (c.content !== undefined && sources.length > 0) problems.push('source(s) conflicts with content.');
  if (c.content === undefined && sources.length === 0) problems.push('Source must be specified.');
  if (c.destination === '') problems.push(fileProvisioner.attributes.destination.requiredMessage ?? 'Destination must be specified.');
  if (c.direction === 'upload' && !c.generated) {
    for (const s of sources) {
      if (!existsSync(resolve(build.cwd, s))) problems.push(`Bad source '${s}': stat ${s}: no such file or directory`);
    }
  }
  return problems;
}

export function createFileProvisioner(values: ConfigRecord, build: BuildInfo): Provisioner {
  const config = decodeComponent(fileProvisioner, values, (c) => fileProvisionerRules(c, build));
  const sources = fileSources(config);
  const { content, destination, direction } = config;

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
