/**
 * The HCL native-syntax parser: tree-sitter builds a lossless tree (kept for formatting and semantic tokens),
 * which is converted into the typed syntax model of ast.ts plus HCL-style syntax diagnostics.
 *
 * Pure: the wasm binaries come in as bytes (see platform/hcl-wasm.ts for the loader). Never throws for any input.
 */
import { Language, Parser, Edit, type Range, type Tree } from 'web-tree-sitter';
import type * as ast from './ast.js';
import type { Diagnostic, Position } from './diagnostic.js';
import { LineIndex } from './text.js';
import { copyTree } from './syntax/tree.js';
import { initTreeSitter } from './syntax/walker.js';
import { recordItems, TopLevelItems } from './syntax/reuse.js';
import { Converter } from './syntax/convert.js';
import { convertFile } from './syntax/body.js';
import { recoverModel } from './syntax/recover.js';
import { healthOf, recordHealth, type Health } from './syntax/health.js';
import { lineBreaks, ModelEditor } from './syntax/edit-model.js';

/** A text's syntax model: what analysis reads. */
export interface SyntaxModel {
  readonly file: string;
  readonly text: string;
  readonly ast: ast.File;
  readonly diagnostics: readonly Diagnostic[];
  /** The lines of `text`, which ranges in the model count. */
  readonly lines: LineIndex;
}

export interface ParsedFile extends SyntaxModel {
  readonly diagnostics: Diagnostic[];
  /** The tree-sitter tree of `text`. It lives in wasm memory: call `tree.delete()` once it is no longer needed. */
  readonly tree: Tree;
}

/** An LSP-style change: 0-based line and UTF-16 character positions in the text before the change. */
export interface TextEdit {
  readonly range: {
    readonly start: { readonly line: number; readonly character: number };
    readonly end: { readonly line: number; readonly character: number };
  };
  readonly newText: string;
}

export interface ParsedExpression {
  readonly expr: ast.Expression;
  readonly diagnostics: Diagnostic[];
}

export interface HclWasm {
  readonly treeSitter: Uint8Array;
  readonly hcl: Uint8Array;
}

/** The tree-sitter runtime: a process-wide singleton, initialised once with the bytes given first. */
let runtime: Promise<void> | undefined;

const BOM = '\uFEFF';
/** tree-sitter's error recovery on huge non-HCL input can take minutes and exhaust wasm memory; stop it early. */
const PARSE_BUDGET_MS = 15_000;
/** Name used when wrapping a lone expression into an attribute; chosen so it cannot clash with real input. */
const WRAP_NAME = '__expr';

export class HclParser {
  private readonly editor = new ModelEditor((text, file, blank) => this.parseReusing(text, file, undefined, [], blank));

  private constructor(private readonly parser: Parser) {}

  static async create(wasm: HclWasm): Promise<HclParser> {
    runtime ??= initTreeSitter(wasm.treeSitter);
    await runtime;
    const language = await Language.load(wasm.hcl);
    const parser = new Parser();
    parser.setLanguage(language);
    return new HclParser(parser);
  }

  /**
   * Parses `text`. With `previous` (the last result for this document and the edits made since; its tree must
   * not be deleted yet), tree-sitter re-parses incrementally and top-level items the edits did not touch keep
   * their converted AST (see syntax/reuse.ts); the result is the same as a fresh parse's.
   */
  parse(text: string, file: string, previous?: { parsed: ParsedFile; edits: readonly TextEdit[] }): ParsedFile {
    return this.parseReusing(text, file, previous, previous?.parsed.file === file ? [previous.parsed.ast] : []);
  }

