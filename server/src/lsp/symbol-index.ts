/**
 * Declarations and references of a template, found syntactically so navigation and rename work on broken or
 * half-typed files too: variables (and their assignments in var files), locals, data sources, sources (also
 * named in `build.sources` strings and build `source` labels) and builds.
 */
import type * as ast from '../hcl/ast.js';
import { comparePositions, type Position, type Range } from '../hcl/diagnostic.js';
import { MovedCache, moveRange } from '../hcl/syntax/moved.js';
import { inTraversalOrder, itemTraversals, traversalsInBody, type Traversal } from '../packer/references.js';
import type { SourceFile, TemplateFiles } from './workspace.js';

export type SymbolKind = 'variable' | 'local' | 'data' | 'source' | 'build';

export interface Declaration {
  readonly kind: SymbolKind;
  /** `name` for variables and locals, `type.name` for data and sources. */
  readonly key: string;
  readonly name: string;
  readonly type?: string;
  /** The part a rename replaces (inside the quotes of a label). */
  readonly nameRange: Range;
  readonly range: Range;
  readonly uri: string;
  readonly block?: ast.Block;
}

export interface Reference {
  readonly kind: SymbolKind;
  readonly key: string;
  readonly nameRange: Range;
  /** The whole reference, e.g. `var.region` or the `"source.docker.app"` string. */
  readonly range: Range;
  readonly uri: string;
  /** A var-file assignment (`region = "x"`) rather than an expression reference. */
  readonly assignment?: boolean;
}

export interface SymbolIndex {
  readonly declarations: readonly Declaration[];
  readonly references: readonly Reference[];
  /** Traversals by file URI, for completion and inlay hints. */
  readonly traversals: ReadonlyMap<string, readonly Traversal[]>;
}

/**
 * The range inside a quoted label or string, from the raw text (labels carry their quotes). Always a range of
 * its own, unlike the syntax's ranges an entry also holds: it does not move with the syntax (see `byItem`).
 */
function inner(file: SourceFile, r: Range): Range {
  const text = file.text;
  const start = file.lines.offsetOf(r.start);
  const end = file.lines.offsetOf(r.end);
  if (text[start] === '"' && end - start >= 2 && text[end - 1] === '"') {
    return { file: r.file, start: file.lines.position(start + 1), end: file.lines.position(end - 1) };
  }
  return own(r);
}

/** A copy of a syntax range for an entry to hold: entries re-base their own ranges when the syntax moves. */
function own(r: Range): Range {
  return moveRange(r, 0);
}

function sub(file: SourceFile, r: Range, from: number, to: number): Range {
  const start = file.lines.offsetOf(r.start);
  return { file: r.file, start: file.lines.position(start + from), end: file.lines.position(start + to) };
}

function declare(file: SourceFile, item: ast.Attribute | ast.Block, out: Declaration[]): void {
  if (item.kind !== 'block') return;
  const [first, second] = item.labels;
  switch (item.type) {
    case 'variable':
      if (first) out.push({ kind: 'variable', key: first.value, name: first.value, nameRange: inner(file, first.range), range: item.range, uri: file.uri, block: item });
      break;
    case 'variables':
      for (const a of item.body.items) {
        if (a.kind === 'attribute') out.push({ kind: 'variable', key: a.name, name: a.name, nameRange: own(a.nameRange), range: a.range, uri: file.uri });
      }
      break;
    case 'locals':
      for (const a of item.body.items) {
        if (a.kind === 'attribute') out.push({ kind: 'local', key: a.name, name: a.name, nameRange: own(a.nameRange), range: a.range, uri: file.uri });
      }
      break;
    case 'local':
      if (first) out.push({ kind: 'local', key: first.value, name: first.value, nameRange: inner(file, first.range), range: item.range, uri: file.uri, block: item });
      break;
    case 'data':
    case 'source':
      if (first && second) {
        out.push({
          kind: item.type,
          key: `${first.value}.${second.value}`,
          name: second.value,
          type: first.value,
          nameRange: inner(file, second.range),
          range: item.range,
          uri: file.uri,
          block: item,
        });
      }
      break;
    case 'build': {
      const name = item.body.items.find((a): a is ast.Attribute => a.kind === 'attribute' && a.name === 'name');
      const literal = name && name.expr.kind === 'template' && name.expr.parts.length === 1 && name.expr.parts[0]!.kind === 'literal' ? name.expr.parts[0]!.value : '';
      out.push({ kind: 'build', key: literal, name: literal, nameRange: inner(file, name ? name.expr.range : item.typeRange), range: item.range, uri: file.uri, block: item });
      break;
    }
  }
}

function fromTraversal(file: SourceFile, t: Traversal): Reference | undefined {
  const [a, b] = t.steps;
  const ref = (kind: SymbolKind, key: string, step: { range: Range }): Reference => ({ kind, key, nameRange: inner(file, step.range), range: t.range, uri: file.uri });
  if (t.root === 'var' && a) return ref('variable', a.name, a);
  if (t.root === 'local' && a) return ref('local', a.name, a);
  if ((t.root === 'data' || t.root === 'source') && a && b) return ref(t.root, `${a.name}.${b.name}`, b);
  return undefined;
}

