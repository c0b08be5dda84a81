/** An in-memory CliIO for running subcommands in tests. */
import type { CliIO, Command } from '../../server/src/cli/command.js';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCommand(command: Command, args: readonly string[], cwd: string): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: async () => '',
    cwd,
    env: {},
    stdoutIsTTY: false,
    stdinIsTTY: false,
    signal: new AbortController().signal,
  };
  const code = await command.run(args, io);
  return { code, stdout, stderr };
}
