/**
 * Runs the bundled `packer-studio` CLI (dist/cli.js) — the embedded engine, never a `packer` binary — as a
 * child of the extension host's own Node runtime.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SpawnOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /**
   * The child writes to pipes, but a Pseudoterminal shows its output: tell the CLI its stdio is a terminal so
   * it prints Packer's colours and asks its questions (on-error=ask) as it would in a shell.
   */
  readonly terminal?: boolean;
}

const AS_TTY = 'data:text/javascript,process.stdout.isTTY=true;process.stderr.isTTY=true;process.stdin.isTTY=true';

export class CliRunner {
  constructor(readonly cliPath: string) {}

  /** The command line for a terminal that runs the CLI itself (the interactive console). */
  shell(args: readonly string[]): { shellPath: string; shellArgs: string[]; env: Record<string, string> } {
    return { shellPath: process.execPath, shellArgs: [this.cliPath, ...args], env: { ELECTRON_RUN_AS_NODE: '1' } };
  }

  spawn(args: readonly string[], opts: SpawnOptions): ChildProcess {
    const node = opts.terminal ? ['--import', AS_TTY] : [];
    // Inside VS Code desktop process.execPath is Electron: ELECTRON_RUN_AS_NODE makes it a plain Node.
    return spawn(process.execPath, [...node, this.cliPath, ...args], {
      cwd: opts.cwd,
      env: { ...opts.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: 'pipe',
    });
  }

  /** Runs to completion and returns the output; a failure to start becomes exit code 1 with the reason. */
  capture(args: readonly string[], opts: SpawnOptions, stdin?: string): Promise<CliRun> {
    return new Promise((resolve) => {
      const child = this.spawn(args, opts);
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout?.on('data', (d: Buffer) => out.push(d));
      child.stderr?.on('data', (d: Buffer) => err.push(d));
      child.on('error', (e) => resolve({ code: 1, stdout: '', stderr: `cannot run ${this.cliPath}: ${e.message}\n` }));
      child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
      child.stdin?.end(stdin ?? '');
    });
  }
}
