/** The `docker-push` post-processor: pushes the image and its tags, with an optional registry login. */
import { BUILDER_IDS } from '../../artifact.js';
import { imageArtifact } from '../../builders/docker/artifact.js';
import { connectDocker, dockerErrorMessage, followProgress, type RegistryAuth } from '../../builders/docker/docker-api.js';
import type { BuildInfo, PostProcessor } from '../../component.js';
import { decodeComponent } from '../../decode.js';
import type { ConfigRecord } from '../../plan.js';
import { dockerPushPostProcessor, type DockerPushPostProcessorConfig } from '../../../packer/schema/post-processors/docker-push.js';

function dockerPushRules(c: DockerPushPostProcessorConfig): string[] {
  return c.ecr_login ? ['ecr_login is not supported yet'] : [];
}

export function createDockerPushPostProcessor(values: ConfigRecord, build: BuildInfo): PostProcessor {
  const config = decodeComponent(dockerPushPostProcessor, values, dockerPushRules);
  const { login } = config;
  const auth: RegistryAuth = { username: config.login_username ?? '', password: config.login_password ?? '', serveraddress: config.login_server ?? '' };
  return {
    async postProcess(ctx, input) {
      if (input.builderId !== BUILDER_IDS.dockerImport && input.builderId !== BUILDER_IDS.dockerTag) {
        throw new Error(`Unknown artifact type: ${input.builderId}\nCan only import from docker-import and docker-tag artifacts.`);
      }
      const docker = await connectDocker(build.env);
      // The login does not take the signal; a cancelled build logs in to nothing and announces no push.
      ctx.signal.throwIfAborted();
      if (login) {
        ctx.ui.message('Logging in...');
        try {
          await docker.checkAuth(auth);
        } catch (e) {
          throw new Error(`Error logging in to Docker: ${dockerErrorMessage(e, build.env)}`);
        }
      }
      const tags = (input.state?.docker_tags as readonly string[] | undefined) ?? [];
      let digest = '';
      try {
        for (const name of [input.id, ...tags]) {
          ctx.signal.throwIfAborted();
          ctx.ui.message(`Pushing: ${name}`);
          const stream = await docker.getImage(name).push({ ...(login ? { authconfig: auth } : {}), abortSignal: ctx.signal } as object);
          const events = await followProgress(docker, stream);
          digest = events.map((e) => e.aux?.Digest ?? '').filter((d) => d !== '').pop() ?? digest;
        }
      } catch (e) {
        throw new Error(`Error pushing image: ${dockerErrorMessage(e, build.env)}`);
      } finally {
        if (login) ctx.ui.message('Logging out...');
      }
      if (digest === '') ctx.ui.message('Unable to determine digest for source image, ignoring it for now');
      const artifact = imageArtifact({
        docker,
        builderId: BUILDER_IDS.dockerImport,
        id: input.id,
        generatedData: { ...input.generatedData, ...(digest ? { Digest: digest } : {}) },
      });
      return { artifact, keep: true, forceOverride: false };
    },
  };
}