  /**
   * `parse`, reusing the clean items of the parses `reuse` where the same text stands at the same column. `blank`:
   * how many characters the text starts with that are blanks (see `skippingBlanks`).
   */
  private parseReusing(text: string, file: string, previous: { parsed: ParsedFile; edits: readonly TextEdit[] } | undefined, reuse: readonly ast.File[], blank = 0): ParsedFile {
    const lines = new LineIndex(text);
    const { tree, reused } = this.treeOf(text, lines, previous, blank);
    if (!tree) return this.unparsable(text, file, lines);
    const topLevel = new TopLevelItems(lines, { asts: reuse, sameTree: reused && reuse[0] === previous?.parsed.ast });
    const root = copyTree(tree, topLevel);
    const conv = new Converter(text, file, lines);
    const converted = convertFile(conv, root, topLevel);
    // Where the re-parse of the recovery found errors: its items may stand in the model.
    let again: Health | 'unknown' | undefined;
    const fileAst = recoverModel(converted, { conv, root, hasError: tree.rootNode.hasError }, (blanked) => {
      // The blanked text keeps every position: its clean items are mostly this parse's or the previous one's.
      const reparsed = this.parseReusing(blanked, file, undefined, [converted, ...reuse], blank);
      topLevel.adopt(reparsed.ast);
      reparsed.tree.delete();
      again = healthOf(reparsed.ast) ?? 'unknown';
      return reparsed.ast;
    });
    // Last, once the AST and the diagnostics are final: what editModel relies on, and the next parse reuses.
    recordHealth(fileAst, topLevel.health(fileAst, conv.diagnostics, conv.brokenItems(), again));
    if (fileAst !== converted) topLevel.finish(fileAst);
    return { file, text, ast: fileAst, diagnostics: conv.diagnostics, tree, lines };
  }

  /**
   * The tree of `model`'s text without converting it again: for what reads only the tree (semantic tokens,
   * folding, formatting) while `editModel` keeps the model up to date. Its clean items are recorded against the
   * new tree (syntax/reuse.ts), so a later `parse` from it reuses them.
   *
   * Unlike `parse`, a text with errors keeps the incremental re-parse: its diagnostics come from the model, and a
   * fresh parse costs ~80 ms per keystroke in a 5,000-line file (2 ms incrementally). tree-sitter's error recovery
   * may read a broken part differently when it starts from the old tree (see `treeOf`); over 855 random edits
   * leaving errors in the LSP fixture, the trees were all equal to fresh ones.
   */
  parseTree(model: SyntaxModel, previous?: { parsed: ParsedFile; edits: readonly TextEdit[] }): ParsedFile {
    const { tree } = this.treeOf(model.text, model.lines, previous, 0, false);
    if (!tree) return this.unparsable(model.text, model.file, model.lines);
    recordItems(model.ast, tree, model.lines);
    return { file: model.file, text: model.text, ast: model.ast, diagnostics: [...model.diagnostics], tree, lines: model.lines };
  }

  /**
   * tree-sitter's tree of `text`, re-parsed from `previous` where it can (`reused`); null when it gave up. A text
   * with errors is parsed afresh unless `freshOnError` is off.
   */
  private treeOf(
    text: string,
    lines: LineIndex,
    previous: { parsed: ParsedFile; edits: readonly TextEdit[] } | undefined,
    blank: number,
    freshOnError = true,
  ): { tree: Tree | null; reused: boolean } {
    const source = forTreeSitter(text);
    // Exponent substitutions can change outside the edited ranges, so such texts are parsed afresh.
    const old = previous && !hasBareExponent(previous.parsed.text) && !hasBareExponent(text) ? editedTree(previous.parsed, previous.edits, text) : undefined;
    const deadline = performance.now() + PARSE_BUDGET_MS;
    const progressCallback = (): boolean => performance.now() > deadline;
    const options = blank >= 2 ? { progressCallback, includedRanges: skippingBlanks(lines, blank) } : { progressCallback };
    let tree: Tree | null;
    let reused = old !== undefined;
    try {
      tree = this.parser.parse(source, old ?? null, options);
      // tree-sitter's error recovery may read a text differently when it starts from the old tree than from
      // scratch (e.g. `b {` typed above a file and a `{` after its last `}`); a text with errors is parsed afresh so
      // its diagnostics are those the CLI reports. Clean texts have one parse either way.
      if (freshOnError && tree && old && tree.rootNode.hasError) {
        tree.delete();
        tree = this.parser.parse(source, null, options);
        reused = false;
      }
    } finally {
      old?.delete();
    }
    return { tree, reused };
  }

  /**
   * The model of `text` from `model` and the edits made since, without a tree, equal to what `parse` gives for
   * `text`; undefined where only a parse of the whole text can tell (see syntax/edit-model.ts).
   */
  editModel(model: SyntaxModel, edits: readonly TextEdit[], text: string): SyntaxModel | undefined {
    return this.editor.editModel(model, edits, text);
  }

