/**
 * `HclParser.editModel`: a file's syntax model after edits, without a tree, by re-parsing only the top-level item
 * an edit falls in or the text between the clean items around the edit and the file's errors.
 */
import type * as ast from '../ast.js';
import { comparePositions, sameSpan, type Diagnostic } from '../diagnostic.js';
import type { LineIndex } from '../text.js';
import type { ParsedFile, SyntaxModel, TextEdit } from '../parse.js';
import { editedItem } from './edited-item.js';
import { LineShift } from './shift.js';
import { CLEAN, healthOf, isClean, recordHealth, type Health } from './health.js';
import { lexicalErrors } from './lexical.js';
import type { ValueError } from './explain.js';
import { moveRange } from './moved.js';

/**
 * A fresh parse of a text on its own: what items and windows are re-parsed with. `blank`: how many characters the
 * text starts with that are blanks standing for the rest of the file (see `blanks`), which the parse may skip.
 */
export type ParseText = (text: string, file: string, blank?: number) => ParsedFile;

export class ModelEditor {
  constructor(private readonly parse: ParseText) {}

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
    /** Whether the file's errors lie below the item, and move with the items there. */
    let errorsMove = false;
    if (health.kind === 'confined') {
      const before = index <= health.lo && item.range.end.line < health.from.line;
      if (!before && !(index > health.hi && health.to.line < item.range.start.line)) return undefined;
      const errorsAt = firstError(model.diagnostics, old);
      if (heredocAfter(change.text, errorsAt >= change.end ? errorsAt + change.newText.length - (change.end - change.start) : errorsAt)) return undefined;
      const lexical = this.sameLexicalErrors(model, change);
      if (!lexical) return undefined;
      change.lexical = lexical;
      // A diagnostic naming another position in its text cannot simply be moved.
      errorsMove = before && change.lineDelta !== 0;
      if (errorsMove && model.diagnostics.some((d) => mentionsPosition(d, model.file))) return undefined;
      diagnostics = model.diagnostics;
      after = health;
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
    if (startLine !== 0) new LineShift(startLine).item(fresh);
    const below = items.slice(index + 1);
    // Broken items below and their diagnostics may share positions (see shift.ts).
    const shift = moved(below, change.lineDelta, errorsMove);
    if (errorsMove && shift) {
      // With the items below: a diagnostic or health.ts bound may be one of their positions, moved once.
      for (const d of diagnostics) shift.diagnostic(d);
      if (after.kind === 'confined') {
        shift.position(after.from);
        shift.position(after.to);
      }
    }
    const next = [...items.slice(0, index), fresh, ...below];
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
    hi = Math.min(items.length, hi + WINDOW_MARGIN);
    const { text, lines } = change;
    const delta = change.newText.length - (change.end - change.start);
    const from = lo >= 0 ? old.offsetOf((items[lo] as Item).range.start) : 0;
    const last = items[hi];
    const lastEnd = last ? text.indexOf('\n', old.offsetOf(last.range.end) + delta) : -1;
    const to = lastEnd === -1 ? text.length : lastEnd + 1;
    // A part that is most of the file (but not all of it) is parsed with the file, from its previous tree.
    if (to - from > text.length / 2 && to - from < text.length) return undefined;
    const part = this.parse(blanks(lines, from) + text.slice(from, to), model.file, from);
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
      if (heredocAfter(text, firstError(part.diagnostics, lines))) return undefined;
      change.lexical ??= lexicalErrors(text);
      if (!sameErrors(change.lexical, lexicalErrors(text.slice(from, to)), from)) return undefined;
    }
    const offset = Math.max(lo, 0);
    const below = items.slice(hi);
    moved(below, change.lineDelta);
    const next = [...items.slice(0, lo + 1), ...got.slice(lo >= 0 ? 1 : 0, last ? got.length - 1 : got.length), ...below];
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
}

type Item = ast.Attribute | ast.Block;

/**
 * Clean items after the errors parsed with them. tree-sitter's recovery may read broken lines together with the
 * clean items after them as one construct (identifiers on lines of their own, then `riable "region" {`: one
 * block's labels, the lines between skipped as an error) when that costs less than the errors read alone; the
 * part must reach past what such a reading could take in, and then read those items as before.
 */
const WINDOW_MARGIN = 3;

/**
 * Whether a heredoc opens at or after `offset`. tree-sitter's error recovery offers the external scanner every
 * token, and the scanner then takes a word for a heredoc's identifier: that heredoc stays open in its state,
 * unseen, until the next real heredoc, which it misreads (a whole parse of such a file can read the errors
 * differently, too). So errors are read as they are in the file only when no heredoc follows them.
 */
function heredocAfter(text: string, offset: number): boolean {
  return text.indexOf('<<', offset) !== -1;
}

/** The offset where the first of `diagnostics` starts (0 when one has no place). */
function firstError(diagnostics: readonly Diagnostic[], lines: LineIndex): number {
  let first = Number.MAX_SAFE_INTEGER;
  for (const d of diagnostics) first = Math.min(first, d.range ? lines.offsetOf(d.range.start) : 0);
  return first;
}

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

/**
 * Moves the items below an edit, in place, by the lines it added or removed; the shift, to move more with it
 * (undefined when the edit kept the line count).
 */
function moved(items: readonly Item[], lineDelta: number, sharing = false): LineShift | undefined {
  if (lineDelta === 0) return undefined;
  const shift = new LineShift(lineDelta, sharing || !items.every(isClean));
  for (const i of items) shift.item(i);
  return shift;
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

/** Whether `after` is `before` with `[start, end)` replaced by `inserted`, compared without building a copy. */
function replaces(before: string, after: string, start: number, end: number, inserted: string): boolean {
  return (
    after.length === before.length - (end - start) + inserted.length &&
    after.startsWith(inserted, start) &&
    after.startsWith(before.slice(0, start)) &&
    after.endsWith(before.slice(end))
  );
}

/** The line breaks in `text`. */
export function lineBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
