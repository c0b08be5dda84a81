/**
 * A tree-sitter cursor that costs as little as possible per step.
 *
 * web-tree-sitter's TreeCursor copies its four-word state into a shared transfer buffer before each call into
 * wasm and back out after it, through generic getValue/setValue helpers: about 1 µs per property. The wasm
 * functions it wraps keep the cursor in that same buffer between calls, so when nothing else runs in between,
 * calling them directly is all a walk needs (~60 ns per step). Emscripten attaches those functions to the
 * options object given to `Parser.init` (it becomes the module object), which is how `initTreeSitter` gets them.
 *
 * They are web-tree-sitter internals, so their presence is checked at load time and the public TreeCursor is
 * the fallback; both walkers read exactly the same tree.
 */
import { Parser, type Tree, type TreeCursor } from 'web-tree-sitter';

export interface TreeWalker {
  typeId(): number;
  /** UTF-16 offsets (web-tree-sitter parses JS strings as UTF-16). */
  startIndex(): number;
  endIndex(): number;
  isMissing(): boolean;
  /**
   * The address of the node's subtree, or 0 when unknown. An incremental re-parse shares the subtrees it did
   * not need to rebuild with the old tree, so an equal address means the same text and structure (as long as
   * the old tree is alive, the address cannot have been recycled).
   */
  subtreeId(): number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  delete(): void;
}

/** The wasm exports (web-tree-sitter 0.2x, lib/binding_web/lib/tree-sitter.c) that a walk needs. */
export interface CursorExports {
  _ts_tree_root_node_wasm(tree: number): void;
  _ts_tree_cursor_new_wasm(tree: number): void;
  _ts_tree_cursor_delete_wasm(tree: number): void;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
  _ts_tree_cursor_current_node_id_wasm(tree: number): number;
  /** The wasm memory; emscripten replaces the view when the memory grows. */
  readonly HEAPU32: Uint32Array;
}

const EXPORT_NAMES: readonly (keyof CursorExports)[] = [
  '_ts_tree_root_node_wasm',
  '_ts_tree_cursor_new_wasm',
  '_ts_tree_cursor_delete_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_node_is_missing_wasm',
  '_ts_tree_cursor_current_node_id_wasm',
];

/** The runtime's cursor functions, when this web-tree-sitter build exposes them. */
let direct: CursorExports | undefined;

/** Initialises the process-wide tree-sitter runtime (`Parser.init`) with its wasm binary. */
export async function initTreeSitter(wasmBinary: Uint8Array): Promise<void> {
  const module = { wasmBinary };
  await Parser.init(module);
  const m = module as Record<string, unknown>;
  const complete = EXPORT_NAMES.every((name) => typeof m[name] === 'function') && m.HEAPU32 instanceof Uint32Array;
  direct = complete ? (module as unknown as CursorExports) : undefined;
}

/** Whether walks use the direct wasm functions (false: the slower public TreeCursor). */
export function directWalks(): boolean {
  return direct !== undefined;
}

/** A walker positioned on the root node of `tree`; `direct: false` forces the public TreeCursor. */
export function openWalker(tree: Tree, options: { direct?: boolean } = {}): TreeWalker {
  const handle = (tree as unknown as Record<number, unknown>)[0];
  if (direct && options.direct !== false && typeof handle === 'number' && handle !== 0) return new DirectWalker(direct, handle);
  return new PublicWalker(tree.walk());
}

/**
 * Keeps its state in web-tree-sitter's transfer buffer: no other tree-sitter call may run while it is open
 * (walks are synchronous and the converter never calls tree-sitter, so this holds).
 */
class DirectWalker implements TreeWalker {
  constructor(
    private readonly x: CursorExports,
    private readonly tree: number,
  ) {
    x._ts_tree_root_node_wasm(tree);
    x._ts_tree_cursor_new_wasm(tree);
  }
  typeId(): number {
    return this.x._ts_tree_cursor_current_node_type_id_wasm(this.tree);
  }
  startIndex(): number {
    return this.x._ts_tree_cursor_start_index_wasm(this.tree) >>> 0;
  }
  endIndex(): number {
    return this.x._ts_tree_cursor_end_index_wasm(this.tree) >>> 0;
  }
  isMissing(): boolean {
    return this.x._ts_tree_cursor_current_node_is_missing_wasm(this.tree) !== 0;
  }
  subtreeId(): number {
    // A node's id is the address of its Subtree slot in the parent's child array (parents are rebuilt after
    // an edit); the slot holds the subtree's own address, or inline data (low bit set) for small leaves.
    const slot = this.x._ts_tree_cursor_current_node_id_wasm(this.tree) >>> 0;
    const value = this.x.HEAPU32[slot >>> 2] ?? 1;
    return (value & 1) === 0 ? value : 0;
  }
  gotoFirstChild(): boolean {
    return this.x._ts_tree_cursor_goto_first_child_wasm(this.tree) !== 0;
  }
  gotoNextSibling(): boolean {
    return this.x._ts_tree_cursor_goto_next_sibling_wasm(this.tree) !== 0;
  }
  gotoParent(): boolean {
    return this.x._ts_tree_cursor_goto_parent_wasm(this.tree) !== 0;
  }
  delete(): void {
    this.x._ts_tree_cursor_delete_wasm(this.tree);
  }
}

class PublicWalker implements TreeWalker {
  constructor(private readonly cursor: TreeCursor) {}
  typeId(): number {
    return this.cursor.nodeTypeId;
  }
  startIndex(): number {
    return this.cursor.startIndex;
  }
  endIndex(): number {
    return this.cursor.endIndex;
  }
  isMissing(): boolean {
    return this.cursor.nodeIsMissing;
  }
  subtreeId(): number {
    return 0;
  }
  gotoFirstChild(): boolean {
    return this.cursor.gotoFirstChild();
  }
  gotoNextSibling(): boolean {
    return this.cursor.gotoNextSibling();
  }
  gotoParent(): boolean {
    return this.cursor.gotoParent();
  }
  delete(): void {
    this.cursor.delete();
  }
}
