/** Component types the engine can run, by name. */
import { createDockerBuilder } from './builders/docker/builder.js';
import { createFileBuilder } from './builders/file/builder.js';
import { createNullBuilder } from './builders/null/builder.js';
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

const BUILDERS: Readonly<Record<string, Factory<Builder>>> = {
  docker: createDockerBuilder,
  null: createNullBuilder,
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
