/**
 * hclwrite's canonical layout over a token sequence: indentation by bracket nesting, spacing between tokens,
 * and vertical alignment of `=` and trailing comments on consecutive lines. Only `spacesBefore` changes.
 */
import { bracketChange, endsLine, type FormatToken } from './tokens.js';

/** One source line split into hclwrite's cells: lead, optional `= value` assignment, optional trailing comment. */
interface FormatLine {
  lead: FormatToken[];
  assign: FormatToken[] | undefined;
  comment: FormatToken[] | undefined;
}

const NIL: FormatToken = { kind: 'EOF', text: '', offset: -1, spacesBefore: 0 };

export function layoutTokens(tokens: readonly FormatToken[]): void {
  const lines = splitLines(tokens);
  indentLines(lines);
  spaceLines(lines);
  alignCells(lines);
}

const SPACES = Array.from({ length: 64 }, (_, n) => ' '.repeat(n));

export function renderTokens(tokens: readonly FormatToken[]): string {
  let out = '';
  for (const t of tokens) {
    const n = t.spacesBefore;
    out += (n < SPACES.length ? SPACES[n] : ' '.repeat(n)) + t.text;
  }
  return out;
}

function splitLines(tokens: readonly FormatToken[]): FormatLine[] {
  const lines: FormatLine[] = [];
  let lineStart = 0;
  let i = 0;
  for (; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.kind === 'EOF') break;
    if (endsLine(tok)) {
      lines.push(cellsOf(tokens.slice(lineStart, i + 1)));
      lineStart = i + 1;
    }
  }
  lines.push(cellsOf(tokens.slice(lineStart, i)));
  return lines;
}

function cellsOf(lead: FormatToken[]): FormatLine {
  const line: FormatLine = { lead, assign: undefined, comment: undefined };
  if (lead.length === 0) return line;
  if (lead.length > 1 && lead[lead.length - 1].kind === 'Comment') {
    line.comment = lead.slice(lead.length - 1);
    line.lead = lead = lead.slice(0, lead.length - 1);
  }
  for (let i = 1; i < lead.length; i++) {
    if (lead[i].kind !== 'Equal') continue;
    // Only a complete expression after `=` takes part in alignment; an opening bracket starts a multi-line value.
    let net = 0;
    for (let j = i; j < lead.length; j++) net += bracketChange(lead[j].kind);
    if (net === 0) {
      line.assign = lead.slice(i);
      line.lead = lead.slice(0, i);
    }
    break;
  }
  return line;
}

function indentLines(lines: readonly FormatLine[]): void {
  // Each entry remembers how many brackets one indent level opened, so asymmetric lines unwind sensibly.
  const indents: number[] = [];
  for (const line of lines) {
    if (line.lead.length === 0) continue;
    const first = line.lead[0];
    if (first.kind === 'Newline') {
      first.spacesBefore = 0;
      continue;
    }
    let net = 0;
    for (const t of line.lead) {
      net += bracketChange(t.kind);
      if (t.kind === 'OHeredoc') break;
    }
    for (const t of line.assign ?? []) net += bracketChange(t.kind);

    if (net > 0) {
      first.spacesBefore = 2 * indents.length;
      indents.push(net);
      continue;
    }
    let closed = -net;
    while (closed > 0 && indents.length > 0) {
      const top = indents[indents.length - 1];
      if (closed > top) {
        closed -= top;
        indents.pop();
      } else if (closed < top) {
        indents[indents.length - 1] = top - closed;
        closed = 0;
      } else {
        indents.pop();
        closed = 0;
      }
    }
    first.spacesBefore = 2 * indents.length;
  }
}

function spaceLines(lines: readonly FormatLine[]): void {
  for (const line of lines) {
    spaceCell(line.lead);
    if (line.assign) {
      // The `=` is always separated from what it assigns to; alignment widens this later.
      line.assign[0].spacesBefore = 1;
      spaceCell(line.assign);
    }
  }
}

function spaceCell(cell: readonly FormatToken[]): void {
  for (let i = 0; i + 1 < cell.length; i++) {
    const after = cell[i + 1];
    after.spacesBefore = spaceAfterToken(cell[i], i > 0 ? cell[i - 1] : NIL, after) ? 1 : 0;
  }
}

