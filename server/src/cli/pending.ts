/**
 * Packer subcommands that the command table does not list itself: `init`, whose module is imported only when it
 * runs, and those whose implementation has not landed in this build. The latter are listed like Packer lists
 * them, and answer with their usage and a plain statement instead of pretending to run.
 */
import type { Command } from './command.js';

interface PendingSpec {
  readonly name: string;
  readonly synopsis: string;
  readonly usage: string;
}

const PENDING: readonly PendingSpec[] = [
  { name: 'plugins', synopsis: 'Interact with Packer plugins and catalog', usage: 'Usage: packer plugins <subcommand> [options] [args]' },
];

/** `init` checks required_plugins against the built-in plugins (init.ts). */
const INIT: Command = {
  name: 'init',
  synopsis: 'Install missing plugins or upgrade plugins',
  async run(args, io) {
    return (await import('./init.js')).initCommand.run(args, io);
  },
};

function pendingCommand(spec: PendingSpec): Command {
  return {
    name: spec.name,
    synopsis: spec.synopsis,
    async run(_args, io) {
      io.stdout(`${spec.usage}\n\n  The "${spec.name}" command is not available in this build of packer-studio.\n`);
      return 1;
    },
  };
}

/** Commands for the names above, skipping those that `implemented` already provides. */
export function pendingCommands(implemented: readonly { readonly name: string }[]): Command[] {
  const have = new Set(implemented.map((c) => c.name));
  return [INIT, ...PENDING.map(pendingCommand)].filter((c) => !have.has(c.name));
}
