/**
 * The semantic tokens of a document's top-level items, kept from one request to the next. Typing re-parses the
 * tree incrementally, and tree-sitter reuses the subtree of every item the edit did not touch (same address,
 * syntax/walker.ts `subtreeId`); such an item's tokens are those of last time, moved to the line it now starts
 * on, so a request walks only the edited items (the walk costs ~0.3 µs per node: 15-20 ms for 5,000 lines).
 */
import type { TokenSink } from './token-data.js';

interface Span {
  /** The item's column: tokens on its first line are where they were only if it did not move sideways. */
  readonly startChar: number;
  /** Its tokens in `data`: five numbers each (line relative to the item's first line, column, length, type, modifiers). */
  readonly from: number;
  readonly to: number;
}

class ItemTable {
  data = new Uint32Array(4096);
  length = 0;
  readonly spans = new Map<number, Span>();

  constructor(readonly tree: number) {}

  append(relLine: number, char: number, length: number, type: number, modifiers: number): void {
    if (this.length + 5 > this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const i = this.length;
    this.data[i] = relLine;
    this.data[i + 1] = char;
    this.data[i + 2] = length;
    this.data[i + 3] = type;
    this.data[i + 4] = modifiers;
    this.length = i + 5;
  }
}

const tables = new WeakMap<object, ItemTable>();

/**
 * One request's pass over the items of a document: items it has seen are replayed, others walked and recorded.
 * `owner` keys the table (the document); `tree` and `base` are the document's treeGeneration and treeBase.
 */
export class ItemTokens {
  private readonly previous: ItemTable | undefined;
  private readonly next: ItemTable;
  private recording: { id: number; startLine: number; startChar: number; from: number } | undefined;
  /** Items whose tokens were replayed. */
  replayed = 0;

  constructor(
    private readonly owner: object,
    tree: number,
    base: number | undefined,
    private readonly sink: TokenSink,
  ) {
    const last = tables.get(owner);
    // Addresses are only comparable with those of the tree this one was re-parsed from (or of this very tree).
    this.previous = last && (last.tree === tree || last.tree === base) ? last : undefined;
    this.next = new ItemTable(tree);
  }

  /**
   * A top-level item starts (the previous one, if any, ended). True when its tokens were replayed and its
   * subtree need not be walked; otherwise the tokens pushed until the next `boundary` are recorded for it.
   */
  item(id: number, startLine: number, startChar: number): boolean {
    this.boundary();
    if (id === 0) return false;
    const span = this.previous?.spans.get(id);
    if (span && span.startChar === startChar) {
      const from = this.next.length;
      const d = this.previous!.data;
      for (let i = span.from; i < span.to; i += 5) {
        this.sink.push(startLine + d[i]!, d[i + 1]!, d[i + 2]!, d[i + 3]!, d[i + 4]!);
        this.next.append(d[i]!, d[i + 1]!, d[i + 2]!, d[i + 3]!, d[i + 4]!);
      }
      this.next.spans.set(id, { startChar, from, to: this.next.length });
      this.replayed++;
      return true;
    }
    this.recording = { id, startLine, startChar, from: this.next.length };
    return false;
  }

  /** Something outside any item (a top-level comment, the end of the file): the item being recorded ended. */
  boundary(): void {
    const r = this.recording;
    if (!r) return;
    this.next.spans.set(r.id, { startChar: r.startChar, from: r.from, to: this.next.length });
    this.recording = undefined;
  }

  push(line: number, char: number, length: number, type: number, modifiers: number): void {
    this.sink.push(line, char, length, type, modifiers);
    if (this.recording) this.next.append(line - this.recording.startLine, char, length, type, modifiers);
  }

  /** The walk is over: keeps what it saw for the next request. */
  finish(): void {
    this.boundary();
    tables.set(this.owner, this.next);
  }
}
