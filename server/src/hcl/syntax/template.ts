/**
 * Templates: quoted strings, heredocs and their interpolations/directives.
 *
 * tree-sitter treats whitespace as an extra even inside templates, so literal text is taken from the source gaps
 * between the structural nodes (interpolations and directive markers) rather than from template_literal nodes.
 * From there the steps follow hclsyntax: the template becomes a flat token stream (heredoc text split into one
 * token per line), strip markers trim the neighbouring literal tokens, `<<-` removes the smallest line
 * indentation, consecutive literals are melded, and finally if/for directives are nested.
 */
import type { Range } from '../diagnostic.js';
import type { Expression, TemplatePart } from '../ast.js';
import type { SyntaxNode } from './tree.js';
import type { Converter } from './convert.js';
import { decodeHeredocText, decodeQuotedText } from './escapes.js';

interface DirectiveToken {
  kind: 'if' | 'else' | 'endif' | 'for' | 'endfor';
  start: number;
  end: number;
  trimLeft: boolean;
  trimRight: boolean;
  cond?: Expression;
  collection?: Expression;
  keyVar?: string;
  valueVar?: string;
}
type OpenToken = DirectiveToken & { kind: 'if' | 'for' };

type Token =
  | { kind: 'literal'; value: string; start: number; end: number }
  | { kind: 'interp'; expr: Expression; start: number; end: number; trimLeft: boolean; trimRight: boolean }
  | DirectiveToken;

const STRUCTURAL = new Set([
  'template_interpolation',
  'template_if_intro',
  'template_else_intro',
  'template_if_end',
  'template_for_start',
  'template_for_end',
  'ERROR',
]);

export interface TemplateSource {
  /** Offsets of the template's content (inside the quotes, or the heredoc lines). */
  readonly contentStart: number;
  readonly contentEnd: number;
  readonly heredoc: boolean;
  readonly flush: boolean;
  /** Range used for an empty template's single empty literal. */
  readonly emptyAt: number;
}

export function convertTemplateParts(conv: Converter, node: SyntaxNode, src: TemplateSource): TemplatePart[] {
  const structural: SyntaxNode[] = [];
  collectStructural(node, src, structural);
  const tokens = tokenize(conv, structural, src);
  applyStripMarkers(tokens);
  if (src.flush) flushIndentation(tokens);
  const melded = meld(tokens);
  if (melded.length === 0) {
    return [{ kind: 'literal', value: '', range: conv.range(src.emptyAt, src.emptyAt) }];
  }
  return nest(conv, melded);
}

/** Finds interpolations and directive markers in source order, looking through directive wrappers. */
function collectStructural(node: SyntaxNode, src: TemplateSource, out: SyntaxNode[]): void {
  // Directives nest only as deep as the source does; the converter's depth guard bounds the expressions inside.
  for (const child of node.children) {
    if (child.end <= src.contentStart && child.start < src.contentStart) continue;
    if (child.start >= src.contentEnd && child.end > src.contentEnd) continue;
    if (STRUCTURAL.has(child.type)) out.push(child);
    else if (child.type === 'template_directive' || child.type === 'template_if' || child.type === 'template_for') {
      collectStructural(child, src, out);
    }
  }
}

function tokenize(conv: Converter, structural: readonly SyntaxNode[], src: TemplateSource): Token[] {
  const tokens: Token[] = [];
  let at = src.contentStart;
  for (const node of structural) {
    if (node.start > at) literalTokens(conv, at, node.start, src, tokens);
    at = Math.max(at, node.end);
    if (node.type === 'ERROR') {
      conv.reportError(node);
      continue;
    }
    tokens.push(structuralToken(conv, node));
  }
  if (src.contentEnd > at) literalTokens(conv, at, src.contentEnd, src, tokens);
  return tokens;
}

