/** The contract between the CLI dispatcher (main.ts) and each subcommand module. */

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of standard input. */
  readonly readStdin: () => Promise<string>;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  /** Aborted on SIGINT/SIGTERM. */
  readonly signal: AbortSignal;
}

/** Runs one subcommand with its arguments (after the subcommand name); resolves to the process exit code. */
export interface Command {
  readonly name: string;
  /** One line for `packer-studio --help`. */
  readonly synopsis: string;
  run(args: readonly string[], io: CliIO): Promise<number>;
}
