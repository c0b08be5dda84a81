/** The `shell-local` provisioner: runs commands on the machine running the build. */
import type { BuildInfo, Provisioner } from '../../component.js';
import type { ConfigRecord } from '../../plan.js';
import { createLocalShell } from './run-local.js';

export function createShellLocalProvisioner(values: ConfigRecord, build: BuildInfo): Provisioner {
  const shell = createLocalShell(values, build, false);
  return { provision: (ctx) => shell.run(ctx.ui, ctx.signal, ctx.buildVars) };
}
