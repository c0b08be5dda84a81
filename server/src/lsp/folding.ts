/** Folding ranges: blocks, object and list literals, heredocs, multi-line comments and runs of line comments. */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { Document } from './documents.js';
import { walkTree } from './tree-walk.js';

const CLOSED_BY_BRACKET = new Set(['block', 'object', 'tuple', 'for_tuple_expr', 'for_object_expr', 'function_call']);

export function foldingRanges(doc: Document): FoldingRange[] {
  const lines = doc.lines;
  const out: FoldingRange[] = [];
  let commentRun: { start: number; end: number } | undefined;
  const flushComments = () => {
    if (commentRun && commentRun.end > commentRun.start) out.push({ startLine: commentRun.start, endLine: commentRun.end, kind: FoldingRangeKind.Comment });
    commentRun = undefined;
  };
  walkTree(doc.parsed.tree, (n) => {
    if (!n.named) return false;
    const folds = n.type === 'comment' || CLOSED_BY_BRACKET.has(n.type) || n.type === 'heredoc_template';
    // Only nodes that fold need their lines (two searches each, for tens of thousands of nodes in a big file).
    if (!folds) return true;
    const startLine = lines.lineOf(n.start);
    const endLine = lines.lineOf(Math.max(n.start, n.end - 1));
    if (n.type === 'comment') {
      if (endLine > startLine) {
        flushComments();
        out.push({ startLine, endLine, kind: FoldingRangeKind.Comment });
      } else if (commentRun && startLine === commentRun.end + 1) commentRun.end = startLine;
      else {
        flushComments();
        commentRun = { start: startLine, end: startLine };
      }
      return false;
    }
    // Keep the closing bracket (or heredoc marker) visible, like editors fold brace languages.
    if (endLine > startLine) out.push({ startLine, endLine: endLine - 1 });
    return true;
  });
  flushComments();
  return out.filter((r) => r.endLine > r.startLine || r.kind === FoldingRangeKind.Comment);
}
