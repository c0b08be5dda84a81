/**
 * Incremental conversion: after an edit, top-level attributes and blocks that tree-sitter carried over from the
 * previous tree keep their converted AST instead of being copied out of wasm and converted again.
 *
 * tree-sitter's incremental parse reuses unchanged subtrees by reference, and a subtree touched by an edit is
 * always rebuilt, so a top-level node whose subtree id (its address in wasm memory) is the one a previous item
 * was converted from has the same text and structure. The previous tree is still alive while the new one is
 * read, so an address cannot have been recycled for another subtree. Only items whose conversion reported
 * nothing are reused: a clean item's conversion depends on nothing but its own text, whereas some diagnostics
 * look outside the item (end of file, positions in messages). Positions are lines and characters, not offsets,
 * so an item whose line did not change is reused as it is, whatever happened to the offsets before it; an item
 * whose line changed is copied with its lines shifted; either needs the column where it starts to be unchanged,
 * else it is converted again.
 */
import type * as ast from '../ast.js';
import type { LineIndex } from '../text.js';
import type { SyntaxNode } from './tree.js';
import { Shift } from './shift.js';
import { isClean, markClean, measureHealth, type Health } from './health.js';
import type { Diagnostic, Range } from '../diagnostic.js';

type Item = ast.Attribute | ast.Block;

interface Converted {
  readonly item: Item;
  readonly start: number;
  readonly end: number;
}

interface StandIn extends SyntaxNode {
  readonly reused: Item;
}

/** For each parsed file: its clean top-level items by subtree id. */
const convertedItems = new WeakMap<ast.File, Map<number, Converted>>();

/** Collects the top-level items of one parse and, given the previous parse, stands in its reusable items. */
export class TopLevelItems {
  private readonly ids = new Map<SyntaxNode, number>();
  private readonly clean = new Map<number, Converted>();
  private readonly previous: ReadonlyMap<number, Converted> | undefined;
  /** Items below an edit all move alike: one Shift serves them. */
  private shift: Shift | undefined;
  /** For health.ts: every top-level node of this parse ([start, end) offsets). */
  private readonly nodes: [number, number][] = [];

  constructor(
    private readonly lines: LineIndex,
    previous?: ast.File,
  ) {
    this.previous = previous ? convertedItems.get(previous) : undefined;
  }

  /**
   * Called by the tree copy for each top-level node: a childless stand-in when a previous item can be reused
   * (its subtree is then not read), otherwise undefined and the node is copied.
   */
  standIn(type: string, start: number, end: number, id: number): SyntaxNode | undefined {
    const old = id === 0 ? undefined : this.previous?.get(id);
    if (!old || old.item.kind !== type || old.end - old.start !== end - start) return undefined;
    let item = old.item;
    const was = item.range.start;
    const line = this.lines.lineOf(start);
    if (start - this.lines.lineStart(line) !== was.character) return undefined;
    if (line !== was.line) {
      const lineDelta = line - was.line;
      if (!this.shift?.moves(lineDelta)) this.shift = new Shift(lineDelta);
      item = this.shift.item(item);
    }
    this.clean.set(id, { item, start, end });
    this.nodes.push([start, end]);
    markClean(item);
    const node: StandIn = { type, named: true, missing: false, start, end, children: [firstToken(item, start)], reused: item };
    return node;
  }

  /** Remembers the subtree id of a top-level node that was copied. */
  copied(node: SyntaxNode, id: number): void {
    this.nodes.push([node.start, node.end]);
    if (id !== 0) this.ids.set(node, id);
  }

  /** The previous item a stand-in stands for. */
  reused(node: SyntaxNode): Item | undefined {
    return (node as Partial<StandIn>).reused;
  }

  /** A top-level node converted without diagnostics: the next parse may reuse it. */
  convertedCleanly(node: SyntaxNode, item: Item): void {
    markClean(item);
    const id = this.ids.get(node);
    if (id !== undefined) this.clean.set(id, { item, start: node.start, end: node.end });
  }

  stray(start: number, end: number): void {
    this.nodes.push([start, end]);
  }

  /** Records this parse's clean items with its AST, for the next incremental parse. */
  finish(file: ast.File): void {
    convertedItems.set(file, this.clean);
  }

  /**
   * Where the parse's errors lie (see health.ts), once its AST and diagnostics are final. Every top-level node
   * that is not a clean item of that AST counts, as do the regions hclsyntax's recovery skips (`recovering`,
   * [start, end) offsets) and the errors of the text parsed again with them blanked (`again`): a recovery may
   * drop or replace what tree-sitter read there.
   */
  health(file: ast.File, diagnostics: readonly Diagnostic[], recovering: readonly (readonly [number, number])[], again?: Health | 'unknown'): Health {
    const kept = new Set<string>();
    for (const item of file.body.items) {
      if (isClean(item)) kept.add(`${this.lines.offsetOf(item.range.start)}:${this.lines.offsetOf(item.range.end)}`);
    }
    const range = ([start, end]: readonly [number, number]): Range => ({ file: file.range.file, start: this.lines.position(start), end: this.lines.position(end) });
    const unclean = this.nodes.filter(([start, end]) => !kept.has(`${start}:${end}`)).map(range);
    if (again === 'unknown') unclean.push(range([0, this.lines.text.length]));
    else if (again?.kind === 'confined') unclean.push({ file: file.range.file, start: again.from, end: again.to });
    return measureHealth(file.body.items, isClean, [...unclean, ...recovering.map(range)], diagnostics);
  }
}

/**
 * The item's first token (its name), which is all that is read of a stand-in's children. The item starts with
 * it, on one line, so its offsets follow from where the item starts now.
 */
function firstToken(item: Item, start: number): SyntaxNode {
  const r = item.kind === 'attribute' ? item.nameRange : item.typeRange;
  return { type: 'identifier', named: true, missing: false, start, end: start + r.end.character - r.start.character, children: [] };
}
