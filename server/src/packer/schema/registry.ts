/**
 * Every component Packer Studio ships, by kind, and the effective body schema of each block kind: the plugin's
 * own attributes plus what Packer adds around it (communicator attributes for builders, the core-consumed
 * provisioner / post-processor attributes, the hidden keys core injects into every plugin config).
 */
import type { BodySchema, ComponentSchema } from './types.js';
import { packerInjectedAttributes, postProcessorCommonAttributes, provisionerCommonAttributes } from './common.js';
import {
  communicatorCommonAttributes,
  dockerCommunicator,
  dockerWindowsContainerCommunicator,
  noneCommunicator,
  sshCommunicator,
  winrmCommunicator,
} from './communicators/index.js';
import { amazonEbsBuilder } from './builders/amazon-ebs.js';
import { dockerBuilder } from './builders/docker.js';
import { fileBuilder } from './builders/file.js';
import { nullBuilder } from './builders/null.js';
import { breakpointProvisioner } from './provisioners/breakpoint.js';
import { fileProvisioner } from './provisioners/file.js';
import { shellLocalProvisioner } from './provisioners/shell-local.js';
import { shellProvisioner } from './provisioners/shell.js';
import { artificePostProcessor } from './post-processors/artifice.js';
import { checksumPostProcessor } from './post-processors/checksum.js';
import { compressPostProcessor } from './post-processors/compress.js';
import { dockerImportPostProcessor } from './post-processors/docker-import.js';
import { dockerPushPostProcessor } from './post-processors/docker-push.js';
import { dockerSavePostProcessor } from './post-processors/docker-save.js';
import { dockerTagPostProcessor } from './post-processors/docker-tag.js';
import { manifestPostProcessor } from './post-processors/manifest.js';
import { shellLocalPostProcessor } from './post-processors/shell-local.js';
import { httpDataSource } from './datasources/http.js';
import { nullDataSource } from './datasources/null.js';

function byType(schemas: readonly ComponentSchema[]): ReadonlyMap<string, ComponentSchema> {
  return new Map([...schemas].sort((a, b) => (a.type < b.type ? -1 : 1)).map((s) => [s.type, s]));
}

const BUILDERS = byType([amazonEbsBuilder, dockerBuilder, fileBuilder, nullBuilder]);
const PROVISIONERS = byType([breakpointProvisioner, fileProvisioner, shellProvisioner, shellLocalProvisioner]);
const POST_PROCESSORS = byType([
  artificePostProcessor,
  checksumPostProcessor,
  compressPostProcessor,
  dockerImportPostProcessor,
  dockerPushPostProcessor,
  dockerSavePostProcessor,
  dockerTagPostProcessor,
  manifestPostProcessor,
  shellLocalPostProcessor,
]);
const DATA_SOURCES = byType([httpDataSource, nullDataSource]);
const COMMUNICATORS = byType([sshCommunicator, winrmCommunicator, noneCommunicator, dockerCommunicator, dockerWindowsContainerCommunicator]);

export const builderTypes: readonly string[] = [...BUILDERS.keys()];
export const provisionerTypes: readonly string[] = [...PROVISIONERS.keys()];
export const postProcessorTypes: readonly string[] = [...POST_PROCESSORS.keys()];
export const dataSourceTypes: readonly string[] = [...DATA_SOURCES.keys()];
export const communicatorTypes: readonly string[] = [...COMMUNICATORS.keys()];

export const builderSchema = (type: string): ComponentSchema | undefined => BUILDERS.get(type);
export const provisionerSchema = (type: string): ComponentSchema | undefined => PROVISIONERS.get(type);
export const postProcessorSchema = (type: string): ComponentSchema | undefined => POST_PROCESSORS.get(type);
export const dataSourceSchema = (type: string): ComponentSchema | undefined => DATA_SOURCES.get(type);
export const communicatorSchema = (type: string): ComponentSchema | undefined => COMMUNICATORS.get(type);

/** Every schema of every kind (for tests and documentation). */
export const allSchemas: readonly ComponentSchema[] = [
  ...BUILDERS.values(),
  ...PROVISIONERS.values(),
  ...POST_PROCESSORS.values(),
  ...DATA_SOURCES.values(),
  ...COMMUNICATORS.values(),
];

/** The shape template/catalog code expects: the types of each kind. */
export const componentCatalog = {
  builders: builderTypes,
  provisioners: provisionerTypes,
  postProcessors: postProcessorTypes,
  dataSources: dataSourceTypes,
} as const;

function merge(...parts: readonly BodySchema[]): BodySchema {
  const attributes = Object.assign({}, ...parts.map((p) => p.attributes)) as BodySchema['attributes'];
  const blocks = Object.assign({}, ...parts.map((p) => p.blocks)) as BodySchema['blocks'];
  return { attributes, blocks };
}

const body = (attributes: BodySchema['attributes']): BodySchema => ({ attributes, blocks: {} });

function memo(build: (type: string) => BodySchema | undefined): (type: string) => BodySchema | undefined {
  const cache = new Map<string, BodySchema | undefined>();
  return (type) => {
    if (!cache.has(type)) cache.set(type, build(type));
    return cache.get(type);
  };
}

/**
 * A source block's body: the builder's attributes, and — for builders that connect to a machine — the SDK's
 * whole communicator config (every `ssh_*` and `winrm_*` attribute, whichever communicator is chosen, as in
 * Packer). The builder's own declaration wins where names overlap (amazon's `temporary_key_pair_type`).
 */
export const builderBodySchema = memo((type) => {
  const schema = BUILDERS.get(type);
  if (!schema) return undefined;
  const parts = [body(packerInjectedAttributes)];
  if (schema.communicator) parts.push(body(communicatorCommonAttributes), sshCommunicator, winrmCommunicator);
  return merge(...parts, schema);
});

/** A provisioner block's body: the plugin's attributes plus only/except/pause_before/max_retries/timeout/override. */
export const provisionerBodySchema = memo((type) => {
  const schema = PROVISIONERS.get(type);
  return schema && merge(body(packerInjectedAttributes), body(provisionerCommonAttributes), schema);
});

/** A post-processor block's body: the plugin's attributes plus name/only/except/keep_input_artifact. */
export const postProcessorBodySchema = memo((type) => {
  const schema = POST_PROCESSORS.get(type);
  return schema && merge(body(packerInjectedAttributes), body(postProcessorCommonAttributes), schema);
});

export const dataSourceBodySchema = memo((type) => {
  const schema = DATA_SOURCES.get(type);
  return schema && merge(body(packerInjectedAttributes), schema);
});

/** The communicator a builder uses when the template does not say (undefined: it has none). */
export function defaultCommunicator(builderType: string): string | undefined {
  return BUILDERS.get(builderType)?.communicator?.default;
}

/** The effective body schema of a component block of the given kind (undefined: type not shipped). */
export function bodySchemaFor(kind: 'builder' | 'provisioner' | 'post-processor' | 'datasource', type: string): BodySchema | undefined {
  switch (kind) {
    case 'builder':
      return builderBodySchema(type);
    case 'provisioner':
      return provisionerBodySchema(type);
    case 'post-processor':
      return postProcessorBodySchema(type);
    case 'datasource':
      return dataSourceBodySchema(type);
  }
}
