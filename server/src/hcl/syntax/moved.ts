/**
 * Where a reused syntax node came from. An incremental parse reuses the top-level items an edit did not touch;
 * items on lines that moved (an edit above them added or removed lines) are copied with their lines shifted
 * (shift.ts), so they are new objects; each copy (items at every depth and attribute expressions) is recorded here
 * with the node first converted from the same text — its origin — and how many lines it moved since. Work done on
 * a node's text (traversals, symbols, evaluations) can then be cached by origin and, when the node moved,
 * re-based instead of redone. Items whose lines did not move are reused as the same objects and need none of this.
 *
 * The origin is the first conversion, not the previous copy, so a chain of edits keeps at most the origin and
 * the current copy alive.
 */
import type { Position, Range } from '../diagnostic.js';

export interface Placement {
  readonly origin: object;
  /** Lines from the origin's ranges to this node's; characters never change (see reuse.ts). */
  readonly lineDelta: number;
}

const placements = new WeakMap<object, Placement>();

/** A node that was never moved is its own origin. */
export function placementOf(node: object): Placement {
  return placements.get(node) ?? { origin: node, lineDelta: 0 };
}

/** Records that `copy` is `original` moved by `lineDelta` lines. */
export function recordMove(copy: object, original: object, lineDelta: number): void {
  const from = placements.get(original);
  placements.set(copy, from ? { origin: from.origin, lineDelta: from.lineDelta + lineDelta } : { origin: original, lineDelta });
}

export function movePosition(p: Position, lineDelta: number): Position {
  return { line: p.line + lineDelta, character: p.character };
}

export function moveRange(r: Range, lineDelta: number): Range {
  return { file: r.file, start: movePosition(r.start, lineDelta), end: movePosition(r.end, lineDelta) };
}

/**
 * Results computed from a node's text, shared by all copies of its origin. `move` re-bases a result computed for
 * one copy to another (given the node it is now for, which results may refer to); the re-based result replaces
 * the old one, so the cache refers to the latest copy only.
 */
export class MovedCache<N extends object, V> {
  private readonly entries = new WeakMap<object, { node: N; lineDelta: number; value: V }>();

  constructor(private readonly move: (value: V, lineDelta: number, node: N) => V) {}

  get(node: N): V | undefined {
    // Most nodes never moved: looked up as their own origin without making a Placement (this runs per expression
    // per keystroke).
    const p = placements.get(node);
    const e = this.entries.get(p ? p.origin : node);
    if (!e) return undefined;
    if (e.node === node) return e.value;
    const lineDelta = p ? p.lineDelta : 0;
    const value = this.move(e.value, lineDelta - e.lineDelta, node);
    this.entries.set(p ? p.origin : node, { node, lineDelta, value });
    return value;
  }

  set(node: N, value: V): void {
    const p = placements.get(node);
    this.entries.set(p ? p.origin : node, { node, lineDelta: p ? p.lineDelta : 0, value });
  }
}
