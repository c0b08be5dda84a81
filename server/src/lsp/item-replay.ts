/**
 * What a walk of a document's tree found in each top-level item, kept from one request to the next. Typing
 * re-parses the tree incrementally, and tree-sitter reuses the subtree of every item the edit did not touch (same
 * address, syntax/walker.ts `subtreeId`); what such an item gave last time is given again, moved to the line it
 * now starts on, so a request walks only the edited items (a walk costs ~0.3 µs per node: 15-20 ms for 5,000
 * lines). Semantic tokens and folding ranges keep their findings here as records of a few numbers.
 */

import type { LineIndex } from '../hcl/text.js';
import { Records } from './records.js';
import type { WalkNode } from './tree-walk.js';

/** A record's numbers; the first `lineFields` are lines, kept relative to the item's first line. */
export type Emit = (a: number, b: number, c: number, d: number, e: number) => void;

interface Span {
  /** The item's column: findings on its first line are where they were only if it did not move sideways. */
  readonly startChar: number;
  /** Its records in `data`. */
  readonly from: number;
  readonly to: number;
}

class ItemTable extends Records {
  readonly spans = new Map<number, Span>();

  constructor(readonly tree: number) {
    super();
  }
}

const tables = new WeakMap<object, Map<string, ItemTable>>();

/**
 * One request's pass over the items of a document: items seen in the tree this one was re-parsed from are
 * replayed, the others walked and recorded. `owner` and `feature` key the table; `tree` and `base` are the
 * document's treeGeneration and treeBase.
 */
export class ItemReplay {
  private readonly previous: ItemTable | undefined;
  private readonly next: ItemTable;
  private recording: { id: number; startLine: number; startChar: number; from: number } | undefined;
  /** Items replayed. */
  replayed = 0;

  constructor(
    private readonly owner: object,
    private readonly feature: string,
    tree: number,
    base: number | undefined,
    private readonly lineFields: 1 | 2,
  ) {
    const last = tables.get(owner)?.get(feature);
    // Addresses are only comparable with those of the tree this one was re-parsed from (or of this very tree).
    this.previous = last && (last.tree === tree || last.tree === base) ? last : undefined;
    this.next = new ItemTable(tree);
  }

  /**
   * At a node of the walk (walkTree): true when it is a top-level item whose records were replayed through `emit`,
   * so its subtree need not be walked; otherwise what is recorded until the next top-level node is the item's.
   */
  visit(n: WalkNode, subtreeId: () => number, lines: LineIndex, emit: Emit): boolean {
    if (n.ancestors.length > 2) return false;
    if (n.ancestors.length === 2 && n.ancestors[1] === 'body' && (n.type === 'block' || n.type === 'attribute')) {
      const line = lines.lineOf(n.start);
      return this.item(subtreeId(), line, n.start - lines.lineStart(line), emit);
    }
    this.boundary();
    return false;
  }

  private item(id: number, startLine: number, startChar: number, emit: Emit): boolean {
    this.boundary();
    if (id === 0) return false;
    const span = this.previous?.spans.get(id);
    if (span && span.startChar === startChar) {
      const from = this.next.length;
      const d = this.previous!.data;
      const second = this.lineFields === 2 ? startLine : 0;
      for (let i = span.from; i < span.to; i += 5) {
        emit(startLine + d[i]!, second + d[i + 1]!, d[i + 2]!, d[i + 3]!, d[i + 4]!);
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
  private boundary(): void {
    const r = this.recording;
    if (!r) return;
    this.next.spans.set(r.id, { startChar: r.startChar, from: r.from, to: this.next.length });
    this.recording = undefined;
  }

  /** A finding of the walk, with lines as they are in the document. */
  record(a: number, b: number, c: number, d = 0, e = 0): void {
    const r = this.recording;
    if (r) this.next.append(a - r.startLine, this.lineFields === 2 ? b - r.startLine : b, c, d, e);
  }

  /** The walk is over: keeps what it saw for the next request. */
  finish(): void {
    this.boundary();
    let byFeature = tables.get(this.owner);
    if (!byFeature) tables.set(this.owner, (byFeature = new Map()));
    byFeature.set(this.feature, this.next);
  }
}
