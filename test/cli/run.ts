// Runs the CLI in-process with captured output.
import { runCli } from '../../server/src/cli/main.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
}

export async function cli(args: readonly string[], opts: { cwd?: string; stdin?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  let stdout = '';
  const code = await runCli(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stdout += t;
    },
    readStdin: async () => opts.stdin ?? '',
    cwd: opts.cwd ?? process.cwd(),
    env: opts.env ?? {},
    stdoutIsTTY: false,
    stdinIsTTY: opts.stdin === undefined,
    signal: new AbortController().signal,
  });
  return { code, stdout };
}
