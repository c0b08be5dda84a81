/**
 * Incremental conversion: after an edit, top-level attributes and blocks that the edit did not touch keep their
 * converted AST from the previous parse instead of being copied out of wasm and converted again.
 *
 * A previous item is reused for a new top-level node when all of these hold:
 * - the node lies wholly in the text before the edit or wholly after it (the common prefix / suffix of the old
 *   and new texts), so its text is unchanged; after the edit, the line it starts on must be unchanged too;
 * - tree-sitter reports no structural change over it (`Tree.getChangedRanges`);
 * - the previous parse had an item with exactly the corresponding range, and converting it produced no
 *   diagnostics — a clean item's conversion depends on nothing but its own text, whereas some diagnostics
 *   look outside the item (end of file, positions in messages).
 * Items before the edit are reused as they are; items after it are copied with every range shifted.
 */
import type * as ast from '../ast.js';
import type { Position, Range } from '../diagnostic.js';
import type { LineIndex } from '../text.js';
import type { SyntaxNode } from './tree.js';

type Item = ast.Attribute | ast.Block;

/** Top-level items whose conversion reported nothing. */
const cleanItems = new WeakSet<Item>();

export function markClean(item: Item): void {
  cleanItems.add(item);
}

export interface PreviousParse {
  readonly file: string;
  readonly text: string;
  readonly ast: ast.File;
}

export interface ChangedRange {
  readonly startIndex: number;
  readonly endIndex: number;
}

export class ReusePlan {
  private readonly byStart = new Map<number, Item>();
  private readonly taken = new Map<SyntaxNode, Item>();
  /** The unchanged prefix is [0, prefix); the unchanged suffix starts at `suffixStart` in the new text. */
  private readonly prefix: number;
  private readonly suffixStart: number;
  private readonly delta: number;
  private readonly lineDelta: number;

  constructor(
    previous: PreviousParse,
    text: string,
    private readonly lines: LineIndex,
    private readonly changed: readonly ChangedRange[],
  ) {
    const old = previous.text;
    const max = Math.min(old.length, text.length);
    let prefix = 0;
    while (prefix < max && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (suffix < max - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
    this.prefix = prefix;
    this.suffixStart = text.length - suffix;
    this.delta = text.length - old.length;
    this.lineDelta = newlines(text, prefix, this.suffixStart) - newlines(old, prefix, old.length - suffix);
    for (const item of previous.ast.body.items) {
      if (cleanItems.has(item)) this.byStart.set(item.range.start.offset, item);
    }
  }

  /**
   * Called by the tree copy for each top-level node: a childless stand-in when the node's previous item can be
   * reused (its subtree is then not read), otherwise undefined.
   */
  standIn(type: string, start: number, end: number): SyntaxNode | undefined {
    if (type !== 'attribute' && type !== 'block') return undefined;
    if (this.changed.some((r) => start <= r.endIndex && r.startIndex <= end)) return undefined;
    let item: Item | undefined;
    if (end <= this.prefix) {
      item = this.byStart.get(start);
      if (item?.range.end.offset !== end) return undefined;
    } else if (start >= this.suffixStart && this.lines.lineStart(this.lines.lineOf(start)) > this.suffixStart) {
      item = this.byStart.get(start - this.delta);
      if (item?.range.end.offset !== end - this.delta) return undefined;
      if (this.delta !== 0 || this.lineDelta !== 0) item = shiftItem(item, this.delta, this.lineDelta);
    }
    if (!item || item.kind !== type) return undefined;
    markClean(item);
    const node: SyntaxNode = { type, named: true, missing: false, start, end, children: [firstToken(item)] };
    this.taken.set(node, item);
    return node;
  }

  /** The reused item a stand-in stands for. */
  reused(node: SyntaxNode): Item | undefined {
    return this.taken.get(node);
  }

  get reusedCount(): number {
    return this.taken.size;
  }
}

function newlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The item's first token (its name), which is all that is read of a stand-in's children. */
function firstToken(item: Item): SyntaxNode {
  const r = item.kind === 'attribute' ? item.nameRange : item.typeRange;
  return { type: 'identifier', named: true, missing: false, start: r.start.offset, end: r.end.offset, children: [] };
}

function shiftItem<T extends Item>(item: T, delta: number, lineDelta: number): T {
  const shiftPos = (p: Position): Position => ({ offset: p.offset + delta, line: p.line + lineDelta, character: p.character });
  const copy = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map(copy);
    if (Object.getPrototypeOf(v) !== Object.prototype) return v; // values are immutable and position-free
    const o = v as Record<string, unknown>;
    if (isRange(o)) return { file: o.file, start: shiftPos(o.start), end: shiftPos(o.end) } satisfies Range;
    const out: Record<string, unknown> = {};
    for (const key in o) out[key] = copy(o[key]);
    return out;
  };
  return copy(item) as T;
}

function isRange(o: Record<string, unknown>): o is Record<string, unknown> & Range {
  return typeof o.file === 'string' && 'start' in o && 'end' in o && !('kind' in o);
}