/** `"source.docker.app"` in `build.sources` or a build's `source` label: a reference to source `docker.app`. */
function sourceString(file: SourceFile, value: string, range: Range): Reference | undefined {
  const m = /^source\.([^.]+)\.([^.]+)$/.exec(value);
  if (!m) return undefined;
  const body = inner(file, range);
  if (file.lines.slice(body) !== value) return undefined;
  const at = value.length - m[2]!.length;
  return { kind: 'source', key: `${m[1]}.${m[2]}`, nameRange: sub(file, body, at, value.length), range, uri: file.uri };
}

function buildReferences(file: SourceFile, item: ast.Attribute | ast.Block, out: Reference[]): void {
  if (item.kind !== 'block' || item.type !== 'build') return;
  for (const inside of item.body.items) {
    if (inside.kind === 'attribute' && inside.name === 'sources' && inside.expr.kind === 'tuple') {
      for (const e of inside.expr.items) {
        if (e.kind === 'template' && e.parts.length === 1 && e.parts[0]!.kind === 'literal') {
          const r = sourceString(file, e.parts[0]!.value, e.range);
          if (r) out.push(r);
        }
      }
    } else if (inside.kind === 'block' && inside.type === 'source' && inside.labels[0]) {
      const r = sourceString(file, inside.labels[0].value, inside.labels[0].range);
      if (r) out.push(r);
    }
  }
}

interface FileSymbols {
  readonly uri: string;
  readonly kind: SourceFile['kind'];
  readonly text: string;
  readonly declarations: readonly Declaration[];
  readonly references: readonly Reference[];
  readonly traversals?: readonly Traversal[];
}

/** Each file's part of the index, by its syntax tree: an edit re-walks only the files whose tree changed. */
const byFile = new WeakMap<ast.File, FileSymbols>();

/** What one top-level item of a config file adds to the index. */
interface ItemSymbols {
  readonly uri: string;
  readonly declarations: readonly Declaration[];
  /** From the item's traversals. */
  readonly references: readonly Reference[];
  /** Sources named in a build block. */
  readonly sources: readonly Reference[];
}

function moveReference(r: Reference, lineDelta: number): Reference {
  return { ...r, nameRange: moveRange(r.nameRange, lineDelta) };
}

/**
 * Per top-level item: within a changed file only the edited item is walked again. An entry's `range`s are the
 * syntax's, which an edit above moves in place (hcl/syntax/shift.ts); its `nameRange`s are its own, re-based here.
 */
const byItem = new MovedCache<ast.Attribute | ast.Block, ItemSymbols>((part, lineDelta) => ({
  uri: part.uri,
  declarations: part.declarations.map((d) => ({ ...d, nameRange: moveRange(d.nameRange, lineDelta) })),
  references: part.references.map((r) => moveReference(r, lineDelta)),
  sources: part.sources.map((r) => moveReference(r, lineDelta)),
}));

function itemSymbols(file: SourceFile, item: ast.Attribute | ast.Block): ItemSymbols {
  const cached = byItem.get(item);
  if (cached && cached.uri === file.uri) return cached;
  const declarations: Declaration[] = [];
  const references: Reference[] = [];
  const sources: Reference[] = [];
  declare(file, item, declarations);
  for (const t of itemTraversals(item)) {
    const r = fromTraversal(file, t);
    if (r) references.push(r);
  }
  buildReferences(file, item, sources);
  const part = { uri: file.uri, declarations, references, sources };
  byItem.set(item, part);
  return part;
}

function fileSymbols(file: SourceFile): FileSymbols {
  const cached = byFile.get(file.ast);
  if (cached && cached.uri === file.uri && cached.kind === file.kind && cached.text === file.text) return cached;
  const declarations: Declaration[] = [];
  const references: Reference[] = [];
  let part: FileSymbols;
  if (file.kind === 'varfile') {
    for (const a of file.ast.body.items) {
      if (a.kind === 'attribute') references.push({ kind: 'variable', key: a.name, nameRange: a.nameRange, range: a.range, uri: file.uri, assignment: true });
    }
    part = { uri: file.uri, kind: file.kind, text: file.text, declarations, references };
  } else {
    const items = new Map(file.ast.body.items.map((item) => [item, itemSymbols(file, item)]));
    for (const i of items.values()) declarations.push(...i.declarations);
    for (const item of inTraversalOrder(file.ast.body)) references.push(...items.get(item)!.references);
    for (const i of items.values()) references.push(...i.sources);
    part = { uri: file.uri, kind: file.kind, text: file.text, declarations, references, traversals: traversalsInBody(file.ast.body) };
  }
  byFile.set(file.ast, part);
  return part;
}

export function buildSymbolIndex(template: TemplateFiles): SymbolIndex {
  const declarations: Declaration[] = [];
  const references: Reference[] = [];
  const traversals = new Map<string, readonly Traversal[]>();
  for (const file of template.files) {
    const part = fileSymbols(file);
    declarations.push(...part.declarations);
    references.push(...part.references);
    if (part.traversals) traversals.set(file.uri, part.traversals);
  }
  return { declarations, references, traversals };
}

/** The symbol at a position of a document: a declaration's name or a reference. */
export function symbolAt(index: SymbolIndex, uri: string, at: Position): { kind: SymbolKind; key: string } | undefined {
  const hit = (r: Range) => comparePositions(r.start, at) <= 0 && comparePositions(at, r.end) <= 0;
  const decl = index.declarations.find((d) => d.uri === uri && d.kind !== 'build' && hit(d.nameRange));
  if (decl) return decl;
  const ref = index.references.find((r) => r.uri === uri && hit(r.range));
  return ref;
}
