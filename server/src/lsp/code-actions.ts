/**
 * Quick fixes for diagnostics (did-you-mean, declare a missing variable with an inferred type, add missing
 * required arguments, remove an unsupported argument) and `source.formatAll`.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic as LspDiagnostic, type TextEdit } from 'vscode-languageserver';
import type * as ast from '../hcl/ast.js';
import type { Range } from '../hcl/diagnostic.js';
import type { LineIndex } from '../hcl/text.js';
import { evaluate } from '../hcl/eval/index.js';
import { nameSuggestion } from '../hcl/eval/suggest.js';
import { unify } from '../hcl/types.js';
import type { Type } from '../hcl/value.js';
import type { Analysis } from './analysis.js';
import type { DiagnosticData } from './diagnostics.js';
import type { Document } from './documents.js';
import { formatDocument } from './formatting.js';
import { contains, offsetsOf, toLspRange } from './positions.js';
import type { SourceFile } from './workspace.js';

/** A type as HCL type-constraint syntax, for generated `variable` blocks. */
export function typeExpression(t: Type): string {
  switch (t.kind) {
    case 'list':
    case 'set':
    case 'map':
      return `${t.kind}(${typeExpression(t.elem)})`;
    case 'tuple': {
      const u = t.elems.length > 0 ? unify(t.elems) : undefined;
      return u ? `list(${typeExpression(u)})` : 'list(any)';
    }
    case 'object': {
      const types = [...t.attrs.values()];
      const u = types.length > 0 ? unify(types) : undefined;
      return u ? `map(${typeExpression(u)})` : 'map(any)';
    }
    case 'dynamic':
      return 'any';
    default:
      return t.kind;
  }
}

function declareVariableEdit(analysis: Analysis, name: string, type: string, fallback: Document): { uri: string; edit: TextEdit } {
  // Into the file that already declares the most variables (variables.pkr.hcl by convention), else this one.
  const counts = new Map<string, number>();
  for (const d of analysis.index.declarations) if (d.kind === 'variable') counts.set(d.uri, (counts.get(d.uri) ?? 0) + 1);
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const file: Pick<SourceFile, 'uri' | 'text' | 'lines'> = analysis.files.files.find((f) => f.uri === best) ?? fallback;
  const end = file.lines.position(file.text.length);
  const lead = file.text.length === 0 ? '' : file.text.endsWith('\n') ? '\n' : '\n\n';
  return {
    uri: file.uri,
    edit: { range: { start: { line: end.line, character: end.character }, end: { line: end.line, character: end.character } }, newText: `${lead}variable "${name}" {\n  type = ${type}\n}\n` },
  };
}

function inner(doc: Document, r: LspDiagnostic['range']): LspDiagnostic['range'] {
  const { start, end } = offsetsOf(doc.lines, r);
  const text = doc.text.slice(start, end);
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    const s = doc.lines.position(start + 1);
    const e = doc.lines.position(end - 1);
    return { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } };
  }
  return r;
}

function findBlockAt(lines: LineIndex, body: ast.Body, offset: number): ast.Block | undefined {
  for (const item of body.items) {
    if (item.kind === 'block' && contains(lines, item.range, offset)) return findBlockAt(lines, item.body, offset) ?? item;
  }
  return undefined;
}

function findAttribute(lines: LineIndex, body: ast.Body, offset: number): ast.Attribute | undefined {
  for (const item of body.items) {
    if (!contains(lines, item.range, offset)) continue;
    if (item.kind === 'attribute') return item;
    return findAttribute(lines, item.body, offset);
  }
  return undefined;
}

function inferredType(analysis: Analysis, name: string): string {
  for (const f of analysis.files.files) {
    if (f.kind !== 'varfile') continue;
    const a = f.ast.body.items.find((i): i is ast.Attribute => i.kind === 'attribute' && i.name === name);
    if (!a) continue;
    const r = evaluate(a.expr, {});
    if (r.diagnostics.length === 0 && r.value.isKnown) return typeExpression(r.value.type);
  }
  return 'string';
}

function fix(title: string, diagnostic: LspDiagnostic, changes: Record<string, TextEdit[]>, preferred = false): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes }, ...(preferred ? { isPreferred: true } : {}) };
}

