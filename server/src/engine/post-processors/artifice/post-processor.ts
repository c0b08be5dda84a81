/** The `artifice` post-processor: replaces the artifact's file list with files matching globs. */
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import picomatch from 'picomatch';
import { BUILDER_IDS, type Artifact } from '../../artifact.js';
import type { BuildInfo, PostProcessor } from '../../component.js';
import { decodeComponent } from '../../decode.js';
import type { ConfigRecord } from '../../plan.js';
import { artificePostProcessor, type ArtificePostProcessorConfig } from '../../../packer/schema/post-processors/artifice.js';

/** An empty list counts as missing, like the plugin's own check. */
function artificeRules(c: ArtificePostProcessorConfig): string[] {
  return c.files.length === 0 ? [artificePostProcessor.attributes.files.requiredMessage ?? 'No files specified'] : [];
}

export function createArtificePostProcessor(values: ConfigRecord, build: BuildInfo): PostProcessor {
  const patterns = decodeComponent(artificePostProcessor, values, artificeRules).files;
  return {
    async postProcess(ctx, input) {
      if (input.files.length > 0) ctx.ui.say(`Discarding files from artifact: ${input.files.join(', ')}`);
      const files: string[] = [];
      for (const pattern of patterns) {
        const matches = await globFiles(pattern, build.cwd);
        if (matches.length === 0 && !existsSync(resolve(build.cwd, pattern))) {
          throw new Error(`unable to find ${pattern}`);
        }
        files.push(...(matches.length > 0 ? matches.sort() : [pattern]));
      }
      ctx.ui.say(`Using these artifact files: ${files.join(', ')}`);
      const artifact: Artifact = {
        builderId: BUILDER_IDS.artifice,
        id: '',
        files,
        description: `Created artifact from files: ${files.join(', ')}`,
        generatedData: input.generatedData,
        async destroy() {
          for (const f of files) await rm(resolve(build.cwd, f), { force: true });
        },
      };
      return { artifact, keep: true, forceOverride: false };
    },
  };
}

/** Files under the pattern's static base directory that match it, as paths relative to `cwd`. */
async function globFiles(pattern: string, cwd: string): Promise<string[]> {
  const scan = picomatch.scan(pattern);
  if (!scan.isGlob) return [];
  const base = resolve(cwd, scan.base || '.');
  const isMatch = picomatch(pattern, { dot: false });
  const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(cwd, join(e.parentPath, e.name)))
    .filter((p) => isMatch(p));
}
