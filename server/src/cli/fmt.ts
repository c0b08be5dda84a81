/**
 * `packer-studio fmt`: Packer's `fmt` command (current Packer: several paths, `-recursive`, `-` for stdin) on top
 * of the pure formatter. Output shapes, file selection and exit codes follow `packer fmt`.
 */
import { isAscii } from 'node:buffer';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { structuredPatch } from 'diff';
import type { Tree } from 'web-tree-sitter';
import type { Diagnostic } from '../hcl/diagnostic.js';
import { formatHcl, formatIfPlain, formatIfPlainAscii } from '../hcl/format/format.js';
import type { CliIO, Command } from './command.js';
import { diagnosticText, uiRow } from './ui-text.js';

/** What fmt needs from the parser: the tree and the syntax diagnostics of one file. */
export interface FmtParser {
  parse(text: string, file: string): { readonly tree: Tree; readonly diagnostics: readonly Diagnostic[] };
}

interface FmtOptions {
  check: boolean;
  diff: boolean;
  write: boolean;
  recursive: boolean;
  /** Packer's `-machine-readable` (taken off the command line by the dispatcher and handed over as a flag). */
  machineReadable: boolean;
}

const HELP = `Usage: packer-studio fmt [options] [TEMPLATE]

  Rewrites all Packer configuration files to a canonical format. Both
  configuration files (.pkr.hcl) and variable files (.pkrvars.hcl) are updated.
  JSON files (.json) are not modified.

  If TEMPLATE is "." the current directory will be used.
  If TEMPLATE is "-" then content will be read from STDIN.

  The given content must be in Packer's HCL2 configuration language; JSON is
  not supported.

Options:
  -check        Check if the input is formatted. Exit status will be 0 if all
                 input is properly formatted and non-zero otherwise.

  -diff         Display diffs of formatting change

  -write=false  Don't write to source files
                (always disabled if using -check)

  -recursive     Also process files in subdirectories. By default, only the
                 given directory (or current directory) is processed.
`;

const BOOL_FLAGS = new Set(['check', 'diff', 'write', 'recursive']);
/** Accepted for compatibility with the other commands and ignored, like packer does. */
const VALUE_FLAGS = new Set(['var', 'var-file', 'only', 'except', 'config-type']);

type ParsedArgs = { readonly options: FmtOptions; readonly paths: readonly string[] } | { readonly error: string };

/** Go `flag` package rules: `-f`/`--f`, `-f=v`; bools never take a separate value; parsing stops at the first argument. */
function parseArgs(args: readonly string[]): ParsedArgs {
  const options: FmtOptions = { check: false, diff: false, write: true, recursive: false, machineReadable: false };
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    if (arg === '-machine-readable') {
      options.machineReadable = true;
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const value = eq < 0 ? undefined : body.slice(eq + 1);
    if (BOOL_FLAGS.has(name)) {
      const parsed = value === undefined ? true : parseGoBool(value);
      if (parsed === undefined) return { error: `invalid boolean value "${value}" for -${name}: parse error` };
      options[name as keyof FmtOptions] = parsed;
    } else if (VALUE_FLAGS.has(name)) {
      if (value === undefined && ++i >= args.length) return { error: `flag needs an argument: -${name}` };
    } else {
      return { error: `flag provided but not defined: -${name}` };
    }
  }
  return { options, paths: args.slice(i) };
}

function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

function isHclFile(path: string): boolean {
  return path.endsWith('.pkr.hcl') || path.endsWith('.pkrvars.hcl');
}

/** Hidden files and editor leftovers (vim `~`, emacs `#…#`) are never touched in a directory walk. */
function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name.endsWith('~') || (name.startsWith('#') && name.endsWith('#'));
}

interface FileProblem {
  readonly path: string;
  readonly detail: string;
}

class FmtRun {
  private changedBytes = 0;
  private readonly problems: FileProblem[] = [];
  private parser: Promise<FmtParser> | undefined;

