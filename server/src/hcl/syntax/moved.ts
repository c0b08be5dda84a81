/**
 * Caches of work done on a syntax node's text (traversals, symbols, evaluations), kept across edits. An edit
 * above a node moves it by lines in place (shift.ts): the same object, its own positions moved. A cached result
 * made of the node's Position objects is then still right; one holding positions of its own, or positions in its
 * text (diagnostics), is re-based or dropped by the cache's `move`.
 */
import type { Position, Range } from '../diagnostic.js';

function movePosition(p: Position, lineDelta: number): Position {
  return { line: p.line + lineDelta, character: p.character };
}

export function moveRange(r: Range, lineDelta: number): Range {
  return { file: r.file, start: movePosition(r.start, lineDelta), end: movePosition(r.end, lineDelta) };
}

/** A syntax node: its range's start tells where it is now. */
interface Placed {
  readonly range: Range;
}

/**
 * Results by node, each with the line the node started on when it was computed. `move` re-bases a result to the
 * node's new line (given how many lines it moved), or drops it (undefined).
 */
export class MovedCache<N extends Placed, V> {
  private readonly entries = new WeakMap<N, { line: number; value: V }>();

  constructor(private readonly move: (value: V, lineDelta: number, node: N) => V) {}

  get(node: N): V | undefined {
    const e = this.entries.get(node);
    if (!e) return undefined;
    const line = node.range.start.line;
    if (e.line === line) return e.value;
    const value = this.move(e.value, line - e.line, node);
    e.line = line;
    e.value = value;
    return value;
  }

  set(node: N, value: V): void {
    this.entries.set(node, { line: node.range.start.line, value });
  }
}
