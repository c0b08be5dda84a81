/**
 * The external Packer plugins whose components Packer Studio ships built in, so that a template's
 * `required_plugins` entries can be checked without downloading anything (`init`). Components Packer itself
 * ships (null, file, shell, manifest, ...) are not plugins and never appear in `required_plugins`.
 */
import { satisfies } from './version-constraint.js';

export interface BuiltinPlugin {
  /** The plugin source address, as written in `required_plugins`. */
  readonly source: string;
  /** The plugin release whose behaviour the built-in components follow. */
  readonly version: string;
  readonly builders: readonly string[];
  readonly provisioners: readonly string[];
  readonly postProcessors: readonly string[];
  readonly dataSources: readonly string[];
}

const PLUGINS: readonly BuiltinPlugin[] = [
  { source: 'github.com/hashicorp/amazon', version: '1.3.8', builders: ['amazon-ebs'], provisioners: [], postProcessors: [], dataSources: [] },
  {
    source: 'github.com/hashicorp/docker',
    version: '1.1.2',
    builders: ['docker'],
    provisioners: [],
    postProcessors: ['docker-import', 'docker-push', 'docker-save', 'docker-tag'],
    dataSources: [],
  },
];

/** Every built-in plugin; each listed component is one the schema registry really ships. */
export function builtinPlugins(): readonly BuiltinPlugin[] {
  return PLUGINS;
}

/** Packer compares source addresses case-insensitively (hostnames and plugin names are normalised to lower case). */
function sameSource(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export type PluginCheck =
  | { readonly kind: 'built-in'; readonly plugin: BuiltinPlugin }
  | { readonly kind: 'version-mismatch'; readonly plugin: BuiltinPlugin }
  | { readonly kind: 'not-built-in' };

/** Whether the built-in components satisfy one `required_plugins` entry (source and version constraint). */
export function checkRequirement(source: string, versionConstraint: string): PluginCheck {
  const plugin = PLUGINS.find((p) => sameSource(p.source, source));
  if (!plugin) return { kind: 'not-built-in' };
  return satisfies(plugin.version, versionConstraint) === true ? { kind: 'built-in', plugin } : { kind: 'version-mismatch', plugin };
}

/** "builder docker; post-processors docker-import, docker-push": what a built-in plugin provides. */
export function describeComponents(p: BuiltinPlugin): string {
  const part = (one: string, many: string, types: readonly string[]) => (types.length === 0 ? [] : [`${types.length === 1 ? one : many} ${types.join(', ')}`]);
  return [
    ...part('builder', 'builders', p.builders),
    ...part('provisioner', 'provisioners', p.provisioners),
    ...part('post-processor', 'post-processors', p.postProcessors),
    ...part('data source', 'data sources', p.dataSources),
  ].join('; ');
}

