/**
 * hclwrite's canonical layout over a token sequence: indentation by bracket nesting, spacing between tokens,
 * and vertical alignment of `=` and trailing comments on consecutive lines. Only the spaces before tokens
 * change.
 */
import { bracketChange, Kind, type Tokens } from './tokens.js';

const NONE = -1;

/** bracketChange by kind. */
const BRACKET_CHANGE = new Int8Array(Kind.Invalid + 1);
for (let k = 0; k <= Kind.Invalid; k++) BRACKET_CHANGE[k] = bracketChange(k);

/**
 * The source lines, each split into hclwrite's cells: a lead, an optional `= value` assignment and an optional
 * trailing comment. Parallel arrays indexed by line, holding token indices (NONE for a missing cell).
 */
interface Lines {
  count: number;
  /** The line's first token, and the index after its last (the newline or line comment ending it included). */
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly assign: Int32Array;
  readonly comment: Int32Array;
  /** Brackets the line opens (negative: closes) as indentation counts them. */
  readonly indentNet: Int32Array;
  /** Display width of the lead, indentation included; computed only for lines with an assignment or comment. */
  readonly leadWidth: Int32Array;
  /** Display width of the assignment after the spaces before its `=`; computed only for lines with a comment. */
  readonly assignWidth: Int32Array;
}

export function layoutTokens(tokens: Tokens): void {
  const lines = splitLines(tokens);
  const indents: number[] = [];
  for (let line = 0; line < lines.count; line++) {
    indentLine(tokens, lines, line, indents);
    spaceLine(tokens, lines, line);
  }
  alignChains(tokens, lines, lines.assign, assignmentWidthBefore);
  alignChains(tokens, lines, lines.comment, commentWidthBefore);
}

const SPACES = Array.from({ length: 64 }, (_, n) => ' '.repeat(n));

/**
 * The text with each token preceded by its spaces. Runs of tokens whose spacing is unchanged are copied from
 * the source as one slice, so an already formatted document costs one slice rather than a piece per token.
 */
export function renderTokens(tokens: Tokens): string {
  const { text, count, starts, ends, spaces } = tokens;
  let out = '';
  let runStart = 0;
  let previousEnd = 0;
  for (let i = 0; i < count; i++) {
    const start = starts[i];
    const n = spaces[i];
    if (start - previousEnd !== n || !onlySpaces(text, previousEnd, start)) {
      out += text.slice(runStart, previousEnd) + (n < SPACES.length ? SPACES[n] : ' '.repeat(n));
      runStart = start;
    }
    previousEnd = ends[i];
  }
  return out + text.slice(runStart, previousEnd);
}

/**
 * renderTokens' text as its bytes, for a text whose characters are all ASCII (so each is one byte in UTF-8):
 * the CLI writes these bytes as they are, without building the text as strings first.
 */
export function renderAsciiBytes(tokens: Tokens): Uint8Array {
  const { text, count, starts, ends, spaces } = tokens;
  let size = 0;
  for (let i = 0; i < count; i++) size += spaces[i] + ends[i] - starts[i];
  const out = new Uint8Array(size);
  let o = 0;
  for (let i = 0; i < count; i++) {
    for (let n = spaces[i]; n > 0; n--) out[o++] = 32;
    for (let j = starts[i], end = ends[i]; j < end; j++) out[o++] = text.charCodeAt(j);
  }
  return out;
}

function onlySpaces(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 32) return false;
  return true;
}

/** Lines end after a newline token or a line comment; the last one ends before EOF. */
function splitLines(tokens: Tokens): Lines {
  const capacity = tokens.count + 1;
  const lines: Lines = {
    count: 0,
    start: new Int32Array(capacity),
    end: new Int32Array(capacity),
    assign: new Int32Array(capacity),
    comment: new Int32Array(capacity),
    indentNet: new Int32Array(capacity),
    leadWidth: new Int32Array(capacity),
    assignWidth: new Int32Array(capacity),
  };
  const { kinds, ends, text, count } = tokens;
  let lineStart = 0;
  let i = 0;
  for (; i < count; i++) {
    const kind = kinds[i];
    if (kind === Kind.EOF) break;
    // Newline tokens end a line; so do `#` and `//` comments, which own their terminating newline.
    if (kind === Kind.Newline || (kind === Kind.Comment && text.charCodeAt(ends[i] - 1) === 10)) {
      addLine(tokens, lines, lineStart, i + 1);
      lineStart = i + 1;
    }
  }
  addLine(tokens, lines, lineStart, i);
  return lines;
}

/**
 * Records one line's cells and the brackets it opens for indentation, in a single pass over its tokens (this
 * runs for every line before V8 has optimised it, so passes count).
 */
