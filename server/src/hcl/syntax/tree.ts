/**
 * A plain-JS copy of the tree-sitter tree, made in one iterative cursor walk.
 *
 * Reading node properties through tree-sitter crosses into wasm on every access, so the walk reads as little as
 * it can: each node's type once, and positions only where they cannot be derived. In a tree without errors (no
 * MISSING nodes) a parent spans exactly from its first child's start to its last child's end, and a token whose
 * text is fixed ("=", "(", `${`, "...") ends its text's length after its start; only the other leaves need their
 * end read. Trees with errors get every position read. The walk uses an explicit stack, so arbitrarily deep trees
 * cannot overflow the JS stack here. Comments are dropped: the AST has no place for them and tools that need them
 * (formatter, semantic tokens) read the tree-sitter tree itself.
 */
import type { Language, Tree } from 'web-tree-sitter';
import { openWalker, type TreeWalker } from './walker.js';

export interface SyntaxNode {
  readonly type: string;
  /** false for anonymous tokens such as "=", "(" or operators. */
  readonly named: boolean;
  /** Inserted by tree-sitter's error recovery; it has no text (start === end). */
  readonly missing: boolean;
  /** UTF-16 offsets into the parsed text. */
  readonly start: number;
  readonly end: number;
  readonly children: readonly SyntaxNode[];
}

interface MutableNode {
  type: string;
  named: boolean;
  missing: boolean;
  start: number;
  end: number;
  children: readonly SyntaxNode[];
}

/** Named token types: they never have children, so the walk does not ask (anonymous nodes are tokens too). */
const LEAVES = new Set([
  'comment',
  'identifier',
  'numeric_lit',
  'template_literal',
  'quoted_template_start',
  'quoted_template_end',
  'template_interpolation_start',
  'template_interpolation_end',
  'template_directive_start',
  'template_directive_end',
  'heredoc_identifier',
  'strip_marker',
  'ellipsis',
  'null_lit',
]);

/** Named tokens whose text never varies, by length. Anonymous tokens are their own text. */
const FIXED_LENGTH = new Map([
  ['quoted_template_start', 1],
  ['quoted_template_end', 1],
  ['template_interpolation_start', 2],
  ['template_interpolation_end', 1],
  ['template_directive_start', 2],
  ['template_directive_end', 1],
  ['strip_marker', 1],
  ['ellipsis', 3],
  ['null_lit', 4],
]);

const enum Kind {
  /** A named node that may have children. */
  Inner,
  /** A token whose end must be read. */
  Token,
  /** A token of known length. */
  FixedToken,
}

/** Per-language lookup tables indexed by type id, built once. */
export interface NodeTypes {
  readonly names: readonly string[];
  readonly named: readonly boolean[];
  readonly kinds: readonly Kind[];
  readonly lengths: readonly number[];
}

const tablesByLanguage = new WeakMap<Language, NodeTypes>();
/** tree-sitter's ERROR symbol (0xFFFF) is not in `language.types`. */
const ERROR_ID = 0xffff;

export function nodeTypes(language: Language): NodeTypes {
  const cached = tablesByLanguage.get(language);
  if (cached) return cached;
  const names: string[] = [];
  const named: boolean[] = [];
  const kinds: Kind[] = [];
  const lengths: number[] = [];
  const count = language.types.length;
  for (let id = 0; id <= ERROR_ID; id = id + 1 === count ? ERROR_ID : id + 1) {
    const known = language.types[id];
    const name = known ?? 'ERROR';
    const isNamed = id === ERROR_ID || language.nodeTypeIsNamed(id);
    names[id] = name;
    named[id] = isNamed;
    const fixed = known === undefined ? undefined : isNamed ? FIXED_LENGTH.get(name) : name.length;
    kinds[id] = fixed !== undefined ? Kind.FixedToken : isNamed && !LEAVES.has(name) ? Kind.Inner : Kind.Token;
    lengths[id] = fixed ?? 0;
    if (id === ERROR_ID) break;
  }
  const tables = { names, named, kinds, lengths };
  tablesByLanguage.set(language, tables);
  return tables;
}

const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);

/**
 * Copies the subtree under the walker's current node and leaves the walker on that node again.
 * `exact`: the tree has errors (so possibly MISSING tokens), and every token's end is read rather than derived.
 */
