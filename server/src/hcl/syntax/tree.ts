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

export function copyTree(tree: Tree): SyntaxNode {
  const cursor = tree.walk();
  try {
    const root = nodeAt(cursor);
    const stack: SyntaxNode[] = [root];
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const type = cursor.nodeType;
      const parent = stack[stack.length - 1];
      let node: SyntaxNode | undefined;
      if (type !== 'comment') {
        node = nodeAt(cursor);
        parent?.children.push(node);
      }
      if (node && cursor.gotoFirstChild()) {
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

function nodeAt(cursor: ReturnType<Tree['walk']>): SyntaxNode {
  return {
    type: cursor.nodeType,
    named: cursor.nodeIsNamed,
    missing: cursor.nodeIsMissing,
    start: cursor.startIndex,
    end: cursor.endIndex,
    children: [],
  };
}
