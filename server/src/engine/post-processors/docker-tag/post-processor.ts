/** The `docker-tag` post-processor: tags the built image as `repository:tag` for every tag. */
import { BUILDER_IDS } from '../../artifact.js';
import { imageArtifact } from '../../builders/docker/artifact.js';
import { connectDocker, dockerErrorMessage } from '../../builders/docker/docker-api.js';
import type { BuildInfo, PostProcessor } from '../../component.js';
import { decodeComponent } from '../../decode.js';
import type { ConfigRecord } from '../../plan.js';
import { dockerTagPostProcessor, type DockerTagPostProcessorConfig } from '../../../packer/schema/post-processors/docker-tag.js';

/** The plugin checks `repository` at prepare time, not through its spec. */
function dockerTagRules(c: DockerTagPostProcessorConfig): string[] {
  return c.repository ? [] : ['repository is required'];
}

export function createDockerTagPostProcessor(values: ConfigRecord, build: BuildInfo): PostProcessor {
  const config = decodeComponent(dockerTagPostProcessor, values, dockerTagRules);
  const repository = config.repository ?? '';
  const tags = [...(config.tags ?? []), ...(config.tag ?? [])];
  return {
    async postProcess(ctx, input) {
      if (input.builderId !== BUILDER_IDS.dockerImport && input.builderId !== BUILDER_IDS.dockerTag) {
        throw new Error(`Unknown artifact type: ${input.builderId}\nCan only tag from Docker builder artifacts.`);
      }
      const docker = await connectDocker(build.env);
      const image = docker.getImage(input.id);
      const names: string[] = [];
      for (const tag of tags.length > 0 ? tags : ['']) {
        const name = tag === '' ? repository : `${repository}:${tag}`;
        ctx.ui.message(`Tagging image: ${input.id}`);
        ctx.ui.message(`Repository: ${name}`);
        try {
          await image.tag({ repo: repository, ...(tag !== '' ? { tag } : {}), abortSignal: ctx.signal } as { repo: string });
        } catch (e) {
          throw new Error(`Error tagging image: ${dockerErrorMessage(e, build.env)}`);
        }
        names.push(name);
      }
      const artifact = imageArtifact({
        docker,
        builderId: BUILDER_IDS.dockerTag,
        id: names[names.length - 1] as string,
        tags: names,
        generatedData: input.generatedData,
      });
      return { artifact, keep: true, forceOverride: true };
    },
  };
}
