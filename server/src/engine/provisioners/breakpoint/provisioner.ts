/** The `breakpoint` provisioner: pauses the build until the user presses enter. */
import type { ProvisionContext, Provisioner } from '../../component.js';
import { ConfigReader } from '../../config.js';
import type { ConfigRecord } from '../../plan.js';

export function createBreakpointProvisioner(values: ConfigRecord): Provisioner {
  const r = new ConfigReader(values);
  const note = r.string('note');
  const disable = r.bool('disable');
  r.done();
  return {
    async provision(ctx: ProvisionContext): Promise<void> {
      if (disable) {
        ctx.ui.say(note ? `Breakpoint provisioner with note "${note}" disabled; continuing...` : 'Breakpoint provisioner disabled; continuing...');
        return;
      }
      ctx.ui.say(note ? `Pausing at breakpoint provisioner with note "${note}".` : 'Pausing at breakpoint provisioner.');
      try {
        await ctx.ui.ask('Press enter to continue.', ctx.signal);
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        throw new Error(`Error asking for input: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}
