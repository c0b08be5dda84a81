/**
 * The docker builder: its config is decoded and checked when the build is prepared; the implementation
 * (run.ts, with dockerode and tar-stream behind it) is imported when the build runs.
 */
import type { Builder, BuildInfo } from '../../component.js';
import type { ConfigRecord } from '../../plan.js';
import { decodeDockerConfig } from './config.js';

export function createDockerBuilder(values: ConfigRecord, build: BuildInfo): Builder {
  const config = decodeDockerConfig(values, build);
  return {
    generatedKeys: ['ImageSha256', 'SourceImageDigest', 'SourceImageSha256'],
    async run(ctx) {
      const { runDockerBuild } = await import('./run.js');
      return runDockerBuild(config, ctx);
    },
  };
}
