/**
 * The Pseudoterminal behind every `packer` task: runs the embedded engine through the CLI, shows its coloured
 * output, turns Ctrl+C or closing the terminal into a cancellation (the engine then cleans up), reports the
 * exit code to VS Code and the positioned errors to the Problems panel.
 */
import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import type { CliRunner } from './cli-process.js';
import { LineInput, toTerminal } from './terminal-text.js';

export interface BuildRun {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Shown as the first line, like a shell would echo the command. */
  readonly commandLine: string;
}

export interface BuildTerminalHooks {
  /** Called once with the whole output (for Problems) and the exit code. */
  finished(output: string, code: number): void;
  /** Where output goes once the terminal is gone but the cleanup is still running. */
  log(text: string): void;
}

const DIM = '\u001b[2m';
const RED = '\u001b[31m';
const RESET = '\u001b[0m';

/** How long a closed terminal's build may take to clean up before it is stopped the hard way. */
const CLEANUP_GRACE_MS = 5 * 60 * 1000;

export class BuildTerminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;

  private child: ChildProcess | undefined;
  private readonly input = new LineInput();
  private output = '';
  private terminalOpen = false;
  private cancelled = false;

  constructor(
    private readonly runner: CliRunner,
    private readonly run: BuildRun,
    private readonly hooks: BuildTerminalHooks,
  ) {}

  open(): void {
    this.terminalOpen = true;
    this.write(`${DIM}> ${this.run.commandLine}${RESET}\n\n`);
    const child = this.runner.spawn(this.run.args, { cwd: this.run.cwd, env: this.run.env, terminal: true });
    this.child = child;
    const onData = (d: Buffer) => {
      const text = d.toString('utf8');
      this.output += text;
      this.write(text);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (e) => {
      this.write(`${RED}Cannot start the build: ${e.message}${RESET}\n`);
      this.finish(1);
    });
    child.on('close', (code, signal) => this.finish(code ?? (signal ? 130 : 1)));
  }

  handleInput(data: string): void {
    if (data.includes('\u0003')) {
      this.cancel('Ctrl+C');
      return;
    }
    const { echo, lines } = this.input.feed(data);
    if (echo !== '') this.writer.fire(echo);
    for (const line of lines) this.child?.stdin?.write(`${line}\n`);
  }

  /** The user closed the terminal: cancel, and let the cleanup finish where it can still be read. */
  close(): void {
    this.terminalOpen = false;
    if (!this.child || this.child.exitCode !== null) return;
    this.hooks.log('The build terminal was closed: cancelling the build. Cleanup output follows.\n');
    this.cancel('terminal closed');
    const child = this.child;
    const timer = setTimeout(() => child.kill('SIGKILL'), CLEANUP_GRACE_MS);
    child.once('close', () => clearTimeout(timer));
  }

  private cancel(why: string): void {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    // The CLI treats SIGINT like Packer does: the first one cancels and cleans up, it never kills at once.
    if (!this.cancelled) this.write(`${DIM}^C (${why}): cancelling, cleaning up…${RESET}\n`);
    this.cancelled = true;
    child.kill('SIGINT');
  }

  private write(text: string): void {
    if (this.terminalOpen) this.writer.fire(toTerminal(text));
    else this.hooks.log(text.replace(/\u001b\[[0-9;]*m/g, ''));
  }

  private finish(code: number): void {
    if (!this.child) return;
    this.child = undefined;
    this.hooks.finished(this.output, code);
    if (this.terminalOpen) {
      this.write(`\n${code === 0 ? DIM : RED}packer-studio exited with code ${code}${RESET}\n`);
      this.closer.fire(code);
    } else {
      this.hooks.log(`Build finished after cancellation with exit code ${code}.\n`);
    }
  }
}