function literalTokens(conv: Converter, start: number, end: number, src: TemplateSource, out: Token[]): void {
  const text = conv.text;
  if (!src.heredoc) {
    const value = decodeQuotedText(text, start, end, (s, e, summary, detail) => conv.error(summary, detail, s, e));
    out.push({ kind: 'literal', value, start, end });
    return;
  }
  // hclsyntax scans heredoc text one line at a time; strip markers and `<<-` work on those line tokens.
  let lineStart = start;
  while (lineStart < end) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 || nl >= end ? end : nl + 1;
    out.push({ kind: 'literal', value: decodeHeredocText(text.slice(lineStart, lineEnd)), start: lineStart, end: lineEnd });
    lineStart = lineEnd;
  }
}

function structuralToken(conv: Converter, node: SyntaxNode): Token {
  const kids = node.children;
  const trimLeft = kids[1]?.type === 'strip_marker';
  const trimRight = kids.length >= 2 && kids[kids.length - 2]?.type === 'strip_marker';
  const base = { start: node.start, end: node.end, trimLeft, trimRight };
  const exprNode = kids.find((k) => k.type === 'expression');
  // tree-sitter keeps what follows the expression inside the sequence as an ERROR (`${a b}`).
  const stray = kids.find((k) => k.type === 'ERROR');
  if (stray) conv.reportError(stray);
  switch (node.type) {
    case 'template_interpolation': {
      const expr = exprNode ? conv.expression(exprNode) : conv.missingExpression(node.start, node.end);
      return { kind: 'interp', expr, ...base };
    }
    case 'template_if_intro':
      return { kind: 'if', cond: exprNode ? conv.expression(exprNode) : conv.missingExpression(node.start, node.end), ...base };
    case 'template_else_intro':
      return { kind: 'else', ...base };
    case 'template_if_end':
      return { kind: 'endif', ...base };
    case 'template_for_end':
      return { kind: 'endfor', ...base };
    default: {
      const names = kids.filter((k) => k.type === 'identifier').map((k) => conv.text.slice(k.start, k.end));
      const collection = exprNode ? conv.expression(exprNode) : conv.missingExpression(node.start, node.end);
      const [first = '', second] = names;
      return second === undefined
        ? { kind: 'for', valueVar: first, collection, ...base }
        : { kind: 'for', keyVar: first, valueVar: second, collection, ...base };
    }
  }
}

const LEADING_SPACE = /^\s+/u;
const TRAILING_SPACE = /\s+$/u;

/** `${~`/`%{~` trim the literal token just before; `~}` trims the literal token just after (hclsyntax rules). */
function applyStripMarkers(tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || t.kind === 'literal') continue;
    const prev = tokens[i - 1];
    if (t.trimLeft && prev?.kind === 'literal') prev.value = prev.value.replace(TRAILING_SPACE, '');
    const next = tokens[i + 1];
    if (t.trimRight && next?.kind === 'literal') next.value = next.value.replace(LEADING_SPACE, '');
  }
}

/**
 * `<<-`: find the line with the fewest leading whitespace characters and remove that many from every line.
 * Only line-leading literal tokens count; a line that starts with an interpolation has no indentation, and
 * blank lines are ignored.
 */
function flushIndentation(tokens: Token[]): void {
  let min = Number.MAX_SAFE_INTEGER;
  let atLineStart = true;
  const adjust: { token: Extract<Token, { kind: 'literal' }>; spaces: number }[] = [];
  for (const t of tokens) {
    if (atLineStart) {
      atLineStart = false;
      if (t.kind === 'literal') {
        const lead = LEADING_SPACE.exec(t.value)?.[0] ?? '';
        const blank = lead.length === t.value.length && t.value.endsWith('\n');
        if (!blank) {
          const spaces = [...lead].length;
          adjust.push({ token: t, spaces });
          min = Math.min(min, spaces);
        }
      } else {
        min = 0;
      }
    }
    if (t.kind === 'literal' && t.value.endsWith('\n')) atLineStart = true;
  }
  if (min === 0 || min === Number.MAX_SAFE_INTEGER) return;
  for (const { token } of adjust) {
    const chars = [...token.value];
    const removed = chars.slice(0, min).join('');
    token.value = chars.slice(min).join('');
    token.start += removed.length;
  }
}

