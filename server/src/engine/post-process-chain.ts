/** Packer's post-processor chain rules (plugins.md §1): keep_input_artifact, abandoned chains, ordering. */
import type { Artifact } from './artifact.js';
import type { BuildInfo, PostProcessor } from './component.js';
import type { PlannedPostProcessor } from './plan.js';
import { createPostProcessor } from './registry.js';
import { asError } from './runner.js';
import type { ConsoleUi, Ui } from './ui.js';

export interface PreparedPostProcessor {
  readonly plan: PlannedPostProcessor;
  readonly postProcessor: PostProcessor;
}

export interface ChainOutcome {
  readonly artifacts: Artifact[];
  readonly errors: string[];
}

export async function runPostProcessorChains(
  builderArtifact: Artifact,
  chains: readonly (readonly PreparedPostProcessor[])[],
  env: { readonly console: ConsoleUi; readonly buildUi: Ui; readonly colorIndex: number; readonly build: BuildInfo; readonly signal: AbortSignal },
): Promise<ChainOutcome> {
  if (chains.length === 0) return { artifacts: [builderArtifact], errors: [] };
  const results: Artifact[] = [];
  const errors: string[] = [];
  let keepOriginal = false;
  for (const chain of chains) {
    let prior = builderArtifact;
    let completed = true;
    for (const [i, pp] of chain.entries()) {
      if (env.signal.aborted) {
        completed = false;
        break;
      }
      env.buildUi.say(`Running post-processor: ${pp.plan.name ?? ''} (type ${pp.plan.type})`);
      const ui = env.console.targeted(`${env.build.name} (${pp.plan.type})`, env.colorIndex);
      let out;
      try {
        // A body using `build.*` is evaluated again with what the input artifact carries.
        const postProcessor = pp.plan.config.resolve
          ? createPostProcessor(pp.plan.type, pp.plan.config.resolve(prior.generatedData), env.build)
          : pp.postProcessor;
        out = await postProcessor.postProcess({ ui, signal: env.signal, build: env.build }, prior);
      } catch (e) {
        if (!env.signal.aborted) errors.push(`Post-processor failed: ${asError(e).message}`);
        completed = false;
        break;
      }
      if (!out.artifact) {
        completed = false;
        break;
      }
      let keep = out.keep;
      if (pp.plan.keepInputArtifact !== undefined && !(out.keep && out.forceOverride && !pp.plan.keepInputArtifact)) {
        keep = pp.plan.keepInputArtifact;
      }
      if (i === 0) {
        if (keep) keepOriginal = true;
      } else if (keep) {
        results.push(prior);
      } else {
        await destroyQuietly(prior, env.buildUi, env.signal);
      }
      prior = out.artifact;
    }
    if (completed) results.push(prior);
  }
  if (keepOriginal) results.unshift(builderArtifact);
  else await destroyQuietly(builderArtifact, env.buildUi, env.signal);
  return { artifacts: results, errors };
}

async function destroyQuietly(artifact: Artifact, ui: Ui, signal: AbortSignal): Promise<void> {
  try {
    await artifact.destroy(signal);
  } catch (e) {
    ui.error(`Error destroying artifact: ${asError(e).message}`);
  }
}
