/** The `shell-local` post-processor: local scripts with the input artifact's `build.*` data; passes it on. */
import type { BuildInfo, PostProcessor } from '../../component.js';
import type { ConfigRecord } from '../../plan.js';
import { createLocalShell } from '../../provisioners/shell-local/run-local.js';

export function createShellLocalPostProcessor(values: ConfigRecord, build: BuildInfo): PostProcessor {
  const shell = createLocalShell(values, build, true);
  return {
    async postProcess(ctx, input) {
      await shell.run(ctx.ui, ctx.signal, input.generatedData);
      return { artifact: input, keep: true, forceOverride: true };
    },
  };
}
