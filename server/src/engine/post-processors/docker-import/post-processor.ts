/** The `docker-import` post-processor: imports an exported container tarball as an image. */
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { BUILDER_IDS } from '../../artifact.js';
import { imageArtifact } from '../../builders/docker/artifact.js';
import { connectDocker, dockerErrorMessage, followProgress } from '../../builders/docker/docker-api.js';
import type { BuildInfo, PostProcessor } from '../../component.js';
import { decodeComponent } from '../../decode.js';
import type { ConfigRecord } from '../../plan.js';
import { dockerImportPostProcessor } from '../../../packer/schema/post-processors/docker-import.js';

export function createDockerImportPostProcessor(values: ConfigRecord, build: BuildInfo): PostProcessor {
  const config = decodeComponent(dockerImportPostProcessor, values);
  const { repository = '', tag = '', changes = [], platform = '' } = config;
  return {
    async postProcess(ctx, input) {
      if (input.builderId !== BUILDER_IDS.docker && input.builderId !== BUILDER_IDS.artifice) {
        throw new Error(
          `Unknown artifact type: ${input.builderId}\nCan only import from Docker builder and Artifice post-processor artifacts. If you are getting this error after having run the docker builder, it may be because you set commit: true in your Docker builder, so the image is already imported. In this case, you can't also use docker-import.`,
        );
      }
      const name = tag !== '' ? `${repository}:${tag}` : repository;
      ctx.ui.message(`Importing image: ${input.id}`);
      ctx.ui.message(`Repository: ${name}`);
      const docker = await connectDocker(build.env);
      let imageId = '';
      try {
        const stream = await docker.importImage(createReadStream(resolve(build.cwd, input.files[0] ?? '')), {
          repo: repository,
          ...(tag !== '' ? { tag } : {}),
          ...(changes.length > 0 ? { changes } : {}),
          ...(platform !== '' ? { platform } : {}),
          abortSignal: ctx.signal,
        } as object);
        const events = await followProgress(docker, stream);
        imageId = events.map((e) => e.status ?? '').filter((s) => s.startsWith('sha256:')).pop() ?? '';
      } catch (e) {
        throw new Error(`Error importing image: ${dockerErrorMessage(e, build.env)}`);
      }
      ctx.ui.message(`Imported ID: ${imageId}`);
      const artifact = imageArtifact({ docker, builderId: BUILDER_IDS.dockerImport, id: name, generatedData: input.generatedData });
      return { artifact, keep: false, forceOverride: false };
    },
  };
}
