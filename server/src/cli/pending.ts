/**
 * Packer subcommands whose implementation has not landed in this build. They are listed like Packer lists them,
 * and answer with their usage and a plain statement instead of pretending to run.
 */
import type { Command } from './command.js';

interface PendingSpec {
  readonly name: string;
  readonly synopsis: string;
  readonly usage: string;
}

const PENDING: readonly PendingSpec[] = [
  { name: 'init', synopsis: 'Install missing plugins or upgrade plugins', usage: 'Usage: packer init [options] [config.pkr.hcl|folder/]' },
  { name: 'plugins', synopsis: 'Interact with Packer plugins and catalog', usage: 'Usage: packer plugins <subcommand> [options] [args]' },
];

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

/** Stand-ins for the named subcommands, skipping those that `implemented` already provides. */
export function pendingCommands(implemented: readonly { readonly name: string }[]): Command[] {
  const have = new Set(implemented.map((c) => c.name));
  return PENDING.filter((p) => !have.has(p.name)).map(pendingCommand);
}
