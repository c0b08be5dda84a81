/** Semantic tokens from the tree-sitter tree: block types and labels, attributes, references, functions, literals. */
import type { Range as LspRange, SemanticTokensLegend } from 'vscode-languageserver';
import type { Document } from './documents.js';
import { offsetsOf } from './positions.js';
import { ItemReplay, type Emit } from './item-replay.js';
import type { TokenSink } from './token-data.js';
import { walkTree, type WalkNode } from './tree-walk.js';

const TYPES = ['keyword', 'type', 'property', 'variable', 'function', 'string', 'number', 'operator', 'comment', 'parameter', 'namespace'] as const;
const MODIFIERS = ['declaration', 'defaultLibrary', 'readonly'] as const;
type TokenType = (typeof TYPES)[number];

export const TOKEN_LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

const ROOT_NAMES = new Set(['var', 'local', 'data', 'source', 'path', 'packer', 'build', 'self', 'count', 'each']);
const TYPE_NAMES = new Set(['string', 'number', 'bool', 'any', 'list', 'set', 'map', 'tuple', 'object', 'optional']);

function classify(n: WalkNode): { type: TokenType; modifiers?: number } | undefined {
  const parent = n.ancestors[n.ancestors.length - 1];
  switch (n.type) {
    case 'comment':
      return { type: 'comment' };
    case 'numeric_lit':
      return { type: 'number' };
    case 'null_lit':
    case 'true':
    case 'false':
      return { type: 'keyword' };
    case 'template_literal':
    case 'quoted_template_start':
    case 'quoted_template_end':
      return parent === 'string_lit' && n.ancestors[n.ancestors.length - 2] === 'block' ? { type: 'type' } : { type: 'string' };
    case 'heredoc_identifier':
    case 'heredoc_start':
      return { type: 'keyword' };
    case 'for':
    case 'in':
    case 'if':
    case 'else':
    case 'endif':
    case 'endfor':
      return { type: 'keyword' };
    case 'identifier':
      if (parent === 'block') return n.index === 0 ? { type: 'keyword' } : { type: 'type' };
      if (parent === 'attribute') return { type: 'property', modifiers: 1 };
      if (parent === 'function_call') return { type: 'function', modifiers: 2 };
      if (parent === 'get_attr') return { type: 'property' };
      if (parent === 'for_intro') return { type: 'parameter', modifiers: 1 };
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Pushes the tokens of `doc` (or of `range`) into `builder`, one line at a time (multi-line tokens are split). A
 * whole-document request replays the tokens of items unchanged since the last one (item-replay.ts); returns how
 * many.
 */
export function semanticTokens(doc: Document, builder: TokenSink, range?: LspRange): number {
  const tree = doc.parsed.tree;
  const lines = doc.lines;
  const text = doc.text;
  const { start: from, end: to } = range ? offsetsOf(lines, range) : { start: 0, end: text.length };
  const items = range ? undefined : new ItemReplay(doc, 'semanticTokens', doc.treeGeneration, doc.treeBase, 1);
  const replayed: Emit = (line, char, length, type, modifiers) => builder.push(line, char, length, type, modifiers);
  const emit = (line: number, char: number, length: number, type: number, modifiers: number) => {
    builder.push(line, char, length, type, modifiers);
    items?.record(line, char, length, type, modifiers);
  };
  const push = (start: number, end: number, type: TokenType, modifiers = 0) => {
    let s = start;
    while (s < end) {
      const line = lines.lineOf(s);
      const lineEnd = Math.min(end, line + 1 < lines.lineCount ? lines.lineStart(line + 1) - 1 : text.length);
      if (lineEnd > s) emit(line, s - lines.lineStart(line), lineEnd - s, TYPES.indexOf(type), modifiers);
      s = lineEnd + 1;
    }
  };
  walkTree(
    tree,
    (n, subtreeId) => {
      if (items?.visit(n, subtreeId, lines, replayed)) return false;
      if (n.type === 'variable_expr') return true;
      const parent = n.ancestors[n.ancestors.length - 1];
      if (n.type === 'identifier' && parent === 'variable_expr') {
        const name = text.slice(n.start, n.end);
        const inType = n.ancestors.includes('attribute') && TYPE_NAMES.has(name);
        push(n.start, n.end, ROOT_NAMES.has(name) ? 'namespace' : inType ? 'type' : 'variable', ROOT_NAMES.has(name) ? 4 : 0);
        return false;
      }
      const cls = classify(n);
      if (cls) {
        push(n.start, n.end, cls.type, cls.modifiers ?? 0);
        return false;
      }
      return true;
    },
    from,
    to,
  );
  items?.finish();
  return items?.replayed ?? 0;
}
