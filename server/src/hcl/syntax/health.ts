/**
 * Where a parsed file's syntax errors are, by top-level item: what `HclParser.editModel` needs to know before it
 * updates a file with errors without parsing all of it again.
 *
 * A file's errors are "confined" when everything it reports or could not read cleanly — items whose conversion
 * reported anything (even suppressed), top-level nodes that are not items (tree-sitter's ERROR nodes), and every
 * diagnostic's range — lies after the end of item `lo` and before the start of item `hi`, every item up to `lo`
 * and from `hi` on being clean. -1 and the item count stand for the file's start and end.
 */
import type * as ast from '../ast.js';
import { comparePositions, type Diagnostic, type Position, type Range } from '../diagnostic.js';

type Item = ast.Attribute | ast.Block;

export type Health =
  | { readonly kind: 'clean' }
  | {
      readonly kind: 'confined';
      readonly lo: number;
      readonly hi: number;
      /** The first and last positions of anything unclean. */
      readonly from: Position;
      readonly to: Position;
    };

export const CLEAN: Health = { kind: 'clean' };

const healths = new WeakMap<ast.File, Health>();

/**
 * Items some parse converted without reporting anything. Such an item's AST depends on its text and position
 * alone, so it stays clean wherever it ends up (a recovery may hand over items of another parse of the text).
 */
const cleanItems = new WeakSet<Item>();

export function markClean(item: Item): void {
  cleanItems.add(item);
}

export function isClean(item: Item): boolean {
  return cleanItems.has(item);
}

/** Undefined for a model nobody measured (then the file is treated as unknown: parsed whole). */
export function healthOf(file: ast.File): Health | undefined {
  return healths.get(file);
}

export function recordHealth(file: ast.File, health: Health): void {
  healths.set(file, health);
}

/**
 * The health of a file from its items, which of them converted cleanly, the ranges of the parse's other top-level
 * nodes (not items, or not kept as they were), and its diagnostics.
 */
export function measureHealth(items: readonly Item[], clean: (item: Item) => boolean, strays: readonly Range[], diagnostics: readonly Diagnostic[]): Health {
  let from: Position | undefined;
  let to: Position | undefined;
  const cover = (r: { readonly start: Position; readonly end: Position }): void => {
    if (!from || comparePositions(r.start, from) < 0) from = r.start;
    if (!to || comparePositions(r.end, to) > 0) to = r.end;
  };
  for (const item of items) if (!clean(item)) cover(item.range);
  for (const r of strays) cover(r);
  for (const d of diagnostics) {
    // A diagnostic without a place could be anywhere.
    if (!d.range) return { kind: 'confined', lo: -1, hi: items.length, from: { line: 0, character: 0 }, to: { line: Number.MAX_SAFE_INTEGER, character: 0 } };
    cover(d.range);
    if (d.context) cover(d.context);
  }
  if (!from || !to) return CLEAN;
  const start = from;
  const end = to;
  // Items ending before the first unclean position are clean (an unclean item starts at or after it).
  let lo = -1;
  while (lo + 1 < items.length && comparePositions((items[lo + 1] as Item).range.end, start) <= 0) lo++;
  let hi = items.length;
  while (hi - 1 > lo && comparePositions((items[hi - 1] as Item).range.start, end) >= 0) hi--;
  return { kind: 'confined', lo, hi, from: start, to: end };
}