function meld(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const prev = out[out.length - 1];
    if (t.kind === 'literal' && prev?.kind === 'literal') {
      out[out.length - 1] = { kind: 'literal', value: prev.value + t.value, start: prev.start, end: t.end };
    } else {
      out.push(t.kind === 'literal' ? { ...t } : t);
    }
  }
  return out;
}

/** Below U+0300 (where combining marks start) every character is already in NFC: skip the costly call. */
const MAY_NEED_NFC = /[^\u0000-\u02ff]/;

function nfc(s: string): string {
  return MAY_NEED_NFC.test(s) ? s.normalize('NFC') : s;
}

interface Frame {
  readonly open?: OpenToken;
  readonly parts: TemplatePart[];
  elseParts?: TemplatePart[];
}

/** Turns the flat token stream into nested if/for parts, reporting unbalanced directives like hclsyntax. */
function nest(conv: Converter, tokens: readonly Token[]): TemplatePart[] {
  const root: Frame = { parts: [] };
  const stack: Frame[] = [root];
  const top = (): Frame => stack[stack.length - 1] ?? root;
  const current = (): TemplatePart[] => top().elseParts ?? top().parts;
  for (const t of tokens) {
    switch (t.kind) {
      case 'literal':
        // cty.StringVal imposes Unicode NFC on every string literal.
        current().push({ kind: 'literal', value: nfc(t.value), range: conv.range(t.start, t.end) });
        break;
      case 'interp':
        current().push({ kind: 'interp', expr: t.expr, range: conv.range(t.start, t.end) });
        break;
      case 'if':
      case 'for':
        stack.push({ open: { ...t, kind: t.kind }, parts: [] });
        break;
      case 'else': {
        const frame = top();
        if (frame.open?.kind === 'if' && !frame.elseParts) frame.elseParts = [];
        else unbalanced(conv, t, frame.open);
        break;
      }
      case 'endif':
      case 'endfor': {
        const frame = top();
        const wanted = t.kind === 'endif' ? 'if' : 'for';
        if (frame.open?.kind !== wanted) {
          unbalanced(conv, t, frame.open);
          break;
        }
        stack.pop();
        current().push(closeFrame(conv, frame.open, frame, t.end));
        break;
      }
    }
  }
  while (stack.length > 1) {
    const frame = stack.pop();
    if (!frame?.open) break;
    const end = frame.open.kind === 'if' ? 'endif' : 'endfor';
    conv.error(
      'Unexpected end of template',
      `The ${frame.open.kind} directive at ${conv.describe(frame.open.start)} is missing its corresponding ${end} directive.`,
      frame.open.start,
      frame.open.end,
    );
    current().push(closeFrame(conv, frame.open, frame, frame.open.end));
  }
  return root.parts;
}

function closeFrame(
  conv: Converter,
  open: OpenToken,
  frame: Frame,
  end: number,
): TemplatePart {
  const range: Range = conv.range(open.start, end);
  if (open.kind === 'if') {
    const cond = open.cond ?? conv.missingExpression(open.start, open.end);
    return frame.elseParts
      ? { kind: 'if', cond, then: frame.parts, else: frame.elseParts, range }
      : { kind: 'if', cond, then: frame.parts, range };
  }
  const collection = open.collection ?? conv.missingExpression(open.start, open.end);
  const base = { kind: 'for' as const, valueVar: open.valueVar ?? '', collection, body: frame.parts, range };
  return open.keyVar === undefined ? base : { ...base, keyVar: open.keyVar };
}

function unbalanced(conv: Converter, t: Token, open: Frame['open']): void {
  const name = t.kind;
  const detail =
    open === undefined
      ? 'The control directives within this template are unbalanced.'
      : name === 'else' && open.kind === 'if'
        ? `Already in the else clause for the if started at ${conv.describe(open.start)}.`
        : name === 'else'
          ? 'An else clause is not expected for a for directive.'
          : `Expecting an end${open.kind} directive for the ${open.kind} started at ${conv.describe(open.start)}.`;
  conv.error(`Unexpected ${name} directive`, detail, t.start, t.end);
}
