/**
 * Prints diagnostics the way Packer does. Human mode: `Error: <summary>`, `on <file> line <n>:`, the source line
 * and the wrapped detail, plus a caret line under the failing range, which Packer lacks. `-machine-readable`:
 * exactly Packer's rows, the text of HCL's diagnostic writer (width 80, no colour, no caret) in one `ui,error` or
 * `ui,say` row per stage (see uiMessages). Both masked like Packer's UI (sensitive values become `<sensitive>`).
 */
import type * as ast from '../hcl/ast.js';
import { hasErrors, type Diagnostic, type Position, type Range } from '../hcl/diagnostic.js';
import { goQuote } from '../hcl/render.js';
import { maskSecrets } from '../engine/ui.js';
import { diagnosticText, uiRow, wrap, type UiMessage } from './ui-text.js';
import { templateDiagnostics } from '../packer/load.js';
import type { ConfigFile, Template } from '../packer/model.js';
import { styleText } from 'node:util';

/** One file's text as HCL's diagnostic writer sees it: lines, where each starts, and its top-level blocks. */
class SourceFile {
  readonly lines: readonly string[];
  private readonly starts: readonly number[];

  constructor(
    text: string,
    private readonly blocks: readonly ast.Block[],
  ) {
    const lines: string[] = [];
    const starts: number[] = [];
    const re = /\r?\n/g;
    let at = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      starts.push(at);
      lines.push(text.slice(at, m.index));
      at = m.index + m[0].length;
    }
    starts.push(at);
    lines.push(text.slice(at));
    this.lines = lines;
    this.starts = starts;
  }

  /** A position as a point on the whole text, to compare positions of different lines as HCL compares bytes. */
  point(p: Position): number {
    const line = Math.min(Math.max(p.line, 0), this.starts.length - 1);
    return (this.starts[line] ?? 0) + p.character;
  }

  /** HCL's `, in <header>` context: the first top-level block whose range holds the point (hclsyntax navigation). */
  blockHeaderAt(p: Position): string {
    const at = this.point(p);
    const block = this.blocks.find((b) => this.point(b.range.start) <= at && at < this.point(b.range.end));
    if (!block) return '';
    return [block.type, ...block.labels.map((l) => goQuote(l.value))].join(' ');
  }

  /**
   * The lines HCL shows: each non-empty line overlapping the subject widened to its context (RangeOver), an empty
   * range counting as one character. Empty lines never overlap, so HCL leaves them out even inside the snippet.
   */
  snippet(subject: Range, context: Range | undefined): number[] {
    let start = this.point(subject.start);
    let end = this.point(subject.end);
    if (context) {
      const from = this.point(context.start);
      const to = this.point(context.end);
      if (start === end) [start, end] = [from, to];
      else if (from !== to) [start, end] = [Math.min(start, from), Math.max(end, to)];
    }
    if (start === end) end++;
    const within = (from: number, to: number, x: number): boolean => x >= from && x < to;
    const shown: number[] = [];
    this.lines.forEach((line, n) => {
      if (line === '') return;
      const from = this.starts[n] ?? 0;
      const to = from + line.length;
      if (within(from, to, start) || within(from, to, end) || within(start, end, from) || within(start, end, to)) shown.push(n);
    });
    return shown;
  }
}

/** The files Packer's writer is given: the texts read, with the top-level blocks of those parsed. */
export class PackerFiles {
  private readonly files = new Map<string, SourceFile>();

  constructor(
    private readonly sources: ReadonlyMap<string, string>,
    parsed: readonly ConfigFile[],
  ) {
    for (const f of parsed) {
      // JSON files have their own context navigation (object keys), which is not reproduced: no `, in …` for them.
      const blocks = f.path.endsWith('.json') ? [] : f.ast.body.items.filter((i): i is ast.Block => i.kind === 'block');
      this.files.set(f.path, new SourceFile(f.text, blocks));
    }
  }

  get(path: string): SourceFile | undefined {
    let f = this.files.get(path);
    if (!f) {
      const text = this.sources.get(path);
      if (text === undefined) return undefined;
      f = new SourceFile(text, []);
      this.files.set(path, f);
    }
    return f;
  }
}

/**
 * Codes of diagnostics that Packer gives only a context range, no subject, so its writer prints no location; ours
 * carry the range for the editor.
 */
const SUBJECTLESS = new Set(['unset-variable']);

/**
 * One diagnostic as HCL's text writer renders it for Packer (hcl.NewDiagnosticTextWriter(w, files, 80, false)).
 * Without `files` (Packer passes none after parsing) a located diagnostic says `(source code not available)`.
 */
export function packerDiagnosticText(d: Diagnostic, files: PackerFiles | undefined): string {
  const r = d.range;
  if (!r || (d.code !== undefined && SUBJECTLESS.has(d.code))) return diagnosticText(d);
  const file = files?.get(r.file);
  if (!file) return diagnosticText(d, `  on ${r.file} line ${r.start.line + 1}:\n  (source code not available)\n\n`);
  const header = file.blockHeaderAt(r.start);
  let location = `  on ${r.file} line ${r.start.line + 1}${header === '' ? '' : `, in ${header}`}:\n`;
  for (const n of file.snippet(r, d.context)) location += `${String(n + 1).padStart(4)}: ${file.lines[n]}\n`;
  return diagnosticText(d, `${location}\n`);
}

