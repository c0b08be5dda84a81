/** The `breakpoint` provisioner: pauses the build until the user presses enter. */
import type { ProvisionContext, Provisioner } from '../../component.js';
import { decodeComponent } from '../../decode.js';
import type { ConfigRecord } from '../../plan.js';
import { breakpointProvisioner } from '../../../packer/schema/provisioners/breakpoint.js';

export function createBreakpointProvisioner(values: ConfigRecord): Provisioner {
  const { note, disable } = decodeComponent(breakpointProvisioner, values);
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
