/** The `docker-save` post-processor: writes the image (`docker save`) to a tar file; passes the input on. */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { BUILDER_IDS } from '../../artifact.js';
import { connectDocker, dockerErrorMessage } from '../../builders/docker/docker-api.js';
import type { BuildInfo, PostProcessor } from '../../component.js';
import { decodeComponent } from '../../decode.js';
import type { ConfigRecord } from '../../plan.js';
import { dockerSavePostProcessor, type DockerSavePostProcessorConfig } from '../../../packer/schema/post-processors/docker-save.js';

/** The plugin checks `path` at prepare time, not through its spec. */
function dockerSaveRules(c: DockerSavePostProcessorConfig): string[] {
  return c.path ? [] : ['path is required'];
}

export function createDockerSavePostProcessor(values: ConfigRecord, build: BuildInfo): PostProcessor {
  const path = decodeComponent(dockerSavePostProcessor, values, dockerSaveRules).path ?? '';
  return {
    async postProcess(ctx, input) {
      if (input.builderId !== BUILDER_IDS.dockerImport && input.builderId !== BUILDER_IDS.dockerTag) {
        throw new Error(`Unknown artifact type: ${input.builderId}\nCan only save Docker builder artifacts.`);
      }
      const target = resolve(build.cwd, path);
      ctx.ui.message(`Saving image: ${input.id}`);
      await mkdir(dirname(target), { recursive: true });
      try {
        const stream = await (await connectDocker(build.env)).getImage(input.id).get();
        await pipeline(stream, createWriteStream(target), { signal: ctx.signal });
      } catch (e) {
        await rm(target, { force: true });
        throw new Error(`Error saving image: ${dockerErrorMessage(e, build.env)}`);
      }
      ctx.ui.message(`Saved to: ${path}`);
      return { artifact: input, keep: true, forceOverride: false };
    },
  };
}
