/** Which top-level item an edit falls in, for re-parsing that item alone (edit-model.ts). */
import type * as ast from '../ast.js';
import { comparePositions, type Position } from '../diagnostic.js';

/**
 * The index of the item whose text holds the edited range, or -1. The edit must start after the item's first
 * character, so the item still starts where it did; it may end at the item's end (typing after a value).
 */
export function editedItem(items: readonly (ast.Attribute | ast.Block)[], edit: { readonly start: Position; readonly end: Position }): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid];
    if (item && comparePositions(item.range.start, edit.start) < 0) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const item = items[found];
  return item && comparePositions(edit.end, item.range.end) <= 0 ? found : -1;
}
