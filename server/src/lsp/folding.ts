/** Folding ranges: blocks, object and list literals, heredocs, multi-line comments and runs of line comments. */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { Document } from './documents.js';
import { ItemReplay, type Emit } from './item-replay.js';
import { walkTree } from './tree-walk.js';

const CLOSED_BY_BRACKET = new Set(['block', 'object', 'tuple', 'for_tuple_expr', 'for_object_expr', 'function_call']);
const BRACKETED = 0;
const COMMENT = 1;

export function foldingRanges(doc: Document): FoldingRange[] {
  const tree = doc.parsed.tree;
  const lines = doc.lines;
  const out: FoldingRange[] = [];
  let commentRun: { start: number; end: number } | undefined;
  const flushComments = () => {
    if (commentRun && commentRun.end > commentRun.start) out.push({ startLine: commentRun.start, endLine: commentRun.end, kind: FoldingRangeKind.Comment });
    commentRun = undefined;
  };
  /** A node that may fold, found by the walk or replayed for an unchanged item (item-replay.ts). */
  const found: Emit = (startLine, endLine, kind) => {
    if (kind === COMMENT) {
      if (endLine > startLine) {
        flushComments();
        out.push({ startLine, endLine, kind: FoldingRangeKind.Comment });
      } else if (commentRun && startLine === commentRun.end + 1) commentRun.end = startLine;
      else {
        flushComments();
        commentRun = { start: startLine, end: startLine };
      }
    } else if (endLine > startLine) {
      // Keep the closing bracket (or heredoc marker) visible, like editors fold brace languages.
      out.push({ startLine, endLine: endLine - 1 });
    }
  };
  const items = new ItemReplay(doc, 'folding', doc.treeGeneration, doc.treeBase, 2);
  walkTree(tree, (n, subtreeId) => {
    if (items.visit(n, subtreeId, lines, found)) return false;
    if (!n.named) return false;
    const comment = n.type === 'comment';
    // Only nodes that fold need their lines (two searches each, for tens of thousands of nodes in a big file).
    if (!comment && !CLOSED_BY_BRACKET.has(n.type) && n.type !== 'heredoc_template') return true;
    const startLine = lines.lineOf(n.start);
    const endLine = lines.lineOf(Math.max(n.start, n.end - 1));
    const kind = comment ? COMMENT : BRACKETED;
    found(startLine, endLine, kind, 0, 0);
    items.record(startLine, endLine, kind);
    return !comment;
  });
  items.finish();
  flushComments();
  return out.filter((r) => r.endLine > r.startLine || r.kind === FoldingRangeKind.Comment);
}