/** Source lines per file, split once however many diagnostics point into the file. */
class SourceLines {
  private readonly cache = new Map<string, string[]>();
  constructor(private readonly sources: ReadonlyMap<string, string>) {}
  line(file: string, n: number): string | undefined {
    let lines = this.cache.get(file);
    if (!lines) {
      const text = this.sources.get(file);
      if (text === undefined) return undefined;
      lines = text.split(/\r?\n/);
      this.cache.set(file, lines);
    }
    return lines[n];
  }
}

export function formatDiagnostic(d: Diagnostic, sources: ReadonlyMap<string, string> | SourceLines, colour: boolean): string {
  const lookup = sources instanceof SourceLines ? sources : new SourceLines(sources);
  const head = `${d.severity === 'error' ? 'Error' : 'Warning'}: ${d.summary}`;
  const lines: string[] = [colour ? styleText(['bold', d.severity === 'error' ? 'red' : 'yellow'], head) : head, ''];
  if (d.range) {
    const r = d.range;
    lines.push(`  on ${r.file} line ${r.start.line + 1}:`);
    const src = lookup.line(r.file, r.start.line);
    if (src === undefined) {
      lines.push('  (source code not available)');
    } else {
      const prefix = `${String(r.start.line + 1).padStart(4)}: `;
      lines.push(`${prefix}${src}`);
      const endChar = r.end.line === r.start.line ? r.end.character : src.length;
      const width = Math.max(1, endChar - r.start.character);
      const pad = src.slice(0, r.start.character).replace(/[^\t]/g, ' ');
      lines.push(`${' '.repeat(prefix.length)}${pad}${'^'.repeat(width)}`);
    }
    lines.push('');
  }
  if (d.detail) lines.push(wrap(d.detail), '');
  return `${lines.join('\n')}\n`;
}

export function formatDiagnostics(diags: readonly Diagnostic[], sources: ReadonlyMap<string, string>, colour: boolean): string {
  const lookup = new SourceLines(sources);
  return diags.map((d) => formatDiagnostic(d, lookup, colour)).join('');
}

/** What a command loaded: the texts read, the load's own diagnostics and, when it got that far, the template. */
export interface LoadedConfig {
  readonly sources: ReadonlyMap<string, string>;
  readonly diagnostics: readonly Diagnostic[];
  readonly template?: Template;
}

/**
 * The diagnostics Packer prints, by stage, each stage one writeDiags call: parsing (what the loader records as
 * Template.parseDiagnostics, the only stage printed with the files), initialization (variable validation, locals,
 * data sources, sources and builds) and GetBuilds (missing build block, -only/-except, each build's decode and
 * prepare). Packer returns after the first stage with errors: what later stages found is never printed.
 */
function printedStages(diags: readonly Diagnostic[], config: LoadedConfig): Diagnostic[][] {
  const loaded = new Set(templateDiagnostics(config.diagnostics, config.template));
  // Without a template the files could not be read or found: Packer's Parse says so.
  const parsing = (d: Diagnostic): boolean => loaded.has(d) && (!config.template || config.template.parseDiagnostics.has(d));
  const stages = [diags.filter(parsing), diags.filter((d) => loaded.has(d) && !parsing(d)), diags.filter((d) => !loaded.has(d))];
  const failed = stages.findIndex(hasErrors);
  return failed === -1 ? stages : stages.slice(0, failed + 1);
}

/** What Packer prints of these diagnostics, in its order (see printedStages). */
export function printedDiagnostics(diags: readonly Diagnostic[], config: LoadedConfig): Diagnostic[] {
  return printedStages(diags, config).flat();
}

/**
 * Packer's writeDiags, once per printed stage: all of a stage's diagnostics in one message, through ui.Error when
 * any is an error (warnings included) and ui.Say otherwise, masked. Only the parsing stage gets the files; later
 * ones say `(source code not available)` for a located diagnostic.
 */
export function uiMessages(diags: readonly Diagnostic[], config: LoadedConfig): UiMessage[] {
  const secrets = config.template?.secrets ?? [];
  return printedStages(diags, config).flatMap((stage, i) =>
    stage.length === 0 ? [] : [writeDiags(stage, i === 0 ? new PackerFiles(config.sources, config.template?.files ?? []) : undefined, secrets)],
  );
}

/** One call of Packer's writeDiags: the diagnostics' texts in one message, an error when any of them is. */
export function writeDiags(diags: readonly Diagnostic[], files: PackerFiles | undefined, secrets: readonly string[]): UiMessage {
  return { kind: hasErrors(diags) ? 'error' : 'say', text: maskSecrets(diags.map((d) => packerDiagnosticText(d, files)).join(''), secrets) };
}

export interface DiagnosticsOutput {
  readonly write: (text: string) => void;
  readonly machineReadable: boolean;
  readonly colour: boolean;
}

/**
 * Prints diagnostics straight to the output, as many as Packer prints: its rows, or the human text (with source
 * lines at every stage); masked either way.
 */
export function printDiagnostics(diags: readonly Diagnostic[], config: LoadedConfig, out: DiagnosticsOutput): void {
  if (diags.length === 0) return;
  if (out.machineReadable) {
    for (const m of uiMessages(diags, config)) out.write(uiRow(m));
    return;
  }
  out.write(maskSecrets(formatDiagnostics(printedDiagnostics(diags, config), config.sources, out.colour), config.template?.secrets ?? []));
}
