/** Runs `node dist/cli.js …` as a child process: plain (piped stdio) or on a pseudo-terminal through `script`. */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The built CLI; ENGINE_TEST_CLI points the tests at another bundle of the same sources. */
export const CLI = process.env.ENGINE_TEST_CLI ?? join(__dirname, '../../dist/cli.js');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRun {
  readonly pid: number;
  /** Everything written to stdout so far. */
  stdout(): string;
  write(text: string): void;
  kill(signal: NodeJS.Signals): void;
  /** Resolves once stdout contains `pattern` (rejects after `ms`). */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  readonly done: Promise<CliResult>;
}

/** Starts the CLI with piped stdio (so stdin is not a terminal). */
export function startCli(dir: string, args: readonly string[], env: Record<string, string> = {}): CliRun {
  return track(spawn(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] }));
}

/** Starts the CLI on a pseudo-terminal (util-linux `script`), so stdin is a TTY and prompts wait for answers. */
export function startCliOnTty(dir: string, args: readonly string[], env: Record<string, string> = {}): CliRun {
  // `exec`: `script` runs the command through $SHELL, and a shell that stays as the parent (dash does) is
  // killed by the terminal's SIGINT itself, so `script` would report 130 instead of the CLI's own exit code.
  const command = `exec ${[process.execPath, CLI, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ')}`;
  return track(spawn('script', ['-qfec', command, '/dev/null'], { cwd: dir, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] }));
}

export const ttyAvailable = (): boolean => spawnSync('script', ['-qec', 'true', '/dev/null']).status === 0;

export async function runCli(dir: string, args: readonly string[], env: Record<string, string> = {}, input = ''): Promise<CliResult> {
  const run = startCli(dir, args, env);
  run.write(input);
  return run.done;
}

function track(child: ReturnType<typeof spawn>): CliRun {
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString('utf8');
    for (const w of [...waiters]) {
      if (w.pattern.test(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  child.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err }));
  });
  return {
    pid: child.pid ?? -1,
    stdout: () => out,
    write: (text) => {
      if (text === '') child.stdin?.end();
      else child.stdin?.write(text);
    },
    kill: (signal) => child.kill(signal),
    waitFor: (pattern, ms = 20000) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(out)) return resolve();
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern} in:\n${out}\n${err}`)), ms);
        waiters.push({ pattern, resolve: () => (clearTimeout(timer), resolve()) });
      }),
    done,
  };
}
