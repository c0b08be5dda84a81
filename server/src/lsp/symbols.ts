/** Document symbols (the outline: blocks with their nested blocks and attributes) and workspace symbols. */
import { SymbolKind, type DocumentSymbol, type WorkspaceSymbol } from 'vscode-languageserver';
import type * as ast from '../hcl/ast.js';
import type { Analysis } from './analysis.js';
import type { Document } from './documents.js';
import { toLspRange } from './positions.js';

const BLOCK_KINDS: Readonly<Record<string, SymbolKind>> = {
  packer: SymbolKind.Package,
  variable: SymbolKind.Variable,
  variables: SymbolKind.Namespace,
  locals: SymbolKind.Namespace,
  local: SymbolKind.Constant,
  data: SymbolKind.Struct,
  source: SymbolKind.Class,
  build: SymbolKind.Module,
  provisioner: SymbolKind.Function,
  'error-cleanup-provisioner': SymbolKind.Function,
  'post-processor': SymbolKind.Event,
  'post-processors': SymbolKind.Array,
  validation: SymbolKind.Boolean,
};

function blockSymbol(b: ast.Block, depth: number): DocumentSymbol {
  const name = [b.type, ...b.labels.map((l) => `"${l.value}"`)].join(' ');
  const children = depth < 8 ? bodySymbols(b.body, depth + 1, b.type === 'locals' || b.type === 'variables') : [];
  return {
    name: name === '' ? b.type || '(block)' : name,
    kind: BLOCK_KINDS[b.type] ?? SymbolKind.Object,
    range: toLspRange(b.range),
    selectionRange: toLspRange(b.labels[b.labels.length - 1]?.range ?? b.typeRange),
    ...(children.length > 0 ? { children } : {}),
  };
}

function bodySymbols(body: ast.Body, depth: number, declarations: boolean): DocumentSymbol[] {
  return body.items.map((item) =>
    item.kind === 'block'
      ? blockSymbol(item, depth)
      : {
          name: item.name || '(attribute)',
          kind: declarations ? SymbolKind.Constant : SymbolKind.Property,
          range: toLspRange(item.range),
          selectionRange: toLspRange(item.nameRange),
        },
  );
}

export function documentSymbols(doc: Document): DocumentSymbol[] {
  return bodySymbols(doc.model.ast.body, 0, false);
}

const DECL_KINDS = { variable: SymbolKind.Variable, local: SymbolKind.Constant, data: SymbolKind.Struct, source: SymbolKind.Class, build: SymbolKind.Module } as const;
const PREFIX = { variable: 'var.', local: 'local.', data: 'data.', source: 'source.', build: 'build ' } as const;

/** Fuzzy match as editors do: the query's characters appear in order. */
function matches(name: string, query: string): boolean {
  let i = 0;
  const n = name.toLowerCase();
  for (const c of query.toLowerCase()) {
    i = n.indexOf(c, i);
    if (i === -1) return false;
    i++;
  }
  return true;
}

export function workspaceSymbols(analyses: readonly Analysis[], query: string, limit = 1000): WorkspaceSymbol[] {
  const out: WorkspaceSymbol[] = [];
  for (const a of analyses) {
    for (const d of a.index.declarations) {
      if (d.kind === 'build' && d.name === '') continue;
      const name = `${PREFIX[d.kind]}${d.key}`;
      if (!matches(name, query)) continue;
      out.push({ name, kind: DECL_KINDS[d.kind], location: { uri: d.uri, range: toLspRange(d.nameRange) }, containerName: a.files.root });
      if (out.length >= limit) return out;
    }
  }
  return out;
}
