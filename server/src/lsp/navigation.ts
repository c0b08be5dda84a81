/** Go to definition, find references, document highlight and rename, over the template's symbol index. */
import { DocumentHighlightKind, ResponseError, ErrorCodes, type DocumentHighlight, type Location, type Range as LspRange, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { Range } from '../hcl/diagnostic.js';
import type { Analysis } from './analysis.js';
import type { Document } from './documents.js';
import { contains, toLspRange } from './positions.js';
import { symbolAt, type SymbolKind } from './symbol-index.js';

const NAME = /^[\p{L}_][\p{L}\p{N}_-]*$/u;

function location(uri: string, r: Range): Location {
  return { uri, range: toLspRange(r) };
}

function target(doc: Document, offset: number, analysis: Analysis): { kind: SymbolKind; key: string } | undefined {
  return symbolAt(analysis.index, doc.uri, doc.lines.position(offset));
}

export function definition(doc: Document, offset: number, analysis: Analysis): Location[] {
  const sym = target(doc, offset, analysis);
  if (!sym) return [];
  return analysis.index.declarations.filter((d) => d.kind === sym.kind && d.key === sym.key).map((d) => location(d.uri, d.nameRange));
}

export function references(doc: Document, offset: number, analysis: Analysis, includeDeclaration: boolean): Location[] {
  const sym = target(doc, offset, analysis);
  if (!sym) return [];
  const out: Location[] = [];
  if (includeDeclaration) for (const d of analysis.index.declarations) if (d.kind === sym.kind && d.key === sym.key) out.push(location(d.uri, d.nameRange));
  for (const r of analysis.index.references) if (r.kind === sym.kind && r.key === sym.key) out.push(location(r.uri, r.range));
  return out;
}

export function documentHighlights(doc: Document, offset: number, analysis: Analysis): DocumentHighlight[] {
  const sym = target(doc, offset, analysis);
  if (!sym) return [];
  const out: DocumentHighlight[] = [];
  for (const d of analysis.index.declarations) {
    if (d.uri === doc.uri && d.kind === sym.kind && d.key === sym.key) out.push({ range: toLspRange(d.nameRange), kind: DocumentHighlightKind.Write });
  }
  for (const r of analysis.index.references) {
    if (r.uri === doc.uri && r.kind === sym.kind && r.key === sym.key) out.push({ range: toLspRange(r.range), kind: r.assignment ? DocumentHighlightKind.Write : DocumentHighlightKind.Read });
  }
  return out;
}

/** The range the editor shows for renaming: the name part under the cursor. */
export function prepareRename(doc: Document, offset: number, analysis: Analysis): { range: LspRange; placeholder: string } | null {
  const sym = target(doc, offset, analysis);
  if (!sym || sym.kind === 'build') return null;
  const hit = (r: Range) => contains(doc.lines, r, offset);
  const decl = analysis.index.declarations.find((d) => d.uri === doc.uri && hit(d.nameRange));
  const ref = analysis.index.references.find((r) => r.uri === doc.uri && hit(r.range));
  const range = decl?.nameRange ?? ref?.nameRange;
  if (!range) return null;
  return { range: toLspRange(range), placeholder: doc.lines.slice(range) };
}

export function rename(doc: Document, offset: number, newName: string, analysis: Analysis): WorkspaceEdit | null {
  const sym = target(doc, offset, analysis);
  if (!sym || sym.kind === 'build') return null;
  if (!NAME.test(newName)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `"${newName}" is not a valid name: use letters, digits, underscores and dashes, starting with a letter or underscore.`);
  }
  const changes: Record<string, TextEdit[]> = {};
  const add = (uri: string, r: Range) => (changes[uri] ??= []).push({ range: toLspRange(r), newText: newName });
  for (const d of analysis.index.declarations) if (d.kind === sym.kind && d.key === sym.key) add(d.uri, d.nameRange);
  for (const r of analysis.index.references) if (r.kind === sym.kind && r.key === sym.key) add(r.uri, r.nameRange);
  return { changes };
}
