/** Hover: variables (type, description, current value, sensitive masked), locals, functions, block/attribute docs and component type labels. */
import type { Hover } from 'vscode-languageserver';
import type { Analysis } from './analysis.js';
import { blockAt, childBlocks } from './core-blocks.js';
import { cursorContext } from './cursor-context.js';
import { functionSignature, localMarkdown, variableMarkdown } from './describe.js';
import type { Document } from './documents.js';
import type { ComponentSchemas } from './schemas.js';
import { contains } from './positions.js';
import { symbolAt } from './symbol-index.js';

/** The identifier (HCL allows `-`) around an offset, with its bounds. */
export function wordAt(text: string, offset: number): { word: string; start: number; end: number } | undefined {
  let start = offset;
  let end = offset;
  const ident = /[\p{L}\p{N}_-]/u;
  while (start > 0 && ident.test(text[start - 1]!)) start--;
  while (end < text.length && ident.test(text[end]!)) end++;
  return end > start ? { word: text.slice(start, end), start, end } : undefined;
}

function markdown(doc: Document, value: string, start: number, end: number): Hover {
  const s = doc.lines.position(start);
  const e = doc.lines.position(end);
  return { contents: { kind: 'markdown', value }, range: { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } } };
}

const COMPONENT_HEADER = /^([ \t]*)([A-Za-z_][\w-]*)[ \t]+"([^"\n]*)"/;

/**
 * The type label of a component block (`provisioner "shell"`, `source "docker" "x"`, `data "http" "y"`): the
 * component's documentation, as on the block keyword, since the label is where the type is actually written.
 */
function componentLabelHover(doc: Document, word: { start: number; end: number }, schemas: ComponentSchemas): Hover | null {
  const lineStart = doc.text.lastIndexOf('\n', word.start - 1) + 1;
  const m = COMPONENT_HEADER.exec(doc.text.slice(lineStart, lineStart + 300));
  if (!m) return null;
  const labelStart = lineStart + m[0].length - m[3]!.length - 1;
  if (word.start !== labelStart || word.end !== labelStart + m[3]!.length) return null;
  const ctx = cursorContext(doc.text, lineStart + m[1]!.length);
  if (ctx.where !== 'body') return null;
  const kind = blockAt([...ctx.blocks.map((b) => b.type), m[2]!])?.component;
  const described = kind ? schemas.describe(kind, m[3]!) : undefined;
  return kind && described ? markdown(doc, `**${kind}** \`${m[3]}\`\n\n${described}`, word.start, word.end) : null;
}

export function hover(doc: Document, offset: number, analysis: Analysis, schemas: ComponentSchemas): Hover | null {
  const sym = symbolAt(analysis.index, doc.uri, doc.lines.position(offset));
  const word = wordAt(doc.text, offset);
  if (sym) {
    const ref = analysis.index.references.find((r) => r.uri === doc.uri && contains(doc.lines, r.range, offset));
    const decl = analysis.index.declarations.find((d) => d.uri === doc.uri && contains(doc.lines, d.nameRange, offset));
    const span = ref?.range ?? decl?.nameRange;
    const start = span ? doc.lines.offsetOf(span.start) : (word?.start ?? offset);
    const end = span ? doc.lines.offsetOf(span.end) : (word?.end ?? offset);
    const t = analysis.template;
    if (sym.kind === 'variable') {
      const v = t?.variables.get(sym.key);
      if (v) return markdown(doc, variableMarkdown(v), start, end);
      return markdown(doc, `**variable** \`${sym.key}\``, start, end);
    }
    if (sym.kind === 'local') {
      const l = t?.locals.get(sym.key);
      return markdown(doc, l ? localMarkdown(l) : `**local** \`${sym.key}\``, start, end);
    }
    const [type] = sym.key.split('.');
    const described = type ? schemas.describe(sym.kind === 'source' ? 'builder' : 'data', type) : undefined;
    return markdown(doc, `**${sym.kind}** \`${sym.key}\`${described ? `\n\n${described}` : ''}`, start, end);
  }
  if (!word) return null;
  const label = componentLabelHover(doc, word, schemas);
  if (label) return label;
  const after = doc.text.slice(word.end, word.end + 200);
  const fn = analysis.functions.get(word.word);
  if (fn && /^\s*\(/.test(after)) {
    return markdown(doc, `\`\`\`hcl\n${functionSignature(word.word, fn)}\n\`\`\`${fn.description ? `\n\n${fn.description}` : ''}`, word.start, word.end);
  }
  const ctx = cursorContext(doc.text, word.start);
  if (ctx.where !== 'body') return null;
  const path = ctx.blocks.map((b) => b.type);
  if (/^\s*=(?!=)/.test(after)) {
    const core = blockAt(path)?.attributes.find((a) => a.name === word.word);
    const kind = blockAt(path)?.component;
    const type = ctx.blocks[ctx.blocks.length - 1]?.labels[0];
    const plugin = kind && type ? schemas.attributes(kind, type)?.find((a) => a.name === word.word) : undefined;
    const attr = plugin ?? core;
    return attr ? markdown(doc, `**${attr.name}** \`${attr.detail ?? attr.kind}\`${attr.required ? ' (required)' : ''}\n\n${attr.doc}`, word.start, word.end) : null;
  }
  if (childBlocks(path).includes(word.word)) {
    const block = blockAt([...path, word.word]);
    if (!block) return null;
    const label = doc.text.slice(word.end, word.end + 200).match(/^\s+"([^"\n]*)"/)?.[1];
    const described = block.component && label ? schemas.describe(block.component, label) : undefined;
    return markdown(doc, `**${word.word}** block\n\n${block.doc}${described ? `\n\n${described}` : ''}`, word.start, word.end);
  }
  return null;
}
