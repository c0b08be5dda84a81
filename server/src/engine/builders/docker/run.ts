/**
 * The docker builder's run: temp dir → pull (or check the local image) → run container → connect → provision →
 * commit / export / discard; the container and the temp dir are always removed in cleanup. Imported only when a
 * build runs (builder.ts), so preparing and validating templates never load dockerode or tar-stream.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import { BUILDER_IDS, type Artifact } from '../../artifact.js';
import type { BuilderContext, BuildInfo } from '../../component.js';
import { renderTemplate } from '../../interpolate.js';
import { buildVariables, failIfErrored, provisionStep, type ProvisioningState } from '../../provision-step.js';
import { runSteps, StepError, type Step } from '../../runner.js';
import { exportArtifact, imageArtifact } from './artifact.js';
import type { PreparedDockerConfig } from './config.js';
import { connectDocker, dockerErrorMessage, followProgress, type RegistryAuth } from './docker-api.js';
import { fullRunArgs, parseRunCommand } from './run-command.js';

/**
 * The communicator (with tar-stream under it) is imported while the daemon starts the container, the longest
 * wait of a build, rather than before the first request to the daemon.
 */
let communicatorModule: Promise<typeof import('../../communicators/docker/communicator.js')> | undefined;
const loadCommunicator = () => (communicatorModule ??= import('../../communicators/docker/communicator.js'));

interface DockerState extends ProvisioningState {
  tempDir?: string;
  containerId?: string;
  sourceImage?: Docker.ImageInspectInfo;
  imageId?: string;
  exported?: string;
}

export async function runDockerBuild(config: PreparedDockerConfig, ctx: BuilderContext): Promise<Artifact | undefined> {
  const docker = await connectDocker(ctx.build.env);
  const state: DockerState = {
    ui: ctx.ui,
    cancelled: false,
    buildVars: buildVariables(ctx.build, {
      ConnType: 'docker',
      ImageSha256: 'ERR_IMAGE_SHA256_NOT_FOUND',
      SourceImageDigest: 'ERR_SOURCE_IMAGE_DIGEST_NOT_FOUND',
      SourceImageSha256: 'ERR_SOURCE_IMAGE_SHA256_NOT_FOUND',
    }),
  };
  const steps: Step<DockerState>[] = [
    tempDirStep(ctx.build),
    pullStep(docker, config, ctx.build),
    runContainerStep(docker, config, ctx.build),
    connectStep(docker, config, ctx.build),
    provisionStep<DockerState>(ctx.hook, ctx.build),
    config.commit ? commitStep(docker, config) : config.export_path ? exportStep(docker, config, ctx.build) : noopStep('StepDiscard'),
  ];
  await runSteps(steps, state, { signal: ctx.signal, onError: ctx.build.onError, debug: ctx.build.debug });
  failIfErrored(state);
  if (state.cancelled) return undefined;
  return artifactOf(docker, config, state);
}

function artifactOf(docker: Docker, config: PreparedDockerConfig, state: DockerState): Artifact {
  const generatedData = state.buildVars;
  if (config.commit && state.imageId) {
    return imageArtifact({ docker, builderId: BUILDER_IDS.dockerImport, id: state.imageId, generatedData });
  }
  return exportArtifact(state.exported ?? '', generatedData);
}

function noopStep(name: string): Step<DockerState> {
  return { name, run: async () => 'continue', cleanup: async () => undefined };
}

function tempDirStep(build: BuildInfo): Step<DockerState> {
  return {
    name: 'StepTempDir',
    async run(state) {
      state.ui.say('Creating a temporary directory for sharing data...');
      const base = build.env.PACKER_TMP_DIR || configDir(build.env);
      await mkdir(base, { recursive: true });
      state.tempDir = await mkdtemp(join(base, 'tmp'));
      return 'continue';
    },
    async cleanup(state) {
      if (state.tempDir) await rm(state.tempDir, { recursive: true, force: true });
    },
  };
}

