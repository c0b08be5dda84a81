/**
 * Completion from the cursor context (see cursor-context.ts), so it works in unfinished blocks and broken
 * expressions: block types, labels, attributes (snippets, required ones prefilled in new blocks), values,
 * references and functions.
 */
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Range as LspRange } from 'vscode-languageserver';
import type { Analysis } from './analysis.js';
import { blockAt, BUILD_KEYS, childBlocks, TYPE_KEYWORDS, type AttrKind, type CoreAttribute, type CoreBlock } from './core-blocks.js';
import { cursorContext, type CursorContext } from './cursor-context.js';
import { functionSignature, functionSnippet, valueText } from './describe.js';
import type { Document } from './documents.js';
import type { ComponentKind, ComponentSchemas } from './schemas.js';

const ROOTS: readonly [string, string][] = [
  ['var', 'Input variables'],
  ['local', 'Local values'],
  ['data', 'Data sources'],
  ['source', 'The current source (`source.name`, `source.type`)'],
  ['path', '`path.root` and `path.cwd`'],
  ['packer', '`packer.version` and HCP values'],
  ['build', 'Build values filled at run time'],
];

function snippetFor(name: string, kind: AttrKind): string {
  switch (kind) {
    case 'string':
      return `${name} = "$1"`;
    case 'bool':
      return `${name} = \${1|true,false|}`;
    case 'list':
      return `${name} = [$1]`;
    case 'map':
      return `${name} = {\n\t$1\n}`;
    default:
      return `${name} = $1`;
  }
}

function componentOf(path: readonly string[]): ComponentKind | undefined {
  return path.length > 0 ? blockAt(path)?.component : undefined;
}

/** The attributes of the body at the cursor: the core block's, then the component schema's (which win on a name clash). */
function attributesAt(ctx: CursorContext, schemas: ComponentSchemas): readonly CoreAttribute[] {
  const path = ctx.blocks.map((b) => b.type);
  const kind = componentOf(path);
  const type = ctx.blocks[ctx.blocks.length - 1]?.labels[0];
  const plugin = kind && type ? (schemas.attributes(kind, type) ?? []) : [];
  const byName = new Map<string, CoreAttribute>();
  for (const a of [...(blockAt(path)?.attributes ?? []), ...plugin]) byName.set(a.name, a);
  return [...byName.values()];
}

function snippetAttributes(attrs: readonly CoreAttribute[], first: number): string[] {
  let n = first;
  return attrs.map((a) => `\t${snippetFor(a.name, a.kind).replace(/\$1/g, () => `$${n++}`).replace(/\$\{1\|/g, () => `\${${n++}|`)}`);
}

function blockSnippet(core: CoreBlock | undefined, type: string, requiredAttrs: readonly CoreAttribute[]): string {
  const labels = (core?.labels ?? []).map((l, i) => ` "\${${i + 1}:${l}}"`).join('');
  const body = snippetAttributes(requiredAttrs, (core?.labels.length ?? 0) + 1);
  return `${type}${labels} {\n${body.length > 0 ? body.join('\n') + '\n' : '\t$0\n'}}`;
}

function bodyItems(ctx: CursorContext, present: ReadonlySet<string>, schemas: ComponentSchemas, range: LspRange): CompletionItem[] {
  const path = ctx.blocks.map((b) => b.type);
  const items: CompletionItem[] = [];
  for (const type of childBlocks(path)) {
    const core = blockAt([...path, type]);
    const required = core?.attributes.filter((a) => a.required) ?? [];
    items.push({
      label: type,
      kind: CompletionItemKind.Module,
      detail: 'block',
      ...(core ? { documentation: { kind: 'markdown', value: core.doc } } : {}),
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: blockSnippet(core, type, required) },
      sortText: `1${type}`,
    });
  }
  for (const a of attributesAt(ctx, schemas)) {
    if (present.has(a.name)) continue;
    items.push({
      label: a.name,
      kind: CompletionItemKind.Property,
      detail: `${a.detail ?? a.kind}${a.required ? ' (required)' : ''}`,
      documentation: { kind: 'markdown', value: a.doc },
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: snippetFor(a.name, a.kind) },
      sortText: `${a.required ? '0' : '2'}${a.name}`,
    });
  }
  return items;
}

/** Names already assigned in the enclosing block, read from the text (the block may not parse yet). */
function presentAttributes(text: string, offset: number): Set<string> {
  const out = new Set<string>();
  let depth = 0;
  let from = offset;
  for (; from > 0; from--) {
    const c = text[from - 1];
    if (c === '}') depth++;
    else if (c === '{') {
      if (depth === 0) break;
      depth--;
    }
  }
  let to = offset;
  depth = 0;
  for (; to < text.length; to++) {
    const c = text[to];
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) break;
      depth--;
    }
  }
  for (const m of text.slice(from, to).matchAll(/^[ \t]*([A-Za-z_][\w-]*)[ \t]*=(?!=)/gm)) out.add(m[1]!);
  return out;
}

