/** `packer-studio`: a drop-in for the `packer` command line, running on the embedded engine. */
import { buildCommand } from './build.js';
import type { CliIO, Command } from './command.js';
import { consoleCommand } from './console.js';
import { fixCommand } from './fix.js';
import { fmtCommand } from './fmt.js';
import { hcl2UpgradeCommand } from './hcl2_upgrade.js';
import { inspectCommand } from './inspect.js';
import { pendingCommands } from './pending.js';
import { validateCommand } from './validate.js';
import { versionCommand, versionText } from './version.js';

/** Commands that take -machine-readable as a flag; Packer accepts the token anywhere on the command line. */
const MACHINE_READABLE = new Set(['build', 'inspect', 'validate']);

const IMPLEMENTED: readonly Command[] = [buildCommand, consoleCommand, fixCommand, fmtCommand, hcl2UpgradeCommand, inspectCommand, validateCommand, versionCommand];
const COMMANDS: readonly Command[] = [...IMPLEMENTED, ...pendingCommands(IMPLEMENTED)].sort((a, b) => a.name.localeCompare(b.name));

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
  const cmd = COMMANDS.find((c) => c.name === first);
  if (!cmd) {
    io.stdout(commandList());
    return 127;
  }
  const rest = args.slice(1);
  return cmd.run(machineReadable && MACHINE_READABLE.has(cmd.name) ? ['-machine-readable', ...rest] : rest, io);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

function main(): void {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    controller.abort(sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const io: CliIO = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: () => readAll(process.stdin),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    signal: controller.signal,
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`packer-studio: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) main();
