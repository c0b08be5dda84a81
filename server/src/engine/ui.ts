/**
 * Packer-shaped build output: `==> <target>: <msg>` (say), `    <target>: <msg>` (message), errors in red,
 * one colour per build, optional RFC 3339 timestamps, the `-machine-readable` CSV form, and secret masking
 * applied to every line before it leaves the process.
 */

/** What steps, provisioners and post-processors talk to. */
export interface Ui {
  say(message: string): void;
  message(message: string): void;
  error(message: string): void;
  /** Asks the user a question and resolves to the answer line (without the newline). */
  ask(query: string, signal: AbortSignal): Promise<string>;
  /** A machine-readable row for this UI's target (ignored in human mode). */
  machine(type: string, ...data: string[]): void;
  /** A line for the debug log only (`PACKER_LOG`); never shown in the UI. */
  log?(message: string): void;
  /** Replaces sensitive values by `<sensitive>`, for what components write to files (the manifest). */
  mask?(text: string): string;
}

export interface UiOptions {
  readonly write: (text: string) => void;
  readonly color: boolean;
  readonly timestamp: boolean;
  readonly machineReadable: boolean;
  /** Strings replaced by `<sensitive>` everywhere. */
  readonly secrets: readonly string[];
  /** Reads one line of user input; absent when the session is not interactive. */
  readonly readLine?: (signal: AbortSignal) => Promise<string>;
  /** The debug log (`PACKER_LOG`): receives every UI line (as `ui: …`) and engine events, already masked. */
  readonly log?: (line: string) => void;
  readonly now?: () => Date;
}

/** Packer assigns colours to builds by index: green, cyan, magenta, yellow, blue, then again. */
const BUILD_COLORS = [32, 36, 35, 33, 34] as const;
const RED = 31;

export const MASK = '<sensitive>';

type Kind = 'say' | 'message' | 'error';

/** Distinct non-empty secrets, longest first so a secret containing another is masked whole. */
function orderSecrets(secrets: readonly string[]): string[] {
  return [...new Set(secrets.filter((s) => s !== ''))].sort((a, b) => b.length - a.length);
}

function replaceSecrets(text: string, ordered: readonly string[]): string {
  let out = text;
  for (const s of ordered) out = out.split(s).join(MASK);
  return out;
}

/** Replaces every secret in the text by `<sensitive>`, as every UI line is (for text printed outside a ConsoleUi). */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  return replaceSecrets(text, orderSecrets(secrets));
}

/** The process-wide UI: untargeted lines (`==> Wait completed …`) and the factory for per-build UIs. */
export class ConsoleUi {
  private readonly secrets: readonly string[];

  constructor(private readonly opts: UiOptions) {
    this.secrets = orderSecrets(opts.secrets);
  }

  /** Whether ANSI colours are written (Packer announces each build's colour only then). */
  get colored(): boolean {
    return this.opts.color && !this.opts.machineReadable;
  }

  get machineReadable(): boolean {
    return this.opts.machineReadable;
  }

  mask(text: string): string {
    return replaceSecrets(text, this.secrets);
  }

  /**
   * `build` marks a line of a build's own UI: only those carry the `-timestamp-ui` prefix, since Packer wraps
   * the per-build UIs in its TimestampedUi and not the command's (`==> Wait completed …`, the summary).
   */
  say(message: string, color?: number, build = false): void {
    this.emit('say', message, color, true, build);
  }

  message(message: string, color?: number, build = false): void {
    this.emit('message', message, color, false, build);
  }

  error(message: string, build = false): void {
    this.emit('error', message, RED, true, build);
  }

  /** A targeted machine-readable row; human mode ignores it. */
  machine(target: string, type: string, ...data: string[]): void {
    if (!this.opts.machineReadable) return;
    const fields = [target, type, ...data].map((d) => escapeMachine(this.mask(d)));
    this.log(`machine readable: ${fields.slice(1).join(' ')}`);
    this.opts.write(`${this.unixSeconds()},${fields.join(',')}\n`);
  }