  /** tree-sitter gave up (time budget): an empty model and one diagnostic, rather than hanging the caller. */
  private unparsable(text: string, file: string, lines: LineIndex): ParsedFile {
    const tree = this.parser.parse('');
    if (!tree) throw new Error('tree-sitter cannot parse an empty text');
    const range = { file, start: lines.position(0), end: lines.position(text.length) };
    return {
      file,
      text,
      ast: { body: { kind: 'body', items: [], range }, range },
      diagnostics: [
        {
          severity: 'error',
          summary: 'File too complex to parse',
          detail: `Parsing this file took longer than ${PARSE_BUDGET_MS / 1000} seconds and was stopped. It is probably not an HCL file.`,
          range: { file, start: lines.position(0), end: lines.position(0) },
          code: 'syntax',
        },
      ],
      tree,
      lines,
    };
  }

  /**
   * Parses a lone expression (a `-var` value, console input). It is parsed as the value of an attribute placed
   * on the same line, so ranges only need their offsets and characters shifted back.
   */
  parseExpression(text: string, file: string): ParsedExpression {
    const prefix = `${WRAP_NAME} = `;
    const parsed = this.parse(prefix + text, file);
    parsed.tree.delete();
    const shift = prefix.length;
    const lines = new LineIndex(text);
    const first = parsed.ast.body.items[0];
    const diagnostics = parsed.diagnostics.map((d) => shiftDiagnostic(d, shift));
    if (!first || first.kind !== 'attribute' || first.name !== WRAP_NAME || parsed.ast.body.items.length > 1) {
      const extra = parsed.ast.body.items[1];
      const at = extra ? lines.offsetOf(unprefixed(extra.range.start, shift)) : 0;
      if (!diagnostics.some((d) => d.severity === 'error')) {
        diagnostics.push({
          severity: 'error',
          summary: 'Extra characters after expression',
          detail: 'An expression was successfully parsed, but extra characters were found after it.',
          range: { file, start: lines.position(at), end: lines.position(text.length) },
          code: 'syntax',
        });
      }
    }
    const expr: ast.Expression =
      first && first.kind === 'attribute' && first.name === WRAP_NAME
        ? shiftNode(first.expr, shift)
        : { kind: 'invalid', range: { file, start: lines.position(0), end: lines.position(text.length) } };
    return { expr, diagnostics };
  }
}

/**
 * Same-length substitutions that keep tree-sitter's scanner on track where HCL is more lenient or reports the
 * problem itself: the byte-order mark becomes a space, an invalid escape such as `\q` becomes `\\` (the
 * converter decodes the original text and reports the escape like hclsyntax), and a number with an exponent but
 * no fraction (`1e21`, `2e+3`) becomes digits, because the grammar's numeric_lit only takes an exponent after a
 * fraction and would split it into a number and an identifier. The converter and the formatter read the
 * original text, so they still see `1e21`.
 */
function forTreeSitter(text: string): string {
  const body = text.startsWith(BOM) ? ' ' + text.slice(1) : text;
  const escaped = body.includes('\\') ? body.replace(ESCAPE_PAIR, (pair: string, sel: string) => (validEscape(sel) ? pair : '\\\\' + sel.slice(1))) : body;
  return hasBareExponent(escaped) ? escaped.replace(BARE_EXPONENT, (n: string) => '0'.repeat(n.length)) : escaped;
}

/**
 * `<digits>[eE][+-]<digits>` starting a token: not inside an identifier (HCL identifiers take digits and `-`, so
 * `a-1e+3` is `a-1e` plus `3`) and not the fraction of `1.5e3`, which the grammar already reads.
 */
const BARE_EXPONENT = /(?<![\p{L}\p{N}_.]-*)[0-9]+[eE][+-]?[0-9]+/gu;
const HAS_BARE_EXPONENT = new RegExp(BARE_EXPONENT.source, 'u');

function hasBareExponent(text: string): boolean {
  return /[0-9][eE]/.test(text) && HAS_BARE_EXPONENT.test(text);
}

const ESCAPE_PAIR = /\\([uU][0-9A-Fa-f]*|[^\n])/g;

