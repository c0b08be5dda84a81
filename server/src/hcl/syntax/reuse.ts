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
 * whose line changed is moved in place (shift.ts); either needs the column where it starts to be unchanged, else
 * it is converted again.
 *
 * A text with errors is parsed afresh (see parse.ts), so no subtree id carries over; there a top-level node
 * without errors whose text and starting column equal those of a clean item of the previous parse (or of this
 * parse, for the recovery's re-parse with broken items blanked) takes that item where it stands on the same line.
 */
import type * as ast from '../ast.js';
import type { LineIndex } from '../text.js';
import type { Tree } from 'web-tree-sitter';
import { forEachTopLevelItem, type SyntaxNode } from './tree.js';
import { LineShift } from './shift.js';
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
/**
 * For each parsed file: every clean top-level item converted for it, with its offsets in its text (those of the
 * recovery's re-parse included), for reuse by text.
 */
const convertedTexts = new WeakMap<ast.File, readonly TextItem[]>();

/** A clean item and the text it was converted from (a re-parse's text has some items blanked). */
interface TextItem extends Converted {
  readonly source: string;
}

/** The previous parse of a document, whose clean items the next parse may reuse. */
export interface PreviousParse {
  /** Parses whose clean items may be reused by text; the first is the one the tree was re-parsed from. */
  readonly asts: readonly ast.File[];
  /** The new tree was re-parsed from the previous one: equal subtree ids mean what tree-sitter carried over. */
  readonly sameTree: boolean;
}

/** Whether tree-sitter's recovery left anything in a node: an ERROR node or a MISSING token. */
function hasError(node: SyntaxNode): boolean {
  const stack: SyntaxNode[] = [node];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.type === 'ERROR' || n.missing) return true;
    for (const c of n.children) stack.push(c);
  }
  return false;
}

/** Collects the top-level items of one parse and, given the previous parse, stands in its reusable items. */
export class TopLevelItems {
  private readonly ids = new Map<SyntaxNode, number>();
  private readonly clean = new Map<number, Converted>();
  private readonly previous: ReadonlyMap<number, Converted> | undefined;
  /** The previous parse's clean items by where they start (column) and their text, built on first use. */
  private byText: Map<string, Converted> | undefined;
  /** Items below an edit all move alike: one shift serves them. */
  private shift: LineShift | undefined;
  /** For health.ts: every top-level node of this parse ([start, end) offsets). */
  private readonly nodes: [number, number][] = [];
  /** Every clean item converted or reused for this parse, with its offsets. */
  private readonly cleanList: TextItem[] = [];

  constructor(
    private readonly lines: LineIndex,
    private readonly before?: PreviousParse,
  ) {
    const first = before?.asts[0];
    this.previous = before?.sameTree && first ? convertedItems.get(first) : undefined;
  }

  /**
   * Called by the tree copy for each top-level node: a childless stand-in when a previous item can be reused
   * (its subtree is then not read), otherwise undefined and the node is copied.
   */
  standIn(type: string, start: number, end: number, id: number): SyntaxNode | undefined {
    const old = id === 0 ? undefined : this.previous?.get(id);
    if (!old || old.item.kind !== type || old.end - old.start !== end - start) return undefined;
    const item = old.item;
    const was = item.range.start;
    const line = this.lines.lineOf(start);
    if (start - this.lines.lineStart(line) !== was.character) return undefined;
    if (line !== was.line) this.move(item, line - was.line);
    this.clean.set(id, { item, start, end });
    this.cleanList.push({ item, start, end, source: this.lines.text });
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

  /**
   * The previous item a stand-in stands for, or for a copied node without errors, the previous clean item with the
   * same text starting at the same column: tree-sitter reads an error-free item's text the same way wherever it
   * stands among the top-level items (a fresh parse of a text with errors cannot reuse subtrees by id).
   */
  reused(node: SyntaxNode): Item | undefined {
    const standIn = (node as Partial<StandIn>).reused;
    if (standIn || !this.before || (node.type !== 'attribute' && node.type !== 'block')) return standIn;
    const line = this.lines.lineOf(node.start);
    const column = node.start - this.lines.lineStart(line);
    const old = this.previousByText().get(`${column}:${this.lines.text.slice(node.start, node.end)}`);
    // Only where it stands: two items of the same text may share one previous item, and moving it in place
    // would take it from the model that has it there.
    if (!old || old.item.kind !== node.type || old.item.range.start.line !== line || hasError(node)) return undefined;
    const item = old.item;
    const id = this.ids.get(node);
    if (id !== undefined) this.clean.set(id, { item, start: node.start, end: node.end });
    this.cleanList.push({ item, start: node.start, end: node.end, source: this.lines.text });
    markClean(item);
    return item;
  }

  private move(item: Item, lineDelta: number): void {
    if (this.shift?.lineDelta !== lineDelta) this.shift = new LineShift(lineDelta);
    this.shift.item(item);
  }

  private previousByText(): Map<string, Converted> {
    if (this.byText) return this.byText;
    const map = new Map<string, Converted>();
    for (const file of this.before?.asts ?? []) for (const c of convertedTexts.get(file) ?? []) map.set(`${c.item.range.start.character}:${c.source.slice(c.start, c.end)}`, c);
    this.byText = map;
    return map;
  }

  /** A top-level node converted without diagnostics: the next parse may reuse it. */
  convertedCleanly(node: SyntaxNode, item: Item): void {
    markClean(item);
    this.cleanList.push({ item, start: node.start, end: node.end, source: this.lines.text });
    const id = this.ids.get(node);
    if (id !== undefined) this.clean.set(id, { item, start: node.start, end: node.end });
  }

  stray(start: number, end: number): void {
    this.nodes.push([start, end]);
  }

  /** Records this parse's clean items with its AST, for the next incremental parse. */
  finish(file: ast.File): void {
    convertedItems.set(file, this.clean);
    convertedTexts.set(file, [...this.cleanList]);
  }

  /** Takes in the clean items of a parse of this text with some items blanked (the same offsets): see `finish`. */
  adopt(file: ast.File): void {
    this.cleanList.push(...(convertedTexts.get(file) ?? []));
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

/**
 * Records the clean items of `file` for the next parse from `tree`, a tree of the same text parsed without
 * converting it (for a model that edit-model.ts keeps up to date): by their text, and when the tree has no errors
 * (its top-level nodes are then the model's items, spanning the same offsets) by subtree, as if `file` had been
 * converted from it.
 */
export function recordItems(file: ast.File, tree: Tree, lines: LineIndex): void {
  const list: TextItem[] = [];
  const byStart = new Map<number, TextItem>();
  for (const item of file.body.items) {
    if (!isClean(item)) continue;
    const c = { item, start: lines.offsetOf(item.range.start), end: lines.offsetOf(item.range.end), source: lines.text };
    list.push(c);
    byStart.set(c.start, c);
  }
  const clean = new Map<number, Converted>();
  if (!tree.rootNode.hasError) {
    forEachTopLevelItem(tree, (type, start, end, id) => {
      const c = byStart.get(start);
      if (c && id !== 0 && c.item.kind === type && c.end === end) clean.set(id, c);
    });
  }
  convertedItems.set(file, clean);
  convertedTexts.set(file, list);
}