function alignCells(lines: readonly FormatLine[]): void {
  alignChains(
    lines,
    (line) => line.assign,
    (line) => columns(line.lead),
  );
  alignChains(
    lines,
    (line) => line.comment,
    (line) => columns(line.lead) + columns(line.assign ?? []),
  );
}

/** Consecutive lines that all have the cell are aligned one column past the widest content before it. */
function alignChains(
  lines: readonly FormatLine[],
  cellOf: (line: FormatLine) => FormatToken[] | undefined,
  widthBefore: (line: FormatLine) => number,
): void {
  let chainStart = -1;
  let widest = 0;
  const close = (end: number): void => {
    for (let i = chainStart; i < end; i++) {
      cellOf(lines[i])![0].spacesBefore = widest - widthBefore(lines[i]) + 1;
    }
    chainStart = -1;
    widest = 0;
  };
  for (let i = 0; i < lines.length; i++) {
    if (cellOf(lines[i]) === undefined) {
      if (chainStart !== -1) close(i);
      continue;
    }
    if (chainStart === -1) chainStart = i;
    widest = Math.max(widest, widthBefore(lines[i]));
  }
  if (chainStart !== -1) close(lines.length);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** Display width as hclwrite counts it: spaces plus grapheme clusters. */
function columns(cell: readonly FormatToken[]): number {
  let n = 0;
  for (const t of cell) {
    n += t.spacesBefore;
    if (PLAIN_ASCII.test(t.text)) n += t.text.length;
    else for (const _ of segmenter.segment(t.text)) n++;
  }
  return n;
}

function isMinusNegation(before: FormatToken): boolean {
  switch (before.kind) {
    case 'EOF': // start of the cell
    case 'OParen':
    case 'OBrace':
    case 'OBrack':
    case 'Equal':
    case 'Colon':
    case 'Comma':
    case 'Question':
    case 'Plus':
    case 'Star':
    case 'Slash':
    case 'Percent':
    case 'Minus':
    case 'EqualOp':
    case 'NotEqual':
    case 'GreaterThan':
    case 'GreaterThanEq':
    case 'LessThan':
    case 'LessThanEq':
    case 'And':
    case 'Or':
    case 'Bang':
      return true;
    default:
      return false;
  }
}

/** hclwrite's spacing rule for the gap between `subject` and `after`, in hclwrite's order of precedence. */
function spaceAfterToken(subject: FormatToken, before: FormatToken, after: FormatToken): boolean {
  const s = subject.kind;
  const a = after.kind;
  if (a === 'Newline') return false;
  if (s === 'Ident' && a === 'OParen') return false;
  if (s === 'Dot' || a === 'Dot') return false;
  if (a === 'Comma' || a === 'Ellipsis') return false;
  if (s === 'Comma') return true;
  if (s === 'QuotedLit' || s === 'StringLit' || s === 'OQuote' || s === 'OHeredoc') return false;
  if (a === 'QuotedLit' || a === 'StringLit' || a === 'CQuote' || a === 'CHeredoc') return false;
  // `for x in [a, b]`: keep `in` apart from a tuple even though it looks like an indexed name.
  if (s === 'Ident' && subject.text === 'in' && before.kind === 'Ident') return true;
  if (a === 'OBrack' && (s === 'Ident' || s === 'NumberLit' || bracketChange(s) < 0)) return false;
  if (s === 'Bang') return false;
  if (s === 'Minus') return !isMinusNegation(before);
  if (s === 'OBrace' || a === 'CBrace') return !(s === 'OBrace' && a === 'CBrace');
  if ((s === 'TemplateInterp' || s === 'TemplateControl') && a === 'OBrace') return true;
  if (s === 'CBrace' && a === 'TemplateSeqEnd') return true;
  if (s === 'TemplateSeqEnd' && (a === 'TemplateInterp' || a === 'TemplateControl')) return false;
  if (bracketChange(s) > 0) return false;
  if (bracketChange(a) < 0) return false;
  return true;
}