export function copySubtree(walker: TreeWalker, types: NodeTypes, exact: boolean): SyntaxNode {
  const { names, named, kinds, lengths } = types;
  const rootId = walker.typeId();
  const root = readNode(walker, types, rootId);
  if (kinds[rootId] !== Kind.Inner || !walker.gotoFirstChild()) return root;
  const rootKids: SyntaxNode[] = [];
  root.children = rootKids;
  // The children lists of the open inner nodes, innermost last.
  const stack: SyntaxNode[][] = [rootKids];
  let top = 0;
  for (;;) {
    const id = walker.typeId();
    const kind = kinds[id] ?? Kind.Inner;
    const siblings = stack[top] as SyntaxNode[];
    if (kind === Kind.Inner) {
      const node = readNode(walker, types, id);
      siblings.push(node);
      if (walker.gotoFirstChild()) {
        const kids: SyntaxNode[] = [];
        node.children = kids;
        stack[++top] = kids;
        continue;
      }
    } else {
      const type = names[id] ?? 'ERROR';
      if (type !== 'comment') {
        const start = walker.startIndex();
        let end: number;
        let missing = false;
        if (exact || kind === Kind.Token) {
          end = walker.endIndex();
          missing = exact && start === end && walker.isMissing();
        } else {
          end = start + (lengths[id] ?? 0);
        }
        siblings.push({ type, named: named[id] ?? true, missing, start, end, children: NO_CHILDREN });
      }
    }
    while (!walker.gotoNextSibling()) {
      walker.gotoParent();
      if (top === 0) return root;
      top--;
    }
  }
}

function readNode(walker: TreeWalker, types: NodeTypes, id: number): MutableNode {
  const start = walker.startIndex();
  const end = walker.endIndex();
  return {
    type: types.names[id] ?? 'ERROR',
    named: types.named[id] ?? true,
    missing: start === end && walker.isMissing(),
    start,
    end,
    children: NO_CHILDREN,
  };
}

/** What the copy does with each top-level item (a child of the file's body); see reuse.ts. */
export interface TopLevelHook {
  /** A node to use instead of copying the item's subtree, or undefined to copy it. */
  standIn(type: string, start: number, end: number, id: number): SyntaxNode | undefined;
  copied(node: SyntaxNode, id: number): void;
  /** A node of the file or its body that is neither an item nor a comment (an ERROR, a lone object). */
  stray?(start: number, end: number): void;
}

/** Copies a whole tree. `options.direct: false` reads it through the public TreeCursor (see walker.ts). */
export function copyTree(tree: Tree, hook: TopLevelHook, options: { direct?: boolean } = {}): SyntaxNode {
  const exact = tree.rootNode.hasError;
  const types = nodeTypes(tree.language);
  const walker = openWalker(tree, options);
  try {
    const root = readNode(walker, types, walker.typeId());
    root.children = mapChildren(walker, (id) => {
      const type = types.names[id];
      if (type === 'comment') return undefined;
      if (type !== 'body') {
        hook.stray?.(walker.startIndex(), walker.endIndex());
        return copySubtree(walker, types, exact);
      }
      const body = readNode(walker, types, id);
      body.children = mapChildren(walker, (itemId) => topLevelItem(walker, types, exact, itemId, hook));
      return body;
    });
    return root;
  } finally {
    walker.delete();
  }
}

/**
 * Calls `visit` for each top-level attribute and block of `tree` (the children of its body), with its offsets and
 * subtree address (walker.ts `subtreeId`).
 */
export function forEachTopLevelItem(tree: Tree, visit: (type: 'attribute' | 'block', start: number, end: number, subtreeId: number) => void): void {
  const types = nodeTypes(tree.language);
  const walker = openWalker(tree);
  try {
    if (!walker.gotoFirstChild()) return;
    do {
      if (types.names[walker.typeId()] !== 'body' || !walker.gotoFirstChild()) continue;
      do {
        const type = types.names[walker.typeId()];
        if (type === 'attribute' || type === 'block') visit(type, walker.startIndex(), walker.endIndex(), walker.subtreeId());
      } while (walker.gotoNextSibling());
      walker.gotoParent();
    } while (walker.gotoNextSibling());
  } finally {
    walker.delete();
  }
}

function topLevelItem(walker: TreeWalker, types: NodeTypes, exact: boolean, id: number, hook: TopLevelHook): SyntaxNode | undefined {
  const type = types.names[id] ?? 'ERROR';
  if (type === 'comment') return undefined;
  if (type !== 'attribute' && type !== 'block') hook.stray?.(walker.startIndex(), walker.endIndex());
  const subtree = walker.subtreeId();
  const standIn = hook.standIn(type, walker.startIndex(), walker.endIndex(), subtree);
  if (standIn) return standIn;
  const node = copySubtree(walker, types, exact);
  hook.copied(node, subtree);
  return node;
}

/** Maps the children of the walker's node (comments map to undefined and are dropped) and returns to it. */
function mapChildren(walker: TreeWalker, map: (id: number) => SyntaxNode | undefined): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  if (!walker.gotoFirstChild()) return out;
  do {
    const node = map(walker.typeId());
    if (node) out.push(node);
  } while (walker.gotoNextSibling());
  walker.gotoParent();
  return out;
}