  constructor(
    private readonly io: CliIO,
    private readonly loadParser: () => Promise<FmtParser>,
    private readonly options: FmtOptions,
    private readonly plainFastPath: boolean,
  ) {}

  async run(paths: readonly string[]): Promise<number> {
    for (const path of paths) await this.formatPath(path);
    if (this.options.machineReadable && this.problems.length > 0) {
      // Packer's writeDiags: every problem in one ui.Error row (the formatted paths and diffs are not UI output).
      const text = this.problems.map((p) => diagnosticText({ severity: 'error', summary: `encountered an error while formatting ${p.path}`, detail: p.detail })).join('');
      this.io.stdout(uiRow({ kind: 'error', text }));
    } else {
      for (const problem of this.problems) {
        this.io.stdout(`Error: encountered an error while formatting ${problem.path}\n\n${problem.detail}\n\n\n`);
      }
    }
    if (this.problems.length > 0) return 1;
    return this.options.check && this.changedBytes > 0 ? 3 : 0;
  }

  private abs(path: string): string {
    return isAbsolute(path) ? path : resolve(this.io.cwd, path);
  }

  private async formatPath(path: string): Promise<void> {
    let isDir = false;
    try {
      isDir = path !== '-' && statSync(this.abs(path)).isDirectory();
    } catch {
      // A path that cannot be read is reported by formatFile, like packer does.
    }
    if (!isDir) {
      await this.formatFile(path);
      return;
    }
    let names: string[];
    try {
      names = readdirSync(this.abs(path)).sort();
    } catch (err) {
      this.problems.push({ path, detail: `Cannot read hcl directory: ${errorText(err, path)}` });
      return;
    }
    for (const name of names) {
      if (isIgnoredName(name)) continue;
      const child = join(path, name);
      let childIsDir = false;
      try {
        childIsDir = statSync(this.abs(child)).isDirectory();
      } catch {
        continue;
      }
      if (childIsDir) {
        if (this.options.recursive) await this.formatPath(child);
      } else if (isHclFile(child)) {
        await this.formatFile(child);
      }
    }
  }

  private async formatFile(path: string): Promise<void> {
    const stdin = path === '-';
    if (!stdin && !isHclFile(path)) {
      this.problems.push({ path, detail: `file ${path} is not a HCL file` });
      return;
    }
    let input: string;
    let inputBytes: Buffer | undefined;
    try {
      if (stdin) {
        input = await this.io.readStdin();
      } else {
        inputBytes = readFileSync(this.abs(path));
        input = inputBytes.toString('utf8');
      }
    } catch (err) {
      this.problems.push({ path, detail: `failed to open ${path}: ${errorText(err, path)}` });
      return;
    }
    const output = await this.format(input, inputBytes, path, stdin);
    if (output === undefined) return;
    if (typeof output === 'string' ? output === input : inputBytes?.equals(output)) {
      if (stdin) this.io.stdout(input);
      return;
    }
    this.changedBytes += output.length;
    if (!stdin) this.io.stdout(`${path}\n`);
    if (this.options.write) {
      if (stdin) {
        this.io.stdout(textOf(output));
      } else {
        try {
          writeFileSync(this.abs(path), output, { mode: 0o644 });
        } catch (err) {
          this.problems.push({ path, detail: errorText(err, path) });
          return;
        }
      }
    }
    if (this.options.diff && !stdin) this.io.stdout(unifiedDiff(input, textOf(output), path));
  }

  /**
   * The formatted text, or undefined after recording why there is none. A plain file of ASCII characters only
   * (most templates) is formatted straight to the bytes to write, without building its text as strings.
   */
  private async format(input: string, inputBytes: Buffer | undefined, path: string, stdin: boolean): Promise<string | Uint8Array | undefined> {
    if (this.plainFastPath) {
      const plain = inputBytes !== undefined && isAscii(inputBytes) ? formatIfPlainAscii(input) : formatIfPlain(input);
      if (plain !== undefined) return plain;
    }
    return this.formatParsed(input, path, stdin ? '<stdin>' : path);
  }

