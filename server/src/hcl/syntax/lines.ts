/**
 * HCL's newline rules, which the tree-sitter grammar does not know (it treats newlines as whitespace).
 *
 * In HCL an argument's expression ends at the first newline outside brackets. `scanArgument` walks the leaves of
 * an attribute's value with a bracket depth and finds the first place where hclsyntax would have stopped or
 * complained: a newline after an incomplete expression (`a =` / `a = b.` / `a = 1 +`), an operator continuing the
 * expression on the next line, or a second item on the same line (`a = 1, b = 2`).
 */
import type { SyntaxNode } from './tree.js';
import type { LineIndex } from '../text.js';

export interface LineProblem {
  readonly summary: string;
  readonly detail: string;
  readonly start: number;
  readonly end: number;
  /** The token after which the argument's value really ends. */
  readonly valueEnd: number;
}

/** Nodes whose whole text is one operand for newline purposes (templates may span lines). */
const OPAQUE = new Set(['template_expr', 'string_lit', 'quoted_template', 'heredoc_template']);
const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);
/** Leaves after which an operand is complete, so a newline there ends the argument. */
const COMPLETES = new Set([')', ']', '}', '[*]', '.*', '...', 'true', 'false', 'null', 'identifier', 'numeric_lit', 'template']);

interface Leaf {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

export function valueLeaves(nodes: readonly SyntaxNode[]): Leaf[] {
  const out: Leaf[] = [];
  const stack: SyntaxNode[] = [...nodes].reverse();
  while (stack.length > 0) {
    const n = stack.pop();
    if (!n || n.missing) continue;
    if (OPAQUE.has(n.type)) {
      out.push({ type: 'template', start: n.start, end: n.end });
      continue;
    }
    if (n.children.length === 0) {
      // A token is its own leaf (no copy: this runs for every token of every argument).
      out.push(n.type === 'heredoc_identifier' ? { type: 'identifier', start: n.start, end: n.end } : n);
      continue;
    }
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i];
      if (c) stack.push(c);
    }
  }
  return out;
}

/** `afterEquals` is the "=" token; `value` are the attribute's children after it. */
export function scanArgument(
  text: string,
  lines: LineIndex,
  afterEquals: Leaf,
  value: readonly SyntaxNode[],
  singleLine: boolean,
): LineProblem | undefined {
  const leaves = valueLeaves(value);
  let prev: Leaf = afterEquals;
  let depth = 0;
  for (const leaf of leaves) {
    if (depth === 0) {
      const newLine = lines.lineOf(leaf.start) > lines.lineOf(prev.end);
      const complete = prev !== afterEquals && COMPLETES.has(prev.type);
      if (newLine) {
        const nl = newlineAfter(text, prev.end);
        if (!complete) {
          if (prev.type === '.') {
            return { summary: 'Invalid attribute name', detail: 'An attribute name is required after a dot.', ...nl, valueEnd: prev.end };
          }
          return {
            summary: 'Invalid expression',
            detail: 'Expected the start of an expression, but found an invalid expression token.',
            ...nl,
            valueEnd: prev.end,
          };
        }
        return {
          summary: 'Argument or block definition required',
          detail: 'An argument or block definition is required here.',
          start: leaf.start,
          end: leaf.end,
          valueEnd: prev.end,
        };
      }
      if (complete && startsOperand(leaf.type)) {
        if (leaf.type === ',') {
          return singleLine
            ? {
                summary: 'Invalid single-argument block definition',
                detail:
                  'Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.',
                start: leaf.start,
                end: leaf.end,
                valueEnd: prev.end,
              }
            : {
                summary: 'Unexpected comma after argument',
                detail: 'Argument definitions must be separated by newlines, not commas. An argument definition must end with a newline.',
                start: leaf.start,
                end: leaf.end,
                valueEnd: prev.end,
              };
        }
        return {
          summary: 'Missing newline after argument',
          detail: 'An argument definition must end with a newline.',
          start: leaf.start,
          end: leaf.end,
          valueEnd: prev.end,
        };
      }
    }
    if (OPENERS.has(leaf.type) || leaf.type === 'template_interpolation_start') depth++;
    else if (CLOSERS.has(leaf.type) && depth > 0) depth--;
    prev = leaf;
  }
  return undefined;
}

/** Tokens that cannot continue a complete operand on the same line. */
function startsOperand(type: string): boolean {
  return type === ',' || type === 'identifier' || type === 'numeric_lit' || type === 'template' || type === '=' || type === 'true' || type === 'false' || type === 'null';
}

/** HCL's newline token: the "\n" (or "\r\n") that ends the line containing `offset`. */
export function newlineAfter(text: string, offset: number): { start: number; end: number } {
  const nl = text.indexOf('\n', offset);
  if (nl === -1) return { start: text.length, end: text.length };
  const start = nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
  return { start, end: nl + 1 };
}
