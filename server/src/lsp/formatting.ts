/** Document and range formatting through the core formatter (`packer fmt` output). */
import type { FormattingOptions, Range as LspRange, TextEdit } from 'vscode-languageserver';
import { formatHcl, formatRange } from '../hcl/format/format.js';
import type { Document } from './documents.js';
import { offsetsOf, toLspRange } from './positions.js';

/** `packer fmt` has one style; the editor's tab options do not apply. */
export function formatDocument(doc: Document, _options?: FormattingOptions): TextEdit[] {
  const parsed = doc.parsed;
  const result = formatHcl({ text: doc.text, tree: parsed.tree, diagnostics: parsed.diagnostics, file: doc.file });
  if (!('text' in result) || result.text === doc.text) return [];
  const end = doc.lines.position(doc.text.length);
  return [{ range: { start: { line: 0, character: 0 }, end: { line: end.line, character: end.character } }, newText: result.text }];
}

export function formatRangeEdits(doc: Document, range: LspRange): TextEdit[] {
  const parsed = doc.parsed;
  const { start, end } = offsetsOf(doc.lines, range);
  const edits = formatRange(
    { text: doc.text, tree: parsed.tree, diagnostics: parsed.diagnostics, file: doc.file },
    { start: { line: doc.lines.lineOf(start) }, end: { line: doc.lines.lineOf(end) } },
  );
  return edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText }));
}
