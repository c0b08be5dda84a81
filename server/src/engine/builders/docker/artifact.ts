/** Artifacts of the docker builder and docker post-processors (plugins.md §1). */
import { rm } from 'node:fs/promises';
import type Docker from 'dockerode';
import { BUILDER_IDS, type Artifact } from '../../artifact.js';

/** An image in the local daemon: `docker commit`, docker-import, docker-tag, docker-push. */
export function imageArtifact(opts: {
  readonly docker: Docker;
  readonly builderId: string;
  readonly id: string;
  readonly tags?: readonly string[];
  readonly generatedData: Readonly<Record<string, string>>;
  readonly state?: Readonly<Record<string, unknown>>;
}): Artifact {
  const tags = opts.tags ?? [];
  return {
    builderId: opts.builderId,
    id: opts.id,
    files: [],
    description: `Imported Docker image: ${opts.id}${tags.length > 0 ? ` with tags ${tags.join(' ')}` : ''}`,
    generatedData: opts.generatedData,
    state: { ...(opts.state ?? {}), ...(tags.length > 0 ? { docker_tags: tags } : {}) },
    async destroy(signal) {
      await opts.docker.getImage(opts.id).remove({ abortSignal: signal } as object);
    },
  };
}

/** A container filesystem tarball (`export_path`) or nothing (`discard`). */
export function exportArtifact(path: string, generatedData: Readonly<Record<string, string>>): Artifact {
  return {
    builderId: BUILDER_IDS.docker,
    id: 'Container',
    files: [path],
    description: `Exported Docker file: ${path}`,
    generatedData,
    async destroy() {
      if (path !== '') await rm(path, { force: true });
    },
  };
}
