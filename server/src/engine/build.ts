/**
 * Runs a build plan the way `packer build` does: prepare every component (errors reported, the build
 * skipped), run builds concurrently up to `parallel`, post-process, then the summary and exit code.
 */
import { randomUUID } from 'node:crypto';
import type { Artifact } from './artifact.js';
import type { Builder, BuildInfo } from './component.js';
import { ConfigErrors } from './decode.js';
import { elapsedSince, formatDuration } from './duration.js';
import { runPostProcessorChains, type PreparedPostProcessor } from './post-process-chain.js';
import { BuildProvisionHook, type PreparedProvisioner } from './provision-hook.js';
import type { BuildPlan, ConfigRecord, PlannedBuild, PlannedProvisioner, RunBuildsOptions } from './plan.js';
import { buildVariables } from './provision-step.js';
import { createBuilder, createPostProcessor, createProvisioner } from './registry.js';
import { asError } from './runner.js';
import type { ConsoleUi } from './ui.js';

export interface BuildOutcome {
  readonly name: string;
  /** Empty when the build failed or was cancelled. */
  readonly artifacts: readonly Artifact[];
  readonly error?: string;
  readonly cancelled: boolean;
}

export interface RunBuildsResult {
  readonly builds: readonly BuildOutcome[];
  readonly cancelled: boolean;
  readonly exitCode: number;
}

interface PreparedBuild {
  readonly plan: PlannedBuild;
  readonly info: BuildInfo;
  readonly builder: Builder;
  readonly provisioners: PreparedProvisioner[];
  readonly errorCleanup?: PreparedProvisioner;
  readonly chains: PreparedPostProcessor[][];
  readonly colorIndex: number;
}

export async function runBuilds(plan: BuildPlan, opts: RunBuildsOptions & { readonly ui: ConsoleUi }): Promise<RunBuildsResult> {
  const { ui } = opts;
  const runUuid = opts.runUuid ?? randomUUID();
  const prepared: PreparedBuild[] = [];
  let prepareFailed = false;
  for (const [index, b] of plan.builds.entries()) {
    const info: BuildInfo = {
      name: b.name,
      sourceName: b.sourceName,
      builderType: b.builderType,
      runUuid,
      force: opts.force,
      debug: opts.debug,
      onError: opts.onError,
      cwd: opts.cwd,
      env: { ...opts.env, PACKER_RUN_UUID: runUuid },
    };
    const errors: string[] = [];
    const attempt = <T>(what: string, make: () => T): T | undefined => {
      try {
        return make();
      } catch (e) {
        const list = e instanceof ConfigErrors ? e.errors : [asError(e).message];
        errors.push(...list.map((m) => `${what}: ${m}`));
        return undefined;
      }
    };
    const builder = attempt(`source "${b.sourceRef}"`, () => createBuilder(b.builderType, b.builderConfig, info));
    // Bodies using `build.*` are checked now with placeholders; they are evaluated again once connected.
    const placeholders = Object.fromEntries(
      [...Object.keys(buildVariables(info, {})), ...(builder?.generatedKeys ?? [])].map((k) => [k, `<build.${k}>`]),
    );
    const valuesOf = (c: PlannedProvisioner['config']): ConfigRecord => (c.resolve ? c.resolve(placeholders) : c.values);
    const provisioners = b.provisioners.flatMap((p) => {
      const made = attempt(`provisioner "${p.type}"`, () => createProvisioner(p.type, valuesOf(p.config), info));
      return made ? [{ plan: p, provisioner: made }] : [];
    });
    const ec = b.errorCleanupProvisioner;
    const errorCleanupProvisioner = ec && attempt(`error-cleanup-provisioner "${ec.type}"`, () => createProvisioner(ec.type, valuesOf(ec.config), info));
    const chains = b.postProcessors.map((chain) =>
      chain.flatMap((p) => {
        const made = attempt(`post-processor "${p.type}"`, () => createPostProcessor(p.type, valuesOf(p.config), info));
        return made ? [{ plan: p, postProcessor: made }] : [];
      }),
    );
    if (errors.length > 0 || !builder) {
      prepareFailed = true;
      for (const e of errors) ui.error(`Error: Failed preparing build "${b.name}": ${e}\n`);
      continue;
    }
    prepared.push({
      plan: b,
      info,
      builder,
      provisioners,
      ...(ec && errorCleanupProvisioner ? { errorCleanup: { plan: ec, provisioner: errorCleanupProvisioner } } : {}),
      chains,
      colorIndex: index,
    });
  }

  if (opts.debug) ui.say('Debug mode enabled. Builds will not be parallelized.');
  if (ui.colored && prepared.length > 0) {
    for (const p of prepared) ui.say(`${p.plan.name}: output will be in this color.`, ui.colorOf(p.colorIndex));
    ui.say('');
  }

  const start = process.hrtime.bigint();
  const limit = opts.debug ? 1 : opts.parallel < 1 ? Number.POSITIVE_INFINITY : opts.parallel;
  const outcomes = await mapLimited(prepared, limit, (p) => runOneBuild(p, ui, opts.signal));
  ui.log('Builds completed. Waiting on interrupt barrier...');
  const cancelled = opts.signal.aborted;

  ui.say(`\n==> Wait completed after ${formatDuration(elapsedSince(start))}`);
  if (cancelled) {
    ui.say('Cleanly cancelled builds after being interrupted.');
    return { builds: outcomes, cancelled, exitCode: 1 };
  }
  const failed = outcomes.filter((o) => o.error !== undefined);
  if (failed.length > 0) {
    ui.machine('', 'error-count', String(failed.length));
    ui.error("\n==> Some builds didn't complete successfully and had errors:");
    for (const f of failed) {
      ui.machine(f.name, 'error', f.error ?? '');
      ui.error(`--> ${f.name}: ${f.error}`);
    }
  }
  const succeeded = outcomes.filter((o) => o.error === undefined && o.artifacts.length > 0);
  if (succeeded.length > 0) {
    ui.say('\n==> Builds finished. The artifacts of successful builds are:');
    for (const o of succeeded) {
      ui.machine(o.name, 'artifact-count', String(o.artifacts.length));
      for (const [i, a] of o.artifacts.entries()) {
        const n = String(i);
        ui.machine(o.name, 'artifact', n, 'builder-id', a.builderId);
        ui.machine(o.name, 'artifact', n, 'id', a.id);
        ui.machine(o.name, 'artifact', n, 'string', a.description);
        ui.machine(o.name, 'artifact', n, 'files-count', String(a.files.length));
        for (const [j, f] of a.files.entries()) ui.machine(o.name, 'artifact', n, 'file', String(j), f);
        ui.machine(o.name, 'artifact', n, 'end');
        ui.say(`--> ${o.name}: ${a.description}`);
      }
    }
  } else {
    ui.say('\n==> Builds finished but no artifacts were created.');
  }
  const exitCode = prepareFailed || failed.length > 0 ? 1 : 0;
  return { builds: outcomes, cancelled, exitCode };
}