function addLine(tokens: Tokens, lines: Lines, start: number, end: number): void {
  const { kinds } = tokens;
  const line = lines.count++;
  lines.start[line] = start;
  lines.end[line] = end;
  let leadEnd = end;
  let comment = NONE;
  if (end - start > 1 && kinds[end - 1] === Kind.Comment) {
    comment = end - 1;
    leadEnd = comment;
  }
  // Brackets opened up to each point: all of them, and those before the line's first heredoc ends the count
  // for indentation (its body is not the line's).
  let net = 0;
  let indentNet = 0;
  let inHeredoc = false;
  let equal = NONE;
  let netAtEqual = 0;
  let indentNetAtEqual = 0;
  for (let i = start; i < leadEnd; i++) {
    const kind = kinds[i];
    if (kind === Kind.Equal && equal === NONE && i > start) {
      equal = i;
      netAtEqual = net;
      indentNetAtEqual = indentNet;
    }
    const change = BRACKET_CHANGE[kind];
    net += change;
    if (!inHeredoc) {
      indentNet += change;
      inHeredoc = kind === Kind.OHeredoc;
    }
  }
  // Only a complete expression after the first `=` takes part in alignment; an opening bracket starts a
  // multi-line value. A complete one opens nothing, so the lead alone decides the indentation.
  const assign = equal !== NONE && net === netAtEqual ? equal : NONE;
  lines.assign[line] = assign;
  lines.comment[line] = comment;
  lines.indentNet[line] = assign === NONE ? indentNet : indentNetAtEqual;
}

/** Where the lead ends: at the assignment, the comment or the end of the line. */
function leadEnd(lines: Lines, line: number): number {
  const assign = lines.assign[line];
  if (assign !== NONE) return assign;
  const comment = lines.comment[line];
  return comment !== NONE ? comment : lines.end[line];
}

function assignEnd(lines: Lines, line: number): number {
  const comment = lines.comment[line];
  return comment !== NONE ? comment : lines.end[line];
}

/** `indents` holds, per indent level, how many brackets it opened, so asymmetric lines unwind sensibly. */
function indentLine(tokens: Tokens, lines: Lines, line: number, indents: number[]): void {
  const { kinds, spaces } = tokens;
  const first = lines.start[line];
  const lead = leadEnd(lines, line);
  if (first === lead) return;
  if (kinds[first] === Kind.Newline) {
    spaces[first] = 0;
    return;
  }
  const net = lines.indentNet[line];
  if (net > 0) {
    spaces[first] = 2 * indents.length;
    indents.push(net);
    return;
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
  spaces[first] = 2 * indents.length;
}

/** Spaces inside the lead and the assignment, then the widths that alignment needs. */
function spaceLine(tokens: Tokens, lines: Lines, line: number): void {
  const first = lines.start[line];
  const lead = leadEnd(lines, line);
  spaceCell(tokens, first, lead);
  const assign = lines.assign[line];
  const comment = lines.comment[line];
  if (assign !== NONE) {
    // The `=` is always separated from what it assigns to; alignment widens this later.
    tokens.spaces[assign] = 1;
    spaceCell(tokens, assign, assignEnd(lines, line));
  }
  if (assign === NONE && comment === NONE) return;
  lines.leadWidth[line] = columns(tokens, first, lead);
  if (assign !== NONE && comment !== NONE) lines.assignWidth[line] = columns(tokens, assign, comment) - tokens.spaces[assign];
}

/** The spacing between the tokens of one cell, `from` up to `to`. */
function spaceCell(tokens: Tokens, from: number, to: number): void {
  const { kinds, spaces } = tokens;
  let before: Kind = Kind.EOF;
  for (let i = from; i + 1 < to; i++) {
    const subject: Kind = kinds[i];
    // The kind pair decides, except for the two rules that look further (see spacingRule).
    const rule = SPACING[subject * KINDS + kinds[i + 1]];
    let space = rule & YES;
    if (rule & IN_RULE) {
      if (before === Kind.Ident && isIn(tokens, i)) space = YES;
    } else if (rule & MINUS_RULE) {
      space = NEGATING[before] ? NO : YES;
    }
    spaces[i + 1] = space;
    before = subject;
  }
}

function assignmentWidthBefore(_tokens: Tokens, lines: Lines, line: number): number {
  return lines.leadWidth[line];
}

function commentWidthBefore(tokens: Tokens, lines: Lines, line: number): number {
  const assign = lines.assign[line];
  return lines.leadWidth[line] + (assign === NONE ? 0 : tokens.spaces[assign] + lines.assignWidth[line]);
}

/**
 * Consecutive lines that all have the cell (`cells`: its token per line, or NONE) are aligned one column past
 * the widest content before it.
 */
function alignChains(tokens: Tokens, lines: Lines, cells: Int32Array, widthBefore: (tokens: Tokens, lines: Lines, line: number) => number): void {
  let chainStart = NONE;
  let widest = 0;
  for (let line = 0; line <= lines.count; line++) {
    if (line < lines.count && cells[line] !== NONE) {
      if (chainStart === NONE) chainStart = line;
      widest = Math.max(widest, widthBefore(tokens, lines, line));
      continue;
    }
    if (chainStart === NONE) continue;
    for (let l = chainStart; l < line; l++) tokens.spaces[cells[l]] = widest - widthBefore(tokens, lines, l) + 1;
    chainStart = NONE;
    widest = 0;
  }
}

let segmenter: Intl.Segmenter | undefined;

/** Display width as hclwrite counts it: spaces plus grapheme clusters. */
function columns(tokens: Tokens, from: number, to: number): number {
  const { text, starts, ends, spaces } = tokens;
  let n = 0;
  for (let i = from; i < to; i++) n += spaces[i] + tokenWidth(text, starts[i], ends[i]);
  return n;
}

function tokenWidth(text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      // Created on first use: most documents are printable ASCII, where a character is a column.
      segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
      let n = 0;
      for (const _ of segmenter.segment(text.slice(start, end))) n++;
      return n;
    }
  }
  return end - start;
}

