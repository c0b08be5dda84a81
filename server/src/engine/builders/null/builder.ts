/** The `null` builder: connects a communicator (ssh or none) and runs provisioners; produces no files. */
import type { Artifact } from '../../artifact.js';
import { BUILDER_IDS } from '../../artifact.js';
import type { Builder, BuilderContext, BuildInfo } from '../../component.js';
import { noneConnectStep } from '../../communicators/none/index.js';
import { sshConnectStep } from '../../communicators/ssh/index.js';
import type { ConfigRecord } from '../../plan.js';
import { buildVariables, failIfErrored, provisionStep, type ProvisioningState } from '../../provision-step.js';
import { runSteps, type Step } from '../../runner.js';
import { decodeNullConfig, type PreparedNullConfig } from './config.js';

export function createNullBuilder(values: ConfigRecord, build: BuildInfo): Builder {
  const config = decodeNullConfig(values, build);
  return {
    generatedKeys: [],
    async run(ctx: BuilderContext): Promise<Artifact | undefined> {
      const state: ProvisioningState = { ui: ctx.ui, cancelled: false, buildVars: buildVariables(ctx.build, { ID: 'Null', ConnType: 'none' }) };
      const steps = [connectStep(config, ctx.build), provisionStep<ProvisioningState>(ctx.hook, ctx.build)];
      await runSteps(steps, state, { signal: ctx.signal, onError: ctx.build.onError, debug: ctx.build.debug });
      failIfErrored(state);
      if (state.cancelled) return undefined;
      return {
        builderId: BUILDER_IDS.null,
        id: 'Null',
        files: [],
        description: 'Did not export anything. This is the null builder',
        generatedData: { ID: 'Null' },
        destroy: async () => undefined,
      };
    },
  };
}

function connectStep(config: PreparedNullConfig, build: BuildInfo): Step<ProvisioningState> {
  if (config.communicator === 'none') return noneConnectStep();
  return sshConnectStep<ProvisioningState>({
    config: config.ssh,
    // The null builder connects to exactly the configured address.
    host: () => config.ssh.host,
    pauseBeforeConnectingMs: config.pauseBeforeConnectingMs,
    env: build.env,
  });
}
