import type { CliIO } from './command.js';

/** A bad invocation: Packer prints the flag error (if any) and the command's help, and exits 1. */
export function usageError(io: CliIO, message: string | undefined, help: string): number {
  if (message) io.stdout(`${message}\n`);
  io.stdout(help);
  return 1;
}
