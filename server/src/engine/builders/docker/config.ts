/**
 * The docker builder's config: the schema's (packer/schema/builders/docker.ts) plus what it cannot express —
 * defaults computed at prepare time, host paths resolved, and the cross-attribute rules of the plugin's Prepare.
 */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { dockerBuilder, type DockerBuilderConfig } from '../../../packer/schema/builders/docker.js';
import { defaultCommunicator } from '../../../packer/schema/registry.js';
import type { BuildInfo } from '../../component.js';
import { decodeBuilder } from '../../decode.js';
import type { ConfigRecord } from '../../plan.js';

/** After prepare: the computed defaults are filled in and `volumes` holds absolute host paths. */
export type PreparedDockerConfig = DockerBuilderConfig & {
  /** Checked non-empty by the rules (a `build` block is not supported yet). */
  readonly image: string;
  readonly container_dir: string;
  readonly communicator: string;
  readonly volumes: Readonly<Record<string, string>>;
};

export function decodeDockerConfig(values: ConfigRecord, build: BuildInfo): PreparedDockerConfig {
  const config = decodeBuilder(dockerBuilder, values, (c) => dockerRules(c, build));
  const volumes: Record<string, string> = {};
  for (const [host, container] of Object.entries(config.volumes ?? {})) {
    volumes[host.startsWith('~/') ? join(homedir(), host.slice(2)) : resolve(build.cwd, host)] = container;
  }
  return {
    ...config,
    image: config.image ?? '',
    container_dir: config.container_dir ?? '/packer-files',
    communicator: config.communicator ?? defaultCommunicator('docker') ?? 'docker',
    volumes,
  };
}

function dockerRules(c: DockerBuilderConfig, build: BuildInfo): string[] {
  const problems: string[] = [];
  if (c.build) problems.push("the 'build' block of the docker builder is not supported yet; use 'image'");
  else if (!c.image) problems.push(dockerBuilder.attributes.image.requiredMessage ?? "missing 'image' attribute");
  const exportPath = c.export_path ?? '';
  const chosen = [c.commit, c.discard, exportPath !== ''].filter(Boolean).length;
  if (chosen === 0) problems.push('No instructions given for handling the artifact; expected commit, discard, or export_path');
  if (chosen > 1) problems.push('Cannot specify more than one of commit, discard, and export_path');
  if (exportPath !== '') {
    try {
      if (statSync(resolve(build.cwd, exportPath)).isDirectory()) problems.push('export_path must be a file, not a directory');
    } catch {
      // Not existing yet is the normal case.
    }
  }
  const communicator = c.communicator ?? 'docker';
  if (communicator !== 'docker') problems.push(`communicator "${communicator}" is not supported by the docker builder yet; use "docker"`);
  if (c.ecr_login) problems.push('ecr_login is not supported yet');
  if (c.windows_container) problems.push('windows_container is not supported on this platform');
  return problems;
}
