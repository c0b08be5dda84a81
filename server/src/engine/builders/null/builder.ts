/** The `null` builder: connects a communicator and runs provisioners; produces no files. */
import type { Artifact } from '../../artifact.js';
import { BUILDER_IDS } from '../../artifact.js';
import { NoneCommunicator } from '../../communicator.js';
import type { Builder, BuilderContext, BuildInfo } from '../../component.js';
import { decodeBuilder } from '../../decode.js';
import type { ConfigRecord } from '../../plan.js';
import { defaultCommunicator } from '../../../packer/schema/registry.js';
import { nullBuilder, type NullBuilderConfig } from '../../../packer/schema/builders/null.js';
import { buildVariables, failIfErrored, provisionStep, type ProvisioningState } from '../../provision-step.js';
import { runSteps, type Step } from '../../runner.js';

/** Only communicator "none" runs here so far; SSH/WinRM connections belong to the communicator helpers. */
function nullBuilderRules(c: NullBuilderConfig): string[] {
  const communicator = c.communicator ?? defaultCommunicator('null') ?? 'ssh';
  return communicator === 'none' ? [] : [`communicator "${communicator}" is not supported by the null builder yet; use communicator = "none"`];
}

export function createNullBuilder(config: ConfigRecord, _build: BuildInfo): Builder {
  decodeBuilder(nullBuilder, config, nullBuilderRules);
  return {
    generatedKeys: [],
    async run(ctx: BuilderContext): Promise<Artifact | undefined> {
      const state: ProvisioningState = { ui: ctx.ui, cancelled: false, buildVars: buildVariables(ctx.build, { ID: 'Null', ConnType: 'none' }) };
      const connect: Step<ProvisioningState> = {
        name: 'StepConnect',
        async run(s) {
          s.comm = new NoneCommunicator();
          return 'continue';
        },
        async cleanup() {},
      };
      await runSteps([connect, provisionStep(ctx.hook, ctx.build)], state, { signal: ctx.signal, onError: ctx.build.onError, debug: ctx.build.debug });
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
