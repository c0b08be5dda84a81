/** The process around a CLI run: real stdio, signals, exit code. Shared by both bundled entry points. */
import type { CliIO } from './command.js';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs `run` on the process's arguments (after the script) and exits with its code once output is flushed. */
export function runProcess(run: (argv: readonly string[], io: CliIO) => Promise<number>): void {
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
  run(process.argv.slice(2), io).then(exitWhenFlushed, (e: unknown) => {
    process.stderr.write(`packer-studio: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    exitWhenFlushed(1);
  });
}

/**
 * Exits as soon as the command is done and its output written. Left alone, Node would first wait for V8's
 * background jobs — optimising compilation of the tree-sitter wasm, which nothing needs any more — and that
 * costs 100–300 ms of wall time per run; a finished command has nothing else left to do.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}
