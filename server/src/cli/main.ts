/** `packer-studio`: a drop-in for the `packer` command line, running on the embedded engine. */
import type { CliIO, Command } from './command.js';
import { pendingCommands } from './pending.js';
import { runProcess } from './process.js';
import { versionCommand, versionText } from './version.js';

/** Commands that take -machine-readable as a flag; Packer accepts the token anywhere on the command line. */
const MACHINE_READABLE = new Set(['build', 'console', 'fix', 'fmt', 'hcl2_upgrade', 'init', 'inspect', 'validate']);

/**
 * A command listed by name and synopsis whose module is imported only when it runs: the bundled CLI is split
 * per command (scripts/build.mjs), so `fmt` never compiles the build engine, dockerode or ssh2.
 */
export interface LazyCommand {
  readonly name: string;
  readonly synopsis: string;
  load(): Promise<Command>;
}

const IMPLEMENTED: readonly LazyCommand[] = [
  { name: 'build', synopsis: 'build image(s) from template', load: async () => (await import('./build.js')).buildCommand },
  { name: 'console', synopsis: 'creates a console for testing variable interpolation', load: async () => (await import('./console.js')).consoleCommand },
  { name: 'fix', synopsis: 'fixes templates from old versions of packer', load: async () => (await import('./fix.js')).fixCommand },
  { name: 'fmt', synopsis: 'Rewrites HCL2 config files to canonical format', load: async () => (await import('./fmt.js')).fmtCommand },
  { name: 'hcl2_upgrade', synopsis: 'transform a JSON template into an HCL2 configuration', load: async () => (await import('./hcl2_upgrade.js')).hcl2UpgradeCommand },
  { name: 'inspect', synopsis: 'see components of a template', load: async () => (await import('./inspect.js')).inspectCommand },
  { name: 'validate', synopsis: 'check that a template is valid', load: async () => (await import('./validate.js')).validateCommand },
  eager(versionCommand),
];

function eager(command: Command): LazyCommand {
  return { name: command.name, synopsis: command.synopsis, load: async () => command };
}

const COMMANDS: readonly LazyCommand[] = [...IMPLEMENTED, ...pendingCommands(IMPLEMENTED).map(eager)].sort((a, b) => a.name.localeCompare(b.name));

/** Every command, by name, as `--help` lists them. */
export function commandTable(): readonly LazyCommand[] {
  return COMMANDS;
}

function commandList(): string {
  const lines = COMMANDS.map((c) => `    ${c.name.padEnd(16)}${c.synopsis}`);
  return `Usage: packer-studio [--version] [--help] <command> [<args>]\n\nAvailable commands are:\n${lines.join('\n')}\n`;
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  // Packer strips -machine-readable wherever it appears and switches the UI; commands read it from the env.
  const args = argv.filter((a) => a !== '-machine-readable');
  const machineReadable = args.length !== argv.length;
  const first = args[0];
  if (first === undefined) {
    io.stdout(commandList());
    return 127;
  }
  if (['-h', '-help', '--help'].includes(first)) {
    io.stdout(commandList());
    return 0;
  }
  if (['-v', '-version', '--version'].includes(first) && args.length === 1) {
    io.stdout(versionText());
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === first);
  if (!entry) {
    io.stdout(commandList());
    return 127;
  }
  const cmd = await entry.load();
  const rest = args.slice(1);
  return cmd.run(machineReadable && MACHINE_READABLE.has(cmd.name) ? ['-machine-readable', ...rest] : rest, io);
}

/** The process entry (see bin.ts). */
export function main(): void {
  runProcess(runCli);
}