  /** Like Packer's BasicUi: the query, a space and no newline (the terminal echoes the answer's). */
  async ask(query: string, signal: AbortSignal, color?: number): Promise<string> {
    if (this.opts.machineReadable) throw new Error("machine-readable UI can't ask");
    if (!this.opts.readLine) throw new Error('no available tty');
    const text = this.mask(query);
    this.log(`ui: ask: ${text}`);
    this.opts.write(`${this.decorate(text, color, true, true)} `);
    return this.opts.readLine(signal);
  }

  /** Writes a line to the debug log, if there is one, in Go's `log` format. */
  log(message: string): void {
    if (!this.opts.log) return;
    const stamp = goLogTime((this.opts.now ?? (() => new Date()))());
    for (const line of this.mask(message).split('\n')) this.opts.log(`${stamp} ${line}\n`);
  }

  /** The UI a build (or a post-processor of it: target `<build> (<type>)`) writes through. */
  targeted(target: string, colorIndex: number): Ui {
    const color = BUILD_COLORS[colorIndex % BUILD_COLORS.length] as number;
    return new TargetedUi(this, target, color);
  }

  colorOf(colorIndex: number): number {
    return BUILD_COLORS[colorIndex % BUILD_COLORS.length] as number;
  }

  private emit(kind: Kind, message: string, color: number | undefined, bold: boolean, build: boolean): void {
    const text = this.mask(message);
    this.log(`${kind === 'error' ? 'ui error' : 'ui'}: ${text}`);
    if (this.opts.machineReadable) {
      this.opts.write(`${this.unixSeconds()},,ui,${kind},${escapeMachine(text)}\n`);
      return;
    }
    this.opts.write(`${this.decorate(text, color, bold, build)}\n`);
  }

  /** Timestamp (inside the colour, like Packer's TimestampedUi wrapped by ColoredUi), then the colour codes. */
  private decorate(text: string, color: number | undefined, bold: boolean, build: boolean): string {
    let line = text;
    if (this.opts.timestamp && build) line = `${rfc3339Local((this.opts.now ?? (() => new Date()))())}: ${line}`;
    if (this.opts.color && color !== undefined) line = `\u001b[${bold ? 1 : 0};${color}m${line}\u001b[0m`;
    return line;
  }

  private unixSeconds(): number {
    return Math.floor((this.opts.now ?? (() => new Date()))().getTime() / 1000);
  }
}

class TargetedUi implements Ui {
  constructor(
    private readonly root: ConsoleUi,
    private readonly target: string,
    private readonly color: number,
  ) {}

  say(message: string): void {
    this.root.say(prefixLines('==>', this.target, message), this.color, true);
  }

  message(message: string): void {
    this.root.message(prefixLines('   ', this.target, message), this.color, true);
  }

  error(message: string): void {
    this.root.error(prefixLines('==>', this.target, message), true);
  }

  ask(query: string, signal: AbortSignal): Promise<string> {
    return this.root.ask(prefixLines('==>', this.target, query), signal, this.color);
  }

  machine(type: string, ...data: string[]): void {
    this.root.machine(this.target, type, ...data);
  }

  log(message: string): void {
    this.root.log(message);
  }

  mask(text: string): string {
    return this.root.mask(text);
  }
}

/** Every line of a multi-line message carries the prefix; trailing whitespace of the whole block is dropped. */
function prefixLines(arrow: string, target: string, message: string): string {
  return message
    .split('\n')
    .map((line) => `${arrow} ${target}: ${line}`)
    .join('\n')
    .trimEnd();
}

/** Go's `time.RFC3339` in local time: `2024-03-05T07:08:09+01:00`, or `Z` for UTC. */
export function rfc3339Local(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${zone}`;
}

/** Go's default `log` prefix: `2006/01/02 15:04:05` in local time. */
export function goLogTime(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Packer's CSV escaping: commas become `%!(PACKER_COMMA)`, newlines and carriage returns literal `\n` `\r`. */
export function escapeMachine(data: string): string {
  return data.replaceAll(',', '%!(PACKER_COMMA)').replaceAll('\r', '\\r').replaceAll('\n', '\\n');
}

/** A UI that drops everything: for components run without output (tests, nested helpers). */
export const SILENT_UI: Ui = {
  say: () => undefined,
  message: () => undefined,
  error: () => undefined,
  ask: () => Promise.reject(new Error('no interactive input available')),
  machine: () => undefined,
  log: () => undefined,
};