async function runOneBuild(p: PreparedBuild, console: ConsoleUi, signal: AbortSignal): Promise<BuildOutcome> {
  const start = process.hrtime.bigint();
  const buildUi = console.targeted(p.plan.name, p.colorIndex);
  console.log(`Starting build run: ${p.plan.name}`);
  console.log(`Running builder: ${p.plan.builderType}`);
  const hook = new BuildProvisionHook(buildUi, p.info, p.plan.sourceRef, p.provisioners, p.errorCleanup);
  let artifacts: Artifact[] = [];
  let error: string | undefined;
  try {
    const artifact = await p.builder.run({ ui: buildUi, signal, build: p.info, hook });
    if (artifact && !signal.aborted) {
      const chain = await runPostProcessorChains(artifact, p.chains, {
        console,
        buildUi,
        colorIndex: p.colorIndex,
        build: p.info,
        signal,
      });
      artifacts = chain.artifacts;
      if (chain.errors.length > 0) error = chain.errors.join('\n');
    }
  } catch (e) {
    if (!signal.aborted) error = asError(e).message;
  }
  const took = formatDuration(elapsedSince(start));
  if (signal.aborted) {
    console.say(`Build '${p.plan.name}' finished after ${took}.`, console.colorOf(p.colorIndex), true);
    return { name: p.plan.name, artifacts: [], cancelled: true };
  }
  if (error !== undefined) {
    console.error(`Build '${p.plan.name}' errored after ${took}: ${error}`, true);
    return { name: p.plan.name, artifacts: [], error, cancelled: false };
  }
  console.say(`Build '${p.plan.name}' finished after ${took}.`, console.colorOf(p.colorIndex), true);
  return { name: p.plan.name, artifacts, cancelled: false };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