function actionsFor(doc: Document, d: LspDiagnostic, analysis: Analysis): CodeAction[] {
  const out: CodeAction[] = [];
  const data = (d.data ?? {}) as DiagnosticData;
  const message = typeof d.message === 'string' ? d.message : d.message.value;
  const code = data.code ?? (typeof d.code === 'string' ? d.code : undefined);
  const suggestion = data.data?.['suggestion'] ?? /Did you mean "([^"]+)"\?/.exec(message)?.[1];
  if (suggestion) out.push(fix(`Change to "${suggestion}"`, d, { [doc.uri]: [{ range: inner(doc, d.range), newText: suggestion }] }, true));

  const { start } = offsetsOf(doc.lines, d.range);
  if (message.startsWith('Unsupported attribute')) {
    const ref = analysis.index.references.find((r) => r.uri === doc.uri && !r.assignment && contains(doc.lines, r.range, start) && (r.kind === 'variable' || r.kind === 'local'));
    if (ref && !analysis.index.declarations.some((x) => x.kind === ref.kind && x.key === ref.key)) {
      const names = analysis.index.declarations.filter((x) => x.kind === ref.kind).map((x) => x.key);
      const s = nameSuggestion(ref.key, names);
      if (s) out.push(fix(`Change to "${s}"`, d, { [doc.uri]: [{ range: toLspRange(ref.nameRange), newText: s }] }, true));
      if (ref.kind === 'variable') {
        const { uri, edit } = declareVariableEdit(analysis, ref.key, inferredType(analysis, ref.key), doc);
        out.push(fix(`Declare variable "${ref.key}"`, d, { [uri]: [edit] }));
      }
    }
  }
  if (code === 'undeclared-variable') {
    const attr = findAttribute(doc.lines, doc.model.ast.body, start);
    if (attr) {
      const r = evaluate(attr.expr, {});
      const type = r.diagnostics.length === 0 && r.value.isKnown ? typeExpression(r.value.type) : 'string';
      const { uri, edit } = declareVariableEdit(analysis, attr.name, type, doc);
      out.push(fix(`Declare variable "${attr.name}"`, d, { [uri]: [edit] }));
    }
  }
  if (code === 'missing-argument' || message.startsWith('Missing required argument')) {
    const name = /The argument "([^"]+)" is required/.exec(message)?.[1];
    const block = findBlockAt(doc.lines, doc.model.ast.body, start);
    if (name && block) {
      const open = block.openBraceRange.end;
      const indent = ' '.repeat(block.range.start.character + 2);
      out.push(fix(`Add required argument "${name}"`, d, { [doc.uri]: [{ range: toLspRange({ start: open, end: open }), newText: `\n${indent}${name} = ` }] }, true));
    }
  }
  if (code === 'unsupported-argument' || message.startsWith('Unsupported argument')) {
    const attr = findAttribute(doc.lines, doc.model.ast.body, start);
    if (attr) out.push(fix(`Remove argument "${attr.name}"`, d, { [doc.uri]: [removal(doc, attr.range)] }));
  }
  return out;
}

/** Deletes a range, taking its whole line when nothing else is on it. */
function removal(doc: Document, r: Range): TextEdit {
  const lines = doc.lines;
  const lineStart = lines.lineStart(r.start.line);
  const nextLine = r.end.line + 1 < lines.lineCount ? lines.lineStart(r.end.line + 1) : doc.text.length;
  const start = lines.offsetOf(r.start);
  const end = lines.offsetOf(r.end);
  const whole = doc.text.slice(lineStart, start).trim() === '' && doc.text.slice(end, nextLine).trim() === '';
  const s = lines.position(whole ? lineStart : start);
  const e = lines.position(whole ? nextLine : end);
  return { range: { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } }, newText: '' };
}

export function codeActions(doc: Document, params: CodeActionParams, analysis: Analysis): CodeAction[] {
  const only = params.context?.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const out: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) for (const d of params.context?.diagnostics ?? []) out.push(...actionsFor(doc, d, analysis));
  if (wants('source.formatAll')) {
    const edits = formatDocument(doc);
    if (edits.length > 0) out.push({ title: 'Format document (packer fmt)', kind: 'source.formatAll', edit: { changes: { [doc.uri]: edits } } });
  }
  return out;
}
