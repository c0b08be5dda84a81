/** The `compress` post-processor: tar/tar.gz/zip archives or a single gzipped file, format from the name. */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import { BUILDER_IDS, type Artifact } from '../../artifact.js';
import type { BuildInfo, PostProcessContext, PostProcessor } from '../../component.js';
import { decodeComponent } from '../../decode.js';
import { renderTemplate } from '../../interpolate.js';
import type { ConfigRecord } from '../../plan.js';
import { writeZip } from './zip.js';
import { compressPostProcessor } from '../../../packer/schema/post-processors/compress.js';

type Format = { readonly archive: 'tar' | 'zip' | 'none'; readonly compressor: 'gz' | 'none' };

export function createCompressPostProcessor(values: ConfigRecord, build: BuildInfo): PostProcessor {
  const config = decodeComponent(compressPostProcessor, values);
  const { output } = config;
  const formatExt = config.format ?? '';
  // Unset, 0 and -1 all mean the library default; anything above 9 is clamped like the plugin does.
  let level = config.compression_level ?? constants.Z_DEFAULT_COMPRESSION;
  if (level === 0 || level === -1) level = constants.Z_DEFAULT_COMPRESSION;
  if (level > 9) level = 9;
  return {
    async postProcess(ctx, input) {
      const target = renderTemplate(output, { ...input.generatedData, BuildName: build.sourceName, BuilderType: build.builderType }, build);
      const format = detectFormat(formatExt !== '' ? `${target}.${formatExt}` : target);
      const targetPath = resolve(build.cwd, target);
      await mkdir(dirname(targetPath), { recursive: true });
      const inputs = input.files.map((f) => resolve(build.cwd, f));
      if (format.archive === 'none' && inputs.length !== 1) {
        throw new Error(`Can only have 1 input file when not using tar/zip. Found ${inputs.length} files: ${input.files.join(', ')}`);
      }
      ctx.signal.throwIfAborted();
      try {
        await writeArchive(ctx, format, target, targetPath, inputs, input.files, level);
      } catch (e) {
        // A cancelled or failed archive leaves no partial file behind.
        await rm(targetPath, { force: true });
        throw e;
      }
      ctx.ui.say(`Archive ${target} completed`);
      const artifact: Artifact = {
        builderId: BUILDER_IDS.compress,
        id: '',
        files: [target],
        description: `compressed artifacts in: ${target}`,
        generatedData: input.generatedData,
        destroy: () => rm(targetPath, { force: true }),
      };
      return { artifact, keep: false, forceOverride: false };
    },
  };
}

/** From the last two `.ext` groups: `.tar`/`.zip` archive, `.tar.gz` tar+gzip, `.gz` single file, else tar+gzip. */
export function detectFormat(name: string): Format {
  const exts = [...basename(name).toLowerCase().matchAll(/\.([a-z0-9]+)/g)].map((m) => m[1] as string);
  const last = exts[exts.length - 1];
  const previous = exts[exts.length - 2];
  if (last === 'tar') return { archive: 'tar', compressor: 'none' };
  if (last === 'zip') return { archive: 'zip', compressor: 'none' };
  if (last === 'gz' || last === 'tgz') return previous === 'tar' || last === 'tgz' ? { archive: 'tar', compressor: 'gz' } : { archive: 'none', compressor: 'gz' };
  return { archive: 'tar', compressor: 'gz' };
}

/** Writes `inputs` into the archive `format` names at `targetPath` (created first), stopping when `ctx.signal` aborts. */
async function writeArchive(
  ctx: PostProcessContext,
  format: Format,
  target: string,
  targetPath: string,
  inputs: readonly string[],
  files: readonly string[],
  level: number,
): Promise<void> {
  if (format.archive === 'zip') {
    ctx.ui.say(`Zipping ${target}`);
    await writeZip(targetPath, files.map((f, i) => ({ name: f.replaceAll('\\', '/'), path: inputs[i] as string })), level);
  } else if (format.archive === 'tar') {
    ctx.ui.say(`Tarring ${target} with ${format.compressor === 'gz' ? 'pgzip' : 'none'}`);
    // Imported here so that preparing (and `validate`) never loads the tar library; a CommonJS module, whose
    // exports Node's ES module loader offers as `default`.
    const { default: tar } = await import('tar-stream');
    const pack = tar.pack();
    const sink = format.compressor === 'gz' ? [createGzip({ level }), createWriteStream(targetPath)] : [createWriteStream(targetPath)];
    const written = pipeline([pack, ...sink] as unknown as Parameters<typeof pipeline>[0][], { signal: ctx.signal });
    const packed = (async () => {
      for (const file of inputs) {
        const st = await stat(file);
        const body = await readFile(file);
        await new Promise<void>((res, rej) =>
          pack.entry({ name: basename(file), size: st.size, mode: st.mode & 0o7777, mtime: st.mtime }, body, (e) => (e ? rej(e) : res())),
        );
      }
      pack.finalize();
    })();
    // Both at once: a cancel ends the pipeline (and the entries then never complete), an unreadable input the packing.
    await Promise.all([written, packed]);
  } else {
    ctx.ui.say(`Archiving ${files[0]} with pgzip`);
    await pipeline(createReadStream(inputs[0] as string), createGzip({ level }), createWriteStream(targetPath), { signal: ctx.signal });
  }
}