/** Packer's config directory: `$PACKER_CONFIG_DIR/.packer.d` or `~/.packer.d`. */
function configDir(env: Readonly<Record<string, string | undefined>>): string {
  return join(env.PACKER_CONFIG_DIR || env.HOME || homedir(), '.packer.d');
}

function pullStep(docker: Docker, config: PreparedDockerConfig, build: BuildInfo): Step<DockerState> {
  return {
    name: 'StepPull',
    async run(state, signal) {
      if (config.pull) {
        state.ui.say(`Pulling Docker image: ${config.image}`);
        const auth = config.login ? await login(docker, config, state, build) : undefined;
        try {
          const stream = await docker.pull(config.image, {
            ...(config.platform ? { platform: config.platform } : {}),
            ...(auth ? { authconfig: auth } : {}),
            abortSignal: signal,
          });
          await followProgress(docker, stream, (e) => {
            if (e.status && !e.id) state.ui.message(e.status);
          });
        } catch (e) {
          throw new StepError(`Error pulling Docker image: ${dockerErrorMessage(e, build.env)}`);
        } finally {
          if (auth) state.ui.message('Logging out...');
        }
      }
      try {
        state.sourceImage = await docker.getImage(config.image).inspect({ abortSignal: signal } as object);
      } catch (e) {
        const why = dockerErrorMessage(e, build.env);
        if (!config.pull && /no such image/i.test(why)) {
          throw new StepError(`Image '${config.image}' is not present locally and pull = false: pull or build it first, or set pull = true`);
        }
        throw new StepError(`Error inspecting Docker image ${config.image}: ${why}`);
      }
      state.buildVars.SourceImageSha256 = state.sourceImage.Id;
      const digest = state.sourceImage.RepoDigests?.[0];
      if (digest) state.buildVars.SourceImageDigest = digest;
      return 'continue';
    },
    async cleanup() {},
  };
}

async function login(docker: Docker, config: PreparedDockerConfig, state: DockerState, build: BuildInfo): Promise<RegistryAuth> {
  state.ui.message('Logging in...');
  const auth: RegistryAuth = { username: config.login_username ?? '', password: config.login_password ?? '', serveraddress: config.login_server ?? '' };
  try {
    await docker.checkAuth(auth);
  } catch (e) {
    throw new StepError(`Error logging in: ${dockerErrorMessage(e, build.env)}`);
  }
  return auth;
}

function runContainerStep(docker: Docker, config: PreparedDockerConfig, build: BuildInfo): Step<DockerState> {
  return {
    name: 'StepRun',
    async run(state, signal) {
      state.ui.say('Starting docker container...');
      const runCommand = config.run_command.map((a) => renderTemplate(a, { Image: config.image }, build));
      const volumes: [string, string][] = [[state.tempDir as string, config.container_dir], ...Object.entries(config.volumes)];
      const args = fullRunArgs(config, volumes, runCommand);
      state.ui.message(`Run command: docker run ${args.join(' ')}`);
      const spec = parseRunCommand(args);
      let container: Docker.Container;
      try {
        container = await docker.createContainer({
          _query: { ...(spec.name ? { name: spec.name } : {}), ...(spec.platform ? { platform: spec.platform } : {}) },
          _body: spec.create,
          abortSignal: signal,
        } as Docker.ContainerCreateOptions);
      } catch (e) {
        throw new StepError(`Error running container: ${dockerErrorMessage(e, build.env)}`);
      }
      state.containerId = container.id;
      const starting = container.start({ abortSignal: signal } as object);
      // After the request has gone out (it is written on a later tick); a failed import is reported where the
      // connect step awaits it.
      setImmediate(() => loadCommunicator().catch(() => undefined));
      try {
        await starting;
      } catch (e) {
        throw new StepError(`Error running container: ${dockerErrorMessage(e, build.env)}`);
      }
      state.ui.message(`Container ID: ${container.id}`);
      state.buildVars.ID = container.id;
      return 'continue';
    },
    async cleanup(state) {
      if (!state.containerId) return;
      state.ui.say(`Killing the container: ${state.containerId}`);
      const container = docker.getContainer(state.containerId);
      try {
        await container.remove({ force: true, v: true });
      } catch (e) {
        state.ui.error(`Error removing container ${state.containerId}: ${dockerErrorMessage(e, build.env)}`);
      }
    },
  };
}