function labelItems(ctx: CursorContext, blockType: string, analysis: Analysis, schemas: ComponentSchemas, range: LspRange, quoted: boolean, atLineEnd = false): CompletionItem[] {
  const path = [...ctx.blocks.map((b) => b.type), blockType];
  const q = (s: string) => (quoted ? s : `"${s}"`);
  if (path.join('/') === 'build/source') {
    return analysis.index.declarations
      .filter((d) => d.kind === 'source')
      .map((d) => ({ label: `source.${d.key}`, kind: CompletionItemKind.Reference, textEdit: { range, newText: q(`source.${d.key}`) } }));
  }
  const kind = blockAt(path)?.component;
  if (!kind) return [];
  const types = new Set(schemas.types(kind));
  const used = (t: string) => (kind === 'builder' ? 'source' : kind === 'data' ? 'data' : kind);
  for (const d of analysis.index.declarations) if ((d.kind === 'source' || d.kind === 'data') && d.kind === used(kind) && d.type) types.add(d.type);
  const labels = blockAt(path)?.labels ?? [];
  return [...types].sort().map((t) => {
    const doc = schemas.describe(kind, t);
    const item: CompletionItem = { label: t, kind: CompletionItemKind.Class, detail: kind, ...(doc ? { documentation: doc } : {}), textEdit: { range, newText: q(t) } };
    if (quoted || !atLineEnd) return item;
    // A new component block: its remaining labels and the attributes its schema requires, ready to fill in.
    const required = (schemas.attributes(kind, t) ?? []).filter((a) => a.required);
    const rest = labels.slice(1).map((l, i) => ` "\${${i + 1}:${l}}"`).join('');
    const body = snippetAttributes(required, labels.length);
    const newText = `"${t}"${rest} {\n${body.length > 0 ? body.join('\n') + '\n' : '\t$0\n'}}`;
    return { ...item, insertTextFormat: InsertTextFormat.Snippet, textEdit: { range, newText } };
  });
}

function referenceItems(parts: readonly string[], ctx: CursorContext, analysis: Analysis, range: LspRange): CompletionItem[] {
  const [root, second] = parts;
  const t = analysis.template;
  const item = (label: string, kind: CompletionItemKind, detail?: string, doc?: string): CompletionItem => ({
    label,
    kind,
    ...(detail ? { detail } : {}),
    ...(doc ? { documentation: { kind: 'markdown', value: doc } } : {}),
    textEdit: { range, newText: label },
  });
  const decls = analysis.index.declarations;
  if (parts.length === 1) {
    switch (root) {
      case 'var':
        return decls
          .filter((d) => d.kind === 'variable')
          .map((d) => {
            const v = t?.variables.get(d.key);
            return item(d.key, CompletionItemKind.Variable, v ? valueText(v.value, v.sensitive) : 'variable', v?.description);
          });
      case 'local':
        return decls
          .filter((d) => d.kind === 'local')
          .map((d) => {
            const l = t?.locals.get(d.key);
            return item(d.key, CompletionItemKind.Variable, l ? valueText(l.value, l.sensitive) : 'local');
          });
      case 'data':
        return [...new Set(decls.filter((d) => d.kind === 'data').map((d) => d.type!))].map((x) => item(x, CompletionItemKind.Class, 'data source type'));
      case 'source':
        return ctx.blocks.some((b) => b.type === 'build') && ctx.attribute === 'sources'
          ? [...new Set(decls.filter((d) => d.kind === 'source').map((d) => d.type!))].map((x) => item(x, CompletionItemKind.Class, 'source type'))
          : [item('name', CompletionItemKind.Field, 'string'), item('type', CompletionItemKind.Field, 'string')];
      case 'path':
        return [item('root', CompletionItemKind.Field, 'string', 'The template directory.'), item('cwd', CompletionItemKind.Field, 'string', 'The working directory.')];
      case 'packer':
        return ['version', 'iterationID', 'versionFingerprint'].map((x) => item(x, CompletionItemKind.Field, 'string'));
      case 'build':
        return BUILD_KEYS.map((x) => item(x, CompletionItemKind.Field, 'string'));
      default:
        return [];
    }
  }
  if (parts.length === 2 && (root === 'data' || root === 'source')) {
    return decls.filter((d) => d.kind === root && d.type === second).map((d) => item(d.name, CompletionItemKind.Reference, root));
  }
  return [];
}

