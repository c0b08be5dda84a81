/** The `checksum` post-processor: appends `<hex>\t<basename>` lines per checksum type to checksum files. */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { appendFile, mkdir, rm } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { BUILDER_IDS, type Artifact } from '../../artifact.js';
import type { BuildInfo, PostProcessor } from '../../component.js';
import { decodeComponent } from '../../decode.js';
import { renderTemplate } from '../../interpolate.js';
import type { ConfigRecord } from '../../plan.js';
import { CHECKSUM_TYPES, checksumPostProcessor, type ChecksumPostProcessorConfig } from '../../../packer/schema/post-processors/checksum.js';

function checksumRules(c: ChecksumPostProcessorConfig): string[] {
  return c.checksum_types.filter((t) => !(CHECKSUM_TYPES as readonly string[]).includes(t)).map((t) => `Unrecognized checksum type: ${t}`);
}

export function createChecksumPostProcessor(values: ConfigRecord, build: BuildInfo): PostProcessor {
  const { checksum_types: types, output } = decodeComponent(checksumPostProcessor, values, checksumRules);
  return {
    async postProcess(ctx, input) {
      const created: string[] = [];
      for (const type of types) {
        for (const file of input.files) {
          const hash = createHash(type);
          await pipeline(createReadStream(resolve(build.cwd, file)), hash, { signal: ctx.signal });
          const outName = renderTemplate(output, { ...input.generatedData, BuildName: build.sourceName, BuilderType: build.builderType, ChecksumType: type }, build);
          const outPath = resolve(build.cwd, outName);
          await mkdir(dirname(outPath), { recursive: true });
          if (!existsSync(outPath) && !created.includes(outName)) created.push(outName);
          await appendFile(outPath, `${hash.digest('hex')}\t${basename(file)}\n`);
        }
      }
      const files = [...input.files, ...created];
      const artifact: Artifact = {
        builderId: BUILDER_IDS.checksum,
        id: '',
        files,
        description: `Created artifact from files: ${files.join(', ')}`,
        generatedData: input.generatedData,
        async destroy() {
          for (const f of files) await rm(resolve(build.cwd, f), { force: true });
        },
      };
      return { artifact, keep: true, forceOverride: true };
    },
  };
}
