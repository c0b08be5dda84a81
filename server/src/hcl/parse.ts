/**
 * The HCL native-syntax parser: tree-sitter builds a lossless tree (kept for formatting and semantic tokens),
 * which is converted into the typed syntax model of ast.ts plus HCL-style syntax diagnostics.
 *
 * Pure: the wasm binaries come in as bytes (see platform/hcl-wasm.ts for the loader). Never throws for any input.
 */
import { Language, Parser, Edit, type Tree } from 'web-tree-sitter';
import type * as ast from './ast.js';
import { comparePositions, sameSpan, type Diagnostic, type Position } from './diagnostic.js';
import { LineIndex } from './text.js';
import { copyTree } from './syntax/tree.js';
import { initTreeSitter } from './syntax/walker.js';
import { TopLevelItems } from './syntax/reuse.js';
import { Converter } from './syntax/convert.js';
import { convertFile } from './syntax/body.js';
import { recoverModel } from './syntax/recover.js';
import { editedItem } from './syntax/edited-item.js';
import { Shift } from './syntax/shift.js';
import { CLEAN, healthOf, recordHealth, type Health } from './syntax/health.js';
import { lexicalErrors } from './syntax/lexical.js';
import type { ValueError } from './syntax/explain.js';
import { movePosition, moveRange } from './syntax/moved.js';

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

  /** `parse`, reusing the clean items of the parses `reuse` where the same text stands at the same column. */
  private parseReusing(text: string, file: string, previous: { parsed: ParsedFile; edits: readonly TextEdit[] } | undefined, reuse: readonly ast.File[]): ParsedFile {
    const source = forTreeSitter(text);
    // Exponent substitutions can change outside the edited ranges, so such texts are parsed afresh.
    const old = previous && !hasBareExponent(previous.parsed.text) && !hasBareExponent(text) ? editedTree(previous.parsed, previous.edits, text) : undefined;
    const deadline = performance.now() + PARSE_BUDGET_MS;
    const progressCallback = (): boolean => performance.now() > deadline;
    let tree: Tree | null;
    let reused = old !== undefined;
    try {
      tree = this.parser.parse(source, old ?? null, { progressCallback });
      // tree-sitter's error recovery may read a text differently when it starts from the old tree than from
      // scratch (e.g. `b {` typed above a file and a `{` after its last `}`); a text with errors is parsed afresh so
      // its diagnostics are those the CLI reports. Clean texts have one parse either way.
      if (tree && old && tree.rootNode.hasError) {
        tree.delete();
        tree = this.parser.parse(source, null, { progressCallback });
        reused = false;
      }
    } finally {
      old?.delete();
    }
    const lines = new LineIndex(text);
    if (!tree) return this.unparsable(text, file, lines);
    const topLevel = new TopLevelItems(lines, { asts: reuse, sameTree: reused && reuse[0] === previous?.parsed.ast });
    const root = copyTree(tree, topLevel);
    const conv = new Converter(text, file, lines);
    const converted = convertFile(conv, root, topLevel);
    // Where the re-parse of the recovery found errors: its items may stand in the model.
    let again: Health | 'unknown' | undefined;
    const fileAst = recoverModel(converted, { conv, root, hasError: tree.rootNode.hasError }, (blanked) => {
      // The blanked text keeps every position: its clean items are mostly this parse's or the previous one's.
      const reparsed = this.parseReusing(blanked, file, undefined, [converted, ...reuse]);
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
   * The model of `text` from `model` and the edits made since, without a tree, equal to what `parse` gives for
   * `text`. tree-sitter's re-parse of a whole file walks every top-level item (its repetition nodes are never
   * reused), a few milliseconds per keystroke in a 5,000-line template; a fresh parse of a file with errors (see
   * `parse`) costs a hundred. So each edit re-parses only what it can change:
   * - an edit inside one clean top-level item, which still parses cleanly on its own, re-parses that item alone
   *   (`reparseItem`), also while the file has errors elsewhere, confined between two clean items (health.ts);
   * - otherwise (the edit breaks its item, lies between items or in the broken part of the file) the text from the
   *   last clean item before the edit and the file's errors to the first clean item after them is parsed on its
   *   own, placed where it is in the file (`reparseWindow`).
   * Undefined where only a parse of the whole text can tell: an error whose recovery reaches past those clean
   * items (an unclosed brace or string may swallow what follows), a model whose health is unknown.
   */
  editModel(model: SyntaxModel, edits: readonly TextEdit[], text: string): SyntaxModel | undefined {
    if (edits.length === 0) return model.text === text ? model : undefined;
    let current: SyntaxModel | undefined = model;
    for (const [i, edit] of edits.entries()) {
      current = this.editItem(current, edit, i === edits.length - 1 ? text : undefined);
      if (!current) return undefined;
    }
    return current;
  }

  /** `final`: the text the edit must lead to, when it is the last one (checked, then used as it is). */
  private editItem(model: SyntaxModel, edit: TextEdit, final: string | undefined): SyntaxModel | undefined {
    const health = healthOf(model.ast);
    if (!health) return undefined;
    const old = model.lines;
    const start = old.offsetOf(edit.range.start);
    const end = Math.max(start, old.offsetOf(edit.range.end));
    if (final !== undefined && !replaces(model.text, final, start, end, edit.newText)) return undefined;
    const text = final ?? model.text.slice(0, start) + edit.newText + model.text.slice(end);
    const lineDelta = lineBreaks(edit.newText) - (old.lineOf(end) - old.lineOf(start));
    const change: Change = { start, end, newText: edit.newText, text, lineDelta, lines: old.edited(text, start, end, edit.newText) };
    return this.reparseItem(model, health, change) ?? this.reparseWindow(model, health, change);
  }

  /**
   * The edited item parsed alone, when it was clean and stays so. In a file with errors elsewhere, tree-sitter
   * reads the errors the same way whatever a clean item before or after them holds: between top-level items its
   * stack is the file's start state and the items so far reduced to one node in the state after items, the same
   * after any clean item, and error recovery looks only at the states on that stack, their depths and the
   * distances from them. The errors and their diagnostics stay as they were, moved by the lines the edit added or
   * removed: so they must lie on other lines than the item, whose characters may move.
   */
  private reparseItem(model: SyntaxModel, health: Health, change: Change): SyntaxModel | undefined {
    const old = model.lines;
    const items = model.ast.body.items;
    const index = editedItem(items, { start: old.position(change.start), end: old.position(change.end) });
    const item = items[index];
    if (!item) return undefined;
    let diagnostics: readonly Diagnostic[] = [];
    let after: Health = CLEAN;
    if (health.kind === 'confined') {
      const before = index <= health.lo && item.range.end.line < health.from.line;
      if (!before && !(index > health.hi && health.to.line < item.range.start.line)) return undefined;
      const lexical = this.sameLexicalErrors(model, change);
      if (!lexical) return undefined;
      change.lexical = lexical;
      if (before && change.lineDelta !== 0) {
        // A diagnostic naming another position in its text cannot simply be moved.
        if (model.diagnostics.some((d) => mentionsPosition(d, model.file))) return undefined;
        diagnostics = model.diagnostics.map((d) => moveDiagnostic(d, change.lineDelta));
        after = { ...health, from: movePosition(health.from, change.lineDelta), to: movePosition(health.to, change.lineDelta) };
      } else {
        diagnostics = model.diagnostics;
        after = health;
      }
    }
    const { text } = change;
    const itemStart = old.offsetOf(item.range.start);
    // The item's last line is parsed whole: what follows the item on it (spaces, a comment) is part of its context.
    const itemEnd = old.offsetOf(item.range.end) + change.newText.length - (change.end - change.start);
    const lineEnd = text.indexOf('\n', itemEnd);
    const regionEnd = lineEnd === -1 ? text.length : lineEnd + 1;
    const column = item.range.start.character;
    const region = this.parse(' '.repeat(column) + text.slice(itemStart, regionEnd), model.file);
    region.tree.delete();
    const [fresh, ...more] = region.ast.body.items;
    if (!fresh || more.length > 0 || region.diagnostics.length > 0 || fresh.range.start.line !== 0 || fresh.range.start.character !== column) {
      return undefined;
    }
    const startLine = item.range.start.line;
    const placed = startLine === 0 ? fresh : new Shift(startLine, false).item(fresh);
    const next = [...items.slice(0, index), placed, ...moved(items.slice(index + 1), change.lineDelta)];
    return this.edited(model, change, next, diagnostics, after);
  }

  /**
   * The part of the new text between the last clean item before both the edit and the file's errors and the
   * first clean item after them, parsed on its own with blanks in place of the rest: the same offsets, lines and
   * columns as in the file. tree-sitter reads the part as it reads it in the file when the part starts and ends
   * with those clean items read as before: the stack at the first one's start holds only the start state and
   * what precedes is whitespace either way; after the last one, the winning reading is in the state after items
   * and reads the clean items that follow at no cost, so nothing read with errors can overtake it. The items
   * between the two are the part's, the others kept (moved by the lines the edit added or removed).
   */
  private reparseWindow(model: SyntaxModel, health: Health, change: Change): SyntaxModel | undefined {
    const old = model.lines;
    const items = model.ast.body.items;
    const editStart = old.position(change.start);
    const editEnd = old.position(change.end);
    // The first item kept before: its text ends before the edit. The first kept after starts on a later line, so
    // it only moves by lines.
    let lo = -1;
    while (lo + 1 < items.length && comparePositions((items[lo + 1] as Item).range.end, editStart) < 0) lo++;
    let hi = lo + 1;
    while (hi < items.length && (items[hi] as Item).range.start.line <= editEnd.line) hi++;
    if (health.kind === 'confined') {
      lo = Math.min(lo, health.lo);
      hi = Math.max(hi, health.hi);
    }
    const { text, lines } = change;
    const delta = change.newText.length - (change.end - change.start);
    const from = lo >= 0 ? old.offsetOf((items[lo] as Item).range.start) : 0;
    const last = items[hi];
    const lastEnd = last ? text.indexOf('\n', old.offsetOf(last.range.end) + delta) : -1;
    const to = lastEnd === -1 ? text.length : lastEnd + 1;
    // A part that is most of the file (but not all of it) is parsed with the file, from its previous tree.
    if (to - from > text.length / 2 && to - from < text.length) return undefined;
    const part = this.parse(blanks(lines, from) + text.slice(from, to), model.file);
    part.tree.delete();
    const partHealth = healthOf(part.ast);
    const got = part.ast.body.items;
    if (!partHealth) return undefined;
    const first = got[0];
    const end = got[got.length - 1];
    if (lo >= 0 && (!first || !sameSpan(first.range, (items[lo] as Item).range) || (partHealth.kind === 'confined' && partHealth.lo < 0))) return undefined;
    if (last && (!end || !sameSpan(end.range, moveRange(last.range, change.lineDelta)) || (partHealth.kind === 'confined' && partHealth.hi > got.length - 1))) {
      return undefined;
    }
    if (part.diagnostics.length > 0) {
      change.lexical ??= lexicalErrors(text);
      if (!sameErrors(change.lexical, lexicalErrors(text.slice(from, to)), from)) return undefined;
    }
    const offset = Math.max(lo, 0);
    const next = [...items.slice(0, lo + 1), ...got.slice(lo >= 0 ? 1 : 0, last ? got.length - 1 : got.length), ...moved(items.slice(hi), change.lineDelta)];
    const after: Health = partHealth.kind === 'clean' ? CLEAN : { ...partHealth, lo: partHealth.lo + offset, hi: partHealth.hi + offset };
    return this.edited(model, change, next, part.diagnostics, after);
  }

  /**
   * The scanner errors of the new text (see lexical.ts), when they are those of the old one moved by the edit:
   * hclsyntax's scanner reads the whole file in modes (strings, heredocs) an error may leave open.
   */
  private sameLexicalErrors(model: SyntaxModel, change: Change): readonly ValueError[] | undefined {
    const before = lexicalErrorsOf(model);
    const after = lexicalErrors(change.text);
    const delta = change.newText.length - (change.end - change.start);
    if (before.some((e) => e.end > change.start && e.start < change.end)) return undefined;
    const moved = before.map((e) => (e.start >= change.end ? { ...e, start: e.start + delta, end: e.end + delta } : e));
    return sameErrors(after, moved, 0) ? after : undefined;
  }

  private edited(model: SyntaxModel, change: Change, items: (ast.Attribute | ast.Block)[], diagnostics: readonly Diagnostic[], health: Health): SyntaxModel {
    const { text, lines } = change;
    const range = { file: model.ast.range.file, start: model.ast.range.start, end: lines.position(text.length) };
    const file: ast.File = { body: { kind: 'body', items, range }, range };
    recordHealth(file, health);
    if (change.lexical) scannerErrors.set(file, change.lexical);
    return { file: model.file, text, ast: file, diagnostics, lines };
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

type Item = ast.Attribute | ast.Block;

/** One edit of `editModel`, on its way to the new model. */
interface Change {
  /** The replaced offsets in the old text. */
  readonly start: number;
  readonly end: number;
  readonly newText: string;
  /** The new text and its lines. */
  readonly text: string;
  readonly lines: LineIndex;
  /** Lines added (or removed, negative) by the edit. */
  readonly lineDelta: number;
  /** The new text's scanner errors, when they were computed. */
  lexical?: readonly ValueError[];
}

/** Scanner errors by model, computed when an edit needs them. */
const scannerErrors = new WeakMap<ast.File, readonly ValueError[]>();

function lexicalErrorsOf(model: SyntaxModel): readonly ValueError[] {
  let errors = scannerErrors.get(model.ast);
  if (!errors) {
    errors = lexicalErrors(model.text);
    scannerErrors.set(model.ast, errors);
  }
  return errors;
}

/** Whether `a` are the errors `b` found `shift` characters further on. */
function sameErrors(a: readonly ValueError[], b: readonly ValueError[], shift: number): boolean {
  return a.length === b.length && a.every((e, i) => e.summary === b[i]?.summary && e.detail === b[i]?.detail && e.start === (b[i]?.start ?? 0) + shift && e.end === (b[i]?.end ?? 0) + shift);
}

/** Items below an edit, moved by the lines it added or removed (the same objects when it kept the line count). */
function moved(items: readonly Item[], lineDelta: number): Item[] {
  if (lineDelta === 0) return [...items];
  const shift = new Shift(lineDelta);
  return items.map((i) => shift.item(i));
}

/** Blanks standing for a text's first `length` characters: as many characters and lines, the last as long. */
function blanks(lines: LineIndex, length: number): string {
  const line = lines.lineOf(length);
  const column = length - lines.lineStart(line);
  return ' '.repeat(length - line - column) + '\n'.repeat(line) + ' '.repeat(column);
}


/** Whether a diagnostic's text names a place in the file (`file:line,column`), which a move would make stale. */
function mentionsPosition(d: Diagnostic, file: string): boolean {
  return d.summary.includes(`${file}:`) || d.detail.includes(`${file}:`);
}

function moveDiagnostic(d: Diagnostic, lineDelta: number): Diagnostic {
  return {
    ...d,
    ...(d.range ? { range: moveRange(d.range, lineDelta) } : {}),
    ...(d.context ? { context: moveRange(d.context, lineDelta) } : {}),
  };
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

function point(lines: LineIndex, offset: number): { row: number; column: number } {
  const p = lines.position(offset);
  return { row: p.line, column: p.character };
}

/** Whether `after` is `before` with `[start, end)` replaced by `inserted`, compared without building a copy. */
function replaces(before: string, after: string, start: number, end: number, inserted: string): boolean {
  return (
    after.length === before.length - (end - start) + inserted.length &&
    after.startsWith(inserted, start) &&
    after.startsWith(before.slice(0, start)) &&
    after.endsWith(before.slice(end))
  );
}

function lineBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
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
