/**
 * Where a reused syntax node came from. An incremental parse copies the top-level items below an edit with
 * shifted ranges (shift.ts), so they are new objects; each copy (items at every depth and attribute expressions)
 * is recorded here with the node first converted from the same text — its origin — and how far it moved since.
 * Work done on a node's text (traversals, symbols, evaluations) can then be cached by origin and, when the node
 * moved, re-based instead of redone.
 *
 * The origin is the first conversion, not the previous copy, so a chain of edits keeps at most the origin and
 * the current copy alive.
 */
import type { Position, Range } from '../diagnostic.js';

export interface Placement {
  readonly origin: object;
  /** Offsets and lines from the origin's ranges to this node's; columns never change (see reuse.ts). */
  readonly delta: number;
  readonly lineDelta: number;
}

const placements = new WeakMap<object, Placement>();

/** A node that was never moved is its own origin. */
export function placementOf(node: object): Placement {
  return placements.get(node) ?? { origin: node, delta: 0, lineDelta: 0 };
}

/** Records that `copy` is `original` moved by `delta` offsets and `lineDelta` lines. */
export function recordMove(copy: object, original: object, delta: number, lineDelta: number): void {
  const from = placements.get(original);
  placements.set(copy, from ? { origin: from.origin, delta: from.delta + delta, lineDelta: from.lineDelta + lineDelta } : { origin: original, delta, lineDelta });
}

export function movePosition(p: Position, delta: number, lineDelta: number): Position {
  return { offset: p.offset + delta, line: p.line + lineDelta, character: p.character };
}

export function moveRange(r: Range, delta: number, lineDelta: number): Range {
  return { file: r.file, start: movePosition(r.start, delta, lineDelta), end: movePosition(r.end, delta, lineDelta) };
}

/**
 * Results computed from a node's text, shared by all copies of its origin. `move` re-bases a result computed for
 * one copy to another (given the node it is now for, which results may refer to); the re-based result replaces
 * the old one, so the cache refers to the latest copy only.
 */
export class MovedCache<N extends object, V> {
  private readonly entries = new WeakMap<object, { node: N; delta: number; lineDelta: number; value: V }>();

  constructor(private readonly move: (value: V, delta: number, lineDelta: number, node: N) => V) {}

  get(node: N): V | undefined {
    const p = placementOf(node);
    const e = this.entries.get(p.origin);
    if (!e) return undefined;
    if (e.node === node) return e.value;
    const value = this.move(e.value, p.delta - e.delta, p.lineDelta - e.lineDelta, node);
    this.entries.set(p.origin, { node, delta: p.delta, lineDelta: p.lineDelta, value });
    return value;
  }

  set(node: N, value: V): void {
    const p = placementOf(node);
    this.entries.set(p.origin, { node, delta: p.delta, lineDelta: p.lineDelta, value });
  }
}
