/** A fast pre-order walk of a tree-sitter tree with a cursor (Node objects are costly in web-tree-sitter). */
import type { Tree } from 'web-tree-sitter';

export interface WalkNode {
  readonly type: string;
  readonly named: boolean;
  readonly start: number;
  readonly end: number;
  /** Node types from the root down to the parent. */
  readonly ancestors: readonly string[];
  /** The node's index among its parent's children. */
  readonly index: number;
}

/**
 * Visits nodes overlapping [from, to) in document order. The visitor returns false to skip a node's children.
 */
export function walkTree(tree: Tree, visit: (n: WalkNode) => boolean | void, from = 0, to = Number.MAX_SAFE_INTEGER): void {
  const cursor = tree.walk();
  const ancestors: string[] = [];
  const indexes: number[] = [0];
  try {
    for (;;) {
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      const overlaps = end >= from && start <= to;
      let descend = false;
      if (overlaps) {
        const type = cursor.nodeType;
        descend = visit({ type, named: cursor.nodeIsNamed, start, end, ancestors, index: indexes[indexes.length - 1]! }) !== false;
        if (descend && cursor.gotoFirstChild()) {
          ancestors.push(type);
          indexes.push(0);
          continue;
        }
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return;
        ancestors.pop();
        indexes.pop();
      }
      indexes[indexes.length - 1]!++;
    }
  } finally {
    cursor.delete();
  }
}
