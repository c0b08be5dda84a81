/**
 * Component types the engine can run, by name. What preparing a component needs (its config decoding and
 * rules) is imported here; implementations that pull in I/O libraries (dockerode, ssh2, tar-stream) are
 * imported when a build runs them, so `validate` and the build's prepare step never load them.
 */
import { createDockerBuilder } from './builders/docker/builder.js';
import { createFileBuilder } from './builders/file/builder.js';
import { decodeNullConfig } from './builders/null/config.js';
import type { Builder, BuildInfo, Factory, PostProcessor, Provisioner } from './component.js';
import { ConfigErrors } from './decode.js';
import type { ConfigRecord } from './plan.js';
import { createArtificePostProcessor } from './post-processors/artifice/post-processor.js';
import { createChecksumPostProcessor } from './post-processors/checksum/post-processor.js';
import { createCompressPostProcessor } from './post-processors/compress/post-processor.js';
import { createDockerImportPostProcessor } from './post-processors/docker-import/post-processor.js';
import { createDockerPushPostProcessor } from './post-processors/docker-push/post-processor.js';
import { createDockerSavePostProcessor } from './post-processors/docker-save/post-processor.js';
import { createDockerTagPostProcessor } from './post-processors/docker-tag/post-processor.js';
import { createManifestPostProcessor } from './post-processors/manifest/post-processor.js';
import { createShellLocalPostProcessor } from './post-processors/shell-local/post-processor.js';
import { createBreakpointProvisioner } from './provisioners/breakpoint/provisioner.js';
import { createFileProvisioner } from './provisioners/file/provisioner.js';
import { createShellLocalProvisioner } from './provisioners/shell-local/provisioner.js';
import { createShellProvisioner } from './provisioners/shell/provisioner.js';

/** A builder checked by `prepare` now and created from `load`'s factory when it runs. */
function lazyBuilder(prepare: (config: ConfigRecord, build: BuildInfo) => unknown, load: () => Promise<Factory<Builder>>, generatedKeys: readonly string[] = []): Factory<Builder> {
  return (config, build) => {
    prepare(config, build);
    return {
      generatedKeys,
      run: async (ctx) => (await load())(config, build).run(ctx),
    };
  };
}

const BUILDERS: Readonly<Record<string, Factory<Builder>>> = {
  docker: createDockerBuilder,
  // The null builder's SSH communicator (ssh2) is only needed once it connects.
  null: lazyBuilder(decodeNullConfig, async () => (await import('./builders/null/builder.js')).createNullBuilder),
  file: createFileBuilder,
};

const PROVISIONERS: Readonly<Record<string, Factory<Provisioner>>> = {
  shell: createShellProvisioner,
  file: createFileProvisioner,
  'shell-local': createShellLocalProvisioner,
  breakpoint: createBreakpointProvisioner,
};

const POST_PROCESSORS: Readonly<Record<string, Factory<PostProcessor>>> = {
  manifest: createManifestPostProcessor,
  checksum: createChecksumPostProcessor,
  'shell-local': createShellLocalPostProcessor,
  compress: createCompressPostProcessor,
  artifice: createArtificePostProcessor,
  'docker-tag': createDockerTagPostProcessor,
  'docker-import': createDockerImportPostProcessor,
  'docker-push': createDockerPushPostProcessor,
  'docker-save': createDockerSavePostProcessor,
};

export const SUPPORTED = {
  builders: Object.keys(BUILDERS),
  provisioners: Object.keys(PROVISIONERS),
  postProcessors: Object.keys(POST_PROCESSORS),
} as const;

function create<T>(kind: string, table: Readonly<Record<string, Factory<T>>>, type: string, config: ConfigRecord, build: BuildInfo): T {
  const factory = Object.hasOwn(table, type) ? table[type] : undefined;
  if (!factory) {
    throw new ConfigErrors([`the ${kind} type "${type}" is not available in packer-studio (available: ${Object.keys(table).join(', ')})`]);
  }
  return factory(config, build);
}

export const createBuilder = (type: string, config: ConfigRecord, build: BuildInfo): Builder => create('builder', BUILDERS, type, config, build);
export const createProvisioner = (type: string, config: ConfigRecord, build: BuildInfo): Provisioner =>
  create('provisioner', PROVISIONERS, type, config, build);
export const createPostProcessor = (type: string, config: ConfigRecord, build: BuildInfo): PostProcessor =>
  create('post-processor', POST_PROCESSORS, type, config, build);
