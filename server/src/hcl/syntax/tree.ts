/**
 * A plain-JS copy of the tree-sitter tree, made in one iterative cursor walk.
 *
 * Reading node properties through web-tree-sitter crosses into wasm on every access; the cursor walk reads each
 * node once, and the conversion to the AST then works on ordinary objects. The walk uses an explicit stack, so
 * arbitrarily deep trees cannot overflow the JS stack here. Comments are dropped: the AST has no place for them
 * and tools that need them (formatter, semantic tokens) read the tree-sitter tree itself.
 */
import type { Tree } from 'web-tree-sitter';

export interface SyntaxNode {
  readonly type: string;
  /** false for anonymous tokens such as "=", "(" or operators. */
  readonly named: boolean;
  /** Inserted by tree-sitter's error recovery; it has no text (start === end). */
  readonly missing: boolean;
  /** UTF-16 offsets into the parsed text. */
  readonly start: number;
  readonly end: number;
  readonly children: SyntaxNode[];
}

/** Token types never have children; not asking saves a wasm call per token (anonymous nodes are tokens too). */
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

export function copyTree(tree: Tree): SyntaxNode {
  const language = tree.language;
  const cursor = tree.walk();
  // Each cursor getter is a call into wasm: read the type id, start and end once per node, and derive the rest.
  const types: (string | undefined)[] = [];
  const named: boolean[] = [];
  const nodeAt = (): SyntaxNode => {
    const id = cursor.nodeTypeId;
    let type = types[id];
    if (type === undefined) {
      type = language.types[id] ?? 'ERROR';
      types[id] = type;
      named[id] = language.nodeTypeIsNamed(id);
    }
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    return { type, named: named[id] ?? true, missing: start === end && cursor.nodeIsMissing, start, end, children: [] };
  };
  try {
    const root = nodeAt();
    const stack: SyntaxNode[] = [root];
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const node = nodeAt();
      if (node.type !== 'comment') stack[stack.length - 1]?.children.push(node);
      if (!LEAVES.has(node.type) && node.named && cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return root;
        stack.pop();
        if (stack.length === 0) return root;
      }
    }
  } finally {
    cursor.delete();
  }
}
