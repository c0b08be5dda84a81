/** Shared setup for engine tests: the docker test environment, a captured UI, plans from short descriptions. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBuilds, type RunBuildsResult } from '../../server/src/engine/build.js';
import type { BuildPlan, ConfigRecord, PlannedBuild, PlannedPostProcessor, PlannedProvisioner } from '../../server/src/engine/plan.js';
import type { OnError } from '../../server/src/engine/runner.js';
import { ConsoleUi } from '../../server/src/engine/ui.js';

export const BASE_IMAGE = 'packer-studio/busybox:latest';
export const REGISTRY = '127.0.0.1:5000';
export const REGISTRY_USER = 'packer';
export const REGISTRY_PASSWORD = 'studio-secret';

let dockerState: string | undefined;

/** Undefined when docker is ready; otherwise the reason tests are skipped. */
export function dockerUnavailable(): string | undefined {
  if (dockerState === undefined) {
    const r = spawnSync('sh', [join(__dirname, '../../scripts/docker-test-env.sh'), '--registry'], { encoding: 'utf8' });
    dockerState = r.status === 0 ? '' : `docker cannot run here: ${(r.stderr || r.error?.message || '').trim()}`;
  }
  return dockerState === '' ? undefined : dockerState;
}

export function docker(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('docker', args, { encoding: 'utf8' });
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'engine-test-'));
}

export const prov = (type: string, values: ConfigRecord, extra: Partial<PlannedProvisioner> = {}): PlannedProvisioner => ({
  type,
  config: { values },
  ...extra,
});

export const pp = (type: string, values: ConfigRecord, extra: Partial<PlannedPostProcessor> = {}): PlannedPostProcessor => ({
  type,
  config: { values },
  ...extra,
});

export function plannedBuild(type: string, name: string, builderConfig: ConfigRecord, rest: Partial<PlannedBuild> = {}): PlannedBuild {
  return {
    name: `${type}.${name}`,
    sourceRef: `${type}.${name}`,
    sourceName: name,
    builderType: type,
    builderConfig,
    provisioners: [],
    postProcessors: [],
    ...rest,
  };
}

export interface Captured extends RunBuildsResult {
  readonly output: string;
}

export async function run(
  builds: PlannedBuild[],
  opts: {
    cwd?: string;
    signal?: AbortSignal;
    onError?: OnError;
    color?: boolean;
    machineReadable?: boolean;
    secrets?: string[];
    force?: boolean;
    runUuid?: string;
    onLine?: (line: string) => void;
  } = {},
): Promise<Captured> {
  let output = '';
  const ui = new ConsoleUi({
    write: (t) => {
      output += t;
      opts.onLine?.(t);
    },
    color: opts.color ?? false,
    timestamp: false,
    machineReadable: opts.machineReadable ?? false,
    secrets: opts.secrets ?? [],
  });
  const plan: BuildPlan = { builds, templateDir: opts.cwd ?? process.cwd() };
  const env: Record<string, string | undefined> = { ...process.env, PACKER_TMP_DIR: join(tmpdir(), 'packer-studio-test-tmp') };
  const result = await runBuilds(plan, {
    ui,
    signal: opts.signal ?? new AbortController().signal,
    parallel: 0,
    onError: opts.onError ?? 'cleanup',
    force: opts.force ?? false,
    debug: false,
    env,
    cwd: opts.cwd ?? process.cwd(),
    ...(opts.runUuid ? { runUuid: opts.runUuid } : {}),
  });
  return { ...result, output };
}

/**
 * A template building one docker source on the local base image (never pulled), starting on line 2 like the
 * tests' literals: `settings` are the source's further attributes (e.g. `commit = true`), `body` the build
 * block's provisioners and post-processors, `before` whatever precedes the source (variables).
 */
export function dockerTemplate(name: string, settings: string, body: string, before = ''): string {
  return `
${before}source "docker" "${name}" {
  image = "${BASE_IMAGE}"
  pull  = false
  ${settings.trim()}
}
build {
  sources = ["source.docker.${name}"]
${body.replace(/^\n/, '')}}
`;
}