function isMinusNegation(before: Kind): boolean {
  switch (before) {
    case Kind.EOF: // start of the cell
    case Kind.OParen:
    case Kind.OBrace:
    case Kind.OBrack:
    case Kind.Equal:
    case Kind.Colon:
    case Kind.Comma:
    case Kind.Question:
    case Kind.Plus:
    case Kind.Star:
    case Kind.Slash:
    case Kind.Percent:
    case Kind.Minus:
    case Kind.EqualOp:
    case Kind.NotEqual:
    case Kind.GreaterThan:
    case Kind.GreaterThanEq:
    case Kind.LessThan:
    case Kind.LessThanEq:
    case Kind.And:
    case Kind.Or:
    case Kind.Bang:
      return true;
    default:
      return false;
  }
}

/** Whether token `subject` is the identifier `in`. */
function isIn(tokens: Tokens, subject: number): boolean {
  const start = tokens.starts[subject];
  return tokens.ends[subject] - start === 2 && tokens.text.charCodeAt(start) === 105 && tokens.text.charCodeAt(start + 1) === 110;
}

/** A spacing rule's answer: a space or none, or one of the two rules that also look at the tokens around. */
const NO = 0;
const YES = 1;
/** A space after the identifier `in` that follows an identifier; otherwise the rest of the answer. */
const IN_RULE = 2;
/** A space after `-` unless it negates, which the token before it tells. */
const MINUS_RULE = 4;

/**
 * hclwrite's spacing rule for the gap between a `subject` token and the token `after` it, in hclwrite's order of
 * precedence, as far as the two kinds decide it.
 */
function spacingRule(s: Kind, a: Kind): number {
  if (a === Kind.Newline) return NO;
  if (s === Kind.Ident && a === Kind.OParen) return NO;
  if (s === Kind.Dot || a === Kind.Dot) return NO;
  if (a === Kind.Comma || a === Kind.Ellipsis) return NO;
  if (s === Kind.Comma) return YES;
  if (s === Kind.QuotedLit || s === Kind.StringLit || s === Kind.OQuote || s === Kind.OHeredoc) return NO;
  if (a === Kind.QuotedLit || a === Kind.StringLit || a === Kind.CQuote || a === Kind.CHeredoc) return NO;
  // `for x in [a, b]`: keep `in` apart from a tuple even though it looks like an indexed name.
  if (s === Kind.Ident) return IN_RULE | laterSpacingRule(s, a);
  return laterSpacingRule(s, a);
}

function laterSpacingRule(s: Kind, a: Kind): number {
  if (a === Kind.OBrack && (s === Kind.Ident || s === Kind.NumberLit || bracketChange(s) < 0)) return NO;
  if (s === Kind.Bang) return NO;
  if (s === Kind.Minus) return MINUS_RULE;
  if (s === Kind.OBrace || a === Kind.CBrace) return s === Kind.OBrace && a === Kind.CBrace ? NO : YES;
  if ((s === Kind.TemplateInterp || s === Kind.TemplateControl) && a === Kind.OBrace) return YES;
  if (s === Kind.CBrace && a === Kind.TemplateSeqEnd) return YES;
  if (s === Kind.TemplateSeqEnd && (a === Kind.TemplateInterp || a === Kind.TemplateControl)) return NO;
  if (bracketChange(s) > 0) return NO;
  if (bracketChange(a) < 0) return NO;
  return YES;
}

const KINDS = Kind.Invalid + 1;

/** isMinusNegation by kind. */
const NEGATING = new Uint8Array(KINDS);
for (let k = 0; k < KINDS; k++) NEGATING[k] = isMinusNegation(k) ? 1 : 0;

/** spacingRule for every pair of kinds (subject * KINDS + after): one lookup per gap instead of a dozen tests. */
const SPACING = new Uint8Array(KINDS * KINDS);
for (let s = 0; s < KINDS; s++) for (let a = 0; a < KINDS; a++) SPACING[s * KINDS + a] = spacingRule(s, a);
