/** Selection ranges: from the token under the cursor out through every enclosing syntax node. */
import type { SelectionRange } from 'vscode-languageserver';
import type { Document } from './documents.js';

export function selectionRanges(doc: Document, offsets: readonly number[]): SelectionRange[] {
  const tree = doc.parsed.tree;
  const lines = doc.lines;
  return offsets.map((offset) => {
    const spans: { start: number; end: number }[] = [];
    let node = tree.rootNode.descendantForIndex(offset, offset);
    while (node) {
      const last = spans[spans.length - 1];
      if (!last || last.start !== node.startIndex || last.end !== node.endIndex) spans.push({ start: node.startIndex, end: node.endIndex });
      node = node.parent;
    }
    let parent: SelectionRange | undefined;
    for (let i = spans.length - 1; i >= 0; i--) {
      const s = lines.position(spans[i]!.start);
      const e = lines.position(spans[i]!.end);
      parent = { range: { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } }, ...(parent ? { parent } : {}) };
    }
    const p = lines.position(offset);
    return parent ?? { range: { start: { line: p.line, character: p.character }, end: { line: p.line, character: p.character } } };
  });
}
