/** The `manifest` post-processor: appends one entry per build to a JSON file shared across runs. */
import { open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Artifact } from '../../artifact.js';
import type { BuildInfo, PostProcessContext, PostProcessor, PostProcessResult } from '../../component.js';
import { decodeComponent } from '../../decode.js';
import { renderTemplate } from '../../interpolate.js';
import type { ConfigRecord } from '../../plan.js';
import { sleep } from '../../runner.js';
import { manifestPostProcessor } from '../../../packer/schema/post-processors/manifest.js';

interface ManifestEntry {
  name: string;
  builder_type: string;
  build_time?: number;
  files: { name: string; size: number }[] | null;
  artifact_id: string;
  packer_run_uuid: string;
  custom_data: Record<string, string> | null;
}

interface Manifest {
  builds: ManifestEntry[];
  last_run_uuid: string;
}

export function createManifestPostProcessor(values: ConfigRecord, build: BuildInfo): PostProcessor {
  const config = decodeComponent(manifestPostProcessor, values);
  // The plugin treats an empty output like an unset one.
  const output = config.output || 'packer-manifest.json';
  const { strip_path: stripPath, strip_time: stripTime, custom_data: customData } = config;
  return {
    async postProcess(ctx: PostProcessContext, input: Artifact): Promise<PostProcessResult> {
      const path = resolve(build.cwd, output);
      const files: { name: string; size: number }[] = [];
      for (const f of input.files) {
        const size = await stat(resolve(build.cwd, f)).then((s) => s.size, () => 0);
        files.push({ name: stripPath ? basename(f) : f, size });
      }
      let custom: Record<string, string> | null = null;
      if (customData) {
        custom = {};
        // Sensitive variable values never reach the file, like every other place the engine writes to.
        const mask = (text: string): string => ctx.ui.mask?.(text) ?? text;
        for (const [k, v] of Object.entries(customData)) custom[k] = mask(renderTemplate(v, input.generatedData, build));
      }
      const buildTime = Math.floor(Date.now() / 1000);
      const entry: ManifestEntry = {
        name: build.sourceName,
        builder_type: build.builderType,
        ...(stripTime ? {} : { build_time: buildTime }),
        files: files.length > 0 ? files : null,
        artifact_id: input.id,
        packer_run_uuid: build.runUuid,
        custom_data: custom,
      };
      await withLock(`${path}.lock`, ctx.signal, async () => {
        // A cancelled build records nothing, also when the cancel came while waiting for the lock.
        ctx.signal.throwIfAborted();
        let manifest: Manifest = { builds: [], last_run_uuid: '' };
        const existing = await readFile(path, 'utf8').catch(() => undefined);
        if (existing !== undefined && existing.trim() !== '') {
          try {
            manifest = JSON.parse(existing) as Manifest;
          } catch (e) {
            throw new Error(`Unable to parse content from ${output}: ${e instanceof Error ? e.message : String(e)}`);
          }
          manifest.builds ??= [];
        }
        if (build.force && manifest.last_run_uuid !== build.runUuid) manifest = { builds: [], last_run_uuid: '' };
        manifest.builds.push(entry);
        manifest.last_run_uuid = build.runUuid;
        await writeFile(path, goJson({ builds: manifest.builds, last_run_uuid: manifest.last_run_uuid }), { mode: 0o664 });
      });
      return { artifact: input, keep: true, forceOverride: true };
    },
  };
}

/** Exclusive `<output>.lock` so parallel builds append one after another (3 tries, like Packer). */
async function withLock(lockPath: string, signal: AbortSignal, fn: () => Promise<void>): Promise<void> {
  const delays = [0, 200, 400];
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.close();
      break;
    } catch (e) {
      if (attempt >= delays.length - 1) throw new Error(`Unable to lock ${lockPath}: ${e instanceof Error ? e.message : String(e)}`);
      await sleep(delays[attempt + 1] as number, signal);
    }
  }
  try {
    await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}

/** Go's `json.MarshalIndent(v, "", "  ")`: HTML-sensitive characters escaped, no trailing newline. */
function goJson(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}