/** The accepted values of the attribute being assigned, when its schema has a closed set. */
function valueItems(ctx: CursorContext, schemas: ComponentSchemas, range: LspRange, quoted: boolean): CompletionItem[] {
  const attr = ctx.attribute === undefined ? undefined : attributesAt(ctx, schemas).find((a) => a.name === ctx.attribute);
  return (attr?.values ?? []).map((v) => ({
    label: quoted ? v : `"${v}"`,
    kind: CompletionItemKind.EnumMember,
    detail: attr!.name,
    textEdit: { range, newText: quoted ? v : `"${v}"` },
    sortText: `00${v}`,
  }));
}

function expressionItems(ctx: CursorContext, analysis: Analysis, schemas: ComponentSchemas, range: LspRange): CompletionItem[] {
  const items: CompletionItem[] = valueItems(ctx, schemas, range, false);
  const inVariable = ctx.blocks[0]?.type === 'variable' && ctx.blocks.length === 1;
  if (inVariable && ctx.attribute === 'type') {
    return TYPE_KEYWORDS.map((k) => ({ label: k, kind: CompletionItemKind.TypeParameter, textEdit: { range, newText: k } }));
  }
  for (const v of ['true', 'false', 'null']) items.push({ label: v, kind: CompletionItemKind.Keyword, textEdit: { range, newText: v }, sortText: `0${v}` });
  if (ctx.blocks.some((b) => b.type === 'build') && ctx.attribute === 'sources' && ctx.inList) {
    for (const d of analysis.index.declarations) {
      if (d.kind === 'source') items.push({ label: `"source.${d.key}"`, kind: CompletionItemKind.Reference, textEdit: { range, newText: `"source.${d.key}"` }, sortText: `0${d.key}` });
    }
  }
  for (const [root, doc] of ROOTS) items.push({ label: root, kind: CompletionItemKind.Module, documentation: doc, textEdit: { range, newText: root }, sortText: `1${root}` });
  for (const [name, fn] of analysis.functions) {
    items.push({
      label: name,
      kind: CompletionItemKind.Function,
      detail: functionSignature(name, fn),
      ...(fn.description ? { documentation: fn.description } : {}),
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: functionSnippet(name, fn) },
      sortText: `2${name}`,
    });
  }
  return items;
}

export function complete(doc: Document, offset: number, analysis: Analysis, schemas: ComponentSchemas): CompletionItem[] {
  const text = doc.text;
  const ctx = cursorContext(text, offset);
  const lines = doc.lines;
  const wordStart = (re: RegExp) => {
    const m = re.exec(ctx.linePrefix);
    return offset - (m ? m[0].length : 0);
  };
  const rangeFrom = (start: number): LspRange => {
    const s = lines.position(start);
    const e = lines.position(offset);
    return { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } };
  };
  if (ctx.where === 'comment') return [];

  const quotedLabel = /^\s*([A-Za-z_][\w-]*)((?:\s+"[^"\n]*")*)\s+"([^"\n]*)$/.exec(ctx.linePrefix);
  if (ctx.where === 'string') {
    if (quotedLabel && (quotedLabel[2] ?? '') === '') return labelItems(ctx, quotedLabel[1]!, analysis, schemas, rangeFrom(offset - quotedLabel[3]!.length), true);
    if (ctx.attribute === 'sources' && ctx.blocks.some((b) => b.type === 'build')) {
      const m = /[^"]*$/.exec(ctx.linePrefix);
      const start = offset - (m ? m[0].length : 0);
      return analysis.index.declarations
        .filter((d) => d.kind === 'source')
        .map((d) => ({ label: `source.${d.key}`, kind: CompletionItemKind.Reference, textEdit: { range: rangeFrom(start), newText: `source.${d.key}` } }));
    }
    const m = /[^"]*$/.exec(ctx.linePrefix);
    return valueItems(ctx, schemas, rangeFrom(offset - (m ? m[0].length : 0)), true);
  }
  if (ctx.where === 'body') {
    const bareLabel = /^\s*([A-Za-z_][\w-]*)\s+$/.exec(ctx.linePrefix);
    if (bareLabel) {
      const lineEnd = text.indexOf('\n', offset);
      const atLineEnd = text.slice(offset, lineEnd < 0 ? text.length : lineEnd).trim() === '';
      return labelItems(ctx, bareLabel[1]!, analysis, schemas, rangeFrom(offset), false, atLineEnd);
    }
    if (/^\s*[\w-]*$/.test(ctx.linePrefix)) {
      return bodyItems(ctx, presentAttributes(text, offset), schemas, rangeFrom(wordStart(/[\w-]*$/)));
    }
    return [];
  }
  const traversal = /((?:[A-Za-z_][\w-]*\.)+)([\w-]*)$/.exec(ctx.linePrefix);
  if (traversal) {
    const parts = traversal[1]!.split('.').filter((p) => p !== '');
    return referenceItems(parts, ctx, analysis, rangeFrom(offset - traversal[2]!.length));
  }
  return expressionItems(ctx, analysis, schemas, rangeFrom(wordStart(/[A-Za-z_][\w-]*$/)));
}