function validEscape(sel: string): boolean {
  if (sel.startsWith('u')) return sel.length >= 5;
  if (sel.startsWith('U')) return sel.length >= 9;
  return 'nrt"\\'.includes(sel);
}

/**
 * Replays the edits on a copy of the previous tree so tree-sitter can reuse unchanged subtrees. Returns undefined
 * (full parse) when the edits do not turn the previous text into the new one.
 */
function editedTree(previous: ParsedFile, edits: readonly TextEdit[], text: string): Tree | undefined {
  let current = previous.text;
  let lines = previous.lines;
  const tree = previous.tree.copy();
  for (const [i, edit] of edits.entries()) {
    if (i > 0) lines = new LineIndex(current);
    const start = lines.offsetAt(edit.range.start.line, edit.range.start.character);
    const oldEnd = Math.max(start, lines.offsetAt(edit.range.end.line, edit.range.end.character));
    const startPosition = point(lines, start);
    tree.edit(
      new Edit({
        startIndex: start,
        oldEndIndex: oldEnd,
        newEndIndex: start + edit.newText.length,
        startPosition,
        oldEndPosition: point(lines, oldEnd),
        newEndPosition: endPoint(startPosition, edit.newText),
      }),
    );
    current = current.slice(0, start) + edit.newText + current.slice(oldEnd);
  }
  if (current !== text) {
    tree.delete();
    return undefined;
  }
  return tree;
}

/**
 * What tree-sitter reads of a text whose first `blank` characters are blanks: the first blank and everything from
 * the last one on. The grammar reads each blank as a token of its own (an extra, `_whitespace`), pushed on the
 * parse stack and kept in the tree, about half a microsecond each: 40-70 ms for the 106,000 blanks before a window
 * at the end of a 5,000-line file (see syntax/edit-model.ts), and again in recover.ts's re-parse. The reading is
 * the same: the first blank still starts the tree at 0, and the last still leaves the start state on top of the
 * stack at the end of the blanks, which is where error recovery finds it (a stack's summary keeps the topmost
 * entry of each state and depth, and extras add no depth); the blanks between move no other token, and an extra's
 * length never enters an error's cost. Without that last blank, edit-model.test.ts's random edits find models
 * unlike a fresh parse.
 */
function skippingBlanks(lines: LineIndex, blank: number): Range[] {
  const part = (start: number, end: number): Range => ({ startIndex: start, endIndex: end, startPosition: point(lines, start), endPosition: point(lines, end) });
  return [part(0, 1), part(blank - 1, lines.text.length)];
}

function point(lines: LineIndex, offset: number): { row: number; column: number } {
  const p = lines.position(offset);
  return { row: p.line, column: p.character };
}

/** Where `inserted` ends when inserted at `start`. */
function endPoint(start: { row: number; column: number }, inserted: string): { row: number; column: number } {
  const last = inserted.lastIndexOf('\n');
  if (last === -1) return { row: start.row, column: start.column + inserted.length };
  return { row: start.row + lineBreaks(inserted), column: inserted.length - last - 1 };
}

function shiftDiagnostic(d: Diagnostic, shift: number): Diagnostic {
  return {
    ...d,
    ...(d.range ? { range: shiftRange(d.range, shift) } : {}),
    ...(d.context ? { context: shiftRange(d.context, shift) } : {}),
  };
}

/** The prefix sits on the first line only: later lines keep their positions. */
function unprefixed(p: Position, shift: number): Position {
  return p.line === 0 ? { line: 0, character: Math.max(0, p.character - shift) } : p;
}

function shiftRange<R extends ast.File['range']>(r: R, shift: number): R {
  return { ...r, start: unprefixed(r.start, shift), end: unprefixed(r.end, shift) };
}

/** Rebuilds an expression tree with every Range shifted back by `shift` characters. */
function shiftNode<T>(node: T, shift: number): T {
  if (Array.isArray(node)) return node.map((n: unknown) => shiftNode(n, shift)) as T;
  if (node === null || typeof node !== 'object') return node;
  if (isRange(node)) return shiftRange(node, shift) as T;
  if (!isPlainObject(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = shiftNode(v, shift);
  return out as T;
}

function isRange(v: object): v is ast.File['range'] {
  return 'file' in v && 'start' in v && 'end' in v && !('kind' in v);
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