  /**
   * Formats a document that is not plain HCL (see format/plain.ts), so the parser decides whether it is valid;
   * records its syntax errors and returns undefined when it is not. tree-sitter's wasm loads only for these.
   */
  private async formatParsed(input: string, path: string, file: string): Promise<string | undefined> {
    this.parser ??= this.loadParser();
    const parsed = (await this.parser).parse(input, file);
    const result = formatHcl({ text: input, tree: parsed.tree, diagnostics: parsed.diagnostics, file });
    parsed.tree.delete();
    if ('text' in result) return result.text;
    this.problems.push({ path, detail: result.diagnostics.map(describeDiagnostic).join('\n') });
    return undefined;
  }
}

/** Formatted output as text; bytes come from formatIfPlainAscii, so they are ASCII. */
function textOf(output: string | Uint8Array): string {
  return typeof output === 'string' ? output : Buffer.from(output.buffer, output.byteOffset, output.byteLength).toString('latin1');
}

/** Node's `ENOENT: no such file or directory, open '/abs/x'` in Go's shape: `open x: no such file or directory`. */
function errorText(err: unknown, path?: string): string {
  if (!(err instanceof Error)) return String(err);
  const { code, syscall } = err as NodeJS.ErrnoException;
  const reason = code ? /^[A-Z]+: ([^,]+)/.exec(err.message)?.[1] : undefined;
  if (reason && syscall && path !== undefined) return `${syscall} ${path}: ${reason}`;
  return err.message;
}

/** One line per syntax error in HCL's `file:line,col-col: summary; detail` shape (1-based, columns in characters). */
function describeDiagnostic(d: Diagnostic): string {
  const message = d.detail ? `${d.summary}; ${d.detail}` : d.summary;
  if (!d.range) return message;
  const { start, end } = d.range;
  const where =
    start.line === end.line
      ? `${start.line + 1},${start.character + 1}-${end.character + 1}`
      : `${start.line + 1},${start.character + 1}-${end.line + 1},${end.character + 1}`;
  return `${d.range.file}:${where}: ${message}`;
}

/** The output of `diff -u --label=old/<path> --label=new/<path>`, which packer shells out for. */
export function unifiedDiff(before: string, after: string, path: string): string {
  const patch = structuredPatch(`old/${path}`, `new/${path}`, before, after, undefined, undefined, { context: 3 });
  const out = [`--- old/${path}`, `+++ new/${path}`];
  for (const h of patch.hunks) {
    out.push(`@@ -${hunkRange(h.oldStart, h.oldLines)} +${hunkRange(h.newStart, h.newLines)} @@`);
    out.push(...h.lines);
  }
  return out.join('\n') + '\n';
}

function hunkRange(start: number, count: number): string {
  if (count === 1) return `${start}`;
  return `${count === 0 ? start - 1 : start},${count}`;
}

/**
 * `plainFastPath` formats plain documents (format/plain.ts) without parsing them. It stands in for the real
 * HclParser's verdict, so it is only for that parser; any other parser decides on every document.
 */
export function createFmtCommand(loadParser: () => Promise<FmtParser>, { plainFastPath = false } = {}): Command {
  return {
    name: 'fmt',
    synopsis: 'Rewrites HCL2 config files to canonical format',
    async run(args: readonly string[], io: CliIO): Promise<number> {
      const parsed = parseArgs(args);
      if ('error' in parsed) {
        io.stdout(`${parsed.error}\n${HELP}`);
        return 1;
      }
      if (parsed.paths.length === 0) {
        io.stdout(HELP);
        return 1;
      }
      const options = { ...parsed.options, write: parsed.options.write && !parsed.options.check };
      return new FmtRun(io, loadParser, options, plainFastPath).run(parsed.paths);
    },
  };
}

/** The parser (and tree-sitter's runtime with it) is imported only when a document is not plain. */
export const fmtCommand: Command = createFmtCommand(async () => (await import('../platform/hcl-wasm.js')).getHclParser(), { plainFastPath: true });