function connectStep(docker: Docker, config: PreparedDockerConfig, build: BuildInfo): Step<DockerState> {
  return {
    name: 'StepConnect',
    async run(state, signal) {
      const id = state.containerId as string;
      const [info, { DockerCommunicator }] = await Promise.all([docker.getContainer(id).inspect({ abortSignal: signal } as object), loadCommunicator()]);
      const ip = Object.values(info.NetworkSettings?.Networks ?? {})[0]?.IPAddress || '';
      state.ui.say(`Using docker communicator to connect: ${ip}`);
      state.comm = new DockerCommunicator({
        docker,
        containerId: id,
        execUser: config.exec_user ?? '',
        pty: config.pty,
        ...(config.fix_upload_owner ? { uploadOwner: info.Config.User || 'root' } : {}),
        env: build.env,
      });
      return 'continue';
    },
    async cleanup() {},
  };
}

function commitStep(docker: Docker, config: PreparedDockerConfig): Step<DockerState> {
  return {
    name: 'StepCommit',
    async run(state, signal) {
      state.ui.say('Committing the container');
      const changes = [...(config.changes ?? []), ...restoredImageConfig(config.changes ?? [], state.sourceImage)];
      const result = (await docker.getContainer(state.containerId as string).commit({
        _query: {
          container: state.containerId,
          ...(config.author ? { author: config.author } : {}),
          ...(config.message ? { comment: config.message } : {}),
          ...(changes.length > 0 ? { changes } : {}),
        },
        _body: {},
        abortSignal: signal,
      })) as { Id: string };
      state.imageId = result.Id;
      state.buildVars.ImageSha256 = result.Id;
      state.ui.message(`Image ID: ${result.Id}`);
      return 'continue';
    },
    async cleanup() {},
  };
}

/**
 * `run_command` replaces the entrypoint with a shell; like the current docker plugin, the commit restores the
 * source image's CMD and ENTRYPOINT unless the user's `changes` set them.
 */
function restoredImageConfig(changes: readonly string[], source: Docker.ImageInspectInfo | undefined): string[] {
  const sets = (instr: string): boolean => changes.some((c) => c.trim().toUpperCase().startsWith(`${instr} `));
  const out: string[] = [];
  const cfg = source?.Config;
  if (!sets('CMD') && cfg?.Cmd) out.push(`CMD ${JSON.stringify(cfg.Cmd)}`);
  // `[""]` is how Docker spells "no entrypoint" in a commit change (an empty list is ignored).
  if (!sets('ENTRYPOINT')) out.push(`ENTRYPOINT ${JSON.stringify(cfg?.Entrypoint ?? [''])}`);
  return out;
}

function exportStep(docker: Docker, config: PreparedDockerConfig, build: BuildInfo): Step<DockerState> {
  return {
    name: 'StepExport',
    async run(state, signal) {
      state.ui.say('Exporting the container');
      const path = resolve(build.cwd, config.export_path ?? '');
      await mkdir(dirname(path), { recursive: true });
      try {
        const stream = await docker.getContainer(state.containerId as string).export({ abortSignal: signal } as object);
        await pipeline(stream, createWriteStream(path), { signal });
      } catch (e) {
        await rm(path, { force: true });
        throw new StepError(`Error exporting container: ${dockerErrorMessage(e, build.env)}`);
      }
      state.exported = config.export_path;
      return 'continue';
    },
    async cleanup() {},
  };
}
