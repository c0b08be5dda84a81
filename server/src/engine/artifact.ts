/** What builders and post-processors produce (Packer's `packersdk.Artifact`). */
export interface Artifact {
  readonly builderId: string;
  readonly id: string;
  readonly files: readonly string[];
  /** The summary line text (`--> <build>: <this>`). */
  readonly description: string;
  /** `build.*` values this artifact carries forward (Packer's `State("generated_data")`). */
  readonly generatedData: Readonly<Record<string, string>>;
  /** Component-specific extras (e.g. docker-tag's `docker_tags`). */
  readonly state?: Readonly<Record<string, unknown>>;
  destroy(signal: AbortSignal): Promise<void>;
}

/** Artifact builder ids that components check before accepting an input. */
export const BUILDER_IDS = {
  null: 'fnoeding.null',
  file: 'packer.file',
  docker: 'packer.docker',
  dockerImport: 'packer.post-processor.docker-import',
  dockerTag: 'packer.post-processor.docker-tag',
  checksum: 'packer.post-processor.checksum',
  compress: 'packer.post-processor.compress',
  artifice: 'packer.post-processor.artifice',
} as const;
