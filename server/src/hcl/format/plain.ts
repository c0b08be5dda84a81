/**
 * A fast yes/no check that a document is plainly valid HCL, on the formatter's own tokens (scan.ts).
 *
 * Formatting needs to know that a document has no syntax error (packer fmt refuses those); the parser answers
 * that, but building a tree-sitter tree and converting it costs ~50× more than scanning. This checker accepts
 * only a conservative subset of the language — bodies of attributes and multi-line blocks; literals, quoted
 * templates with `${}` interpolations and valid escapes, heredocs as whole attribute values, variables with
 * attribute/index traversals, function calls, tuples, objects, unary/binary/conditional operators — and says
 * "not plain" for everything else (template directives, strip markers, `for` expressions, splats, inline
 * blocks, block comments...). A plain document has no syntax diagnostics; a document that is not plain is
 * simply parsed, so the answer only ever chooses the faster of two ways to the same result.
 */
import { Kind, type Tokens } from './tokens.js';

/** Far below the converter's nesting limit, so a plain document can never hit it. */
const MAX_DEPTH = 100;

function isBinary(kind: Kind): boolean {
  switch (kind) {
    case Kind.Plus:
    case Kind.Minus:
    case Kind.Star:
    case Kind.Slash:
    case Kind.Percent:
    case Kind.EqualOp:
    case Kind.NotEqual:
    case Kind.LessThan:
    case Kind.LessThanEq:
    case Kind.GreaterThan:
    case Kind.GreaterThanEq:
    case Kind.And:
    case Kind.Or:
      return true;
    default:
      return false;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** `[0-9]+`, then `.[0-9]+` if `fraction` allows it. */
function isSimpleNumber(text: string, start: number, end: number, fraction: boolean): boolean {
  let i = start;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  if (i === start) return false;
  if (i === end) return true;
  if (!fraction || text.charCodeAt(i) !== 46) return false;
  const fractionStart = ++i;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  return i === end && i > fractionStart;
}

/** Quoted-string text with only the escapes HCL accepts (`\n \r \t \" \\ \uNNNN \UNNNNNNNN`). */
function hasValidEscapes(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) !== 92) continue;
    if (++i >= end) return false;
    const c = text.charCodeAt(i);
    if (c === 110 || c === 114 || c === 116 || c === 34 || c === 92) continue;
    const digits = c === 117 ? 4 : c === 85 ? 8 : 0;
    if (digits === 0 || i + digits >= end) return false;
    for (let d = 1; d <= digits; d++) if (!isHexDigit(text.charCodeAt(i + d))) return false;
    i += digits;
  }
  return true;
}

class NotPlain extends Error {}

class Checker {
  private i = 0;
  private depth = 0;
  private readonly kinds: Uint8Array;
  private readonly count: number;

  constructor(private readonly tokens: Tokens) {
    this.kinds = tokens.kinds;
    this.count = tokens.count;
  }

  document(): void {
    this.body(false);
    this.expect(Kind.EOF);
  }

  /** The current token's kind (a method, so that TypeScript does not narrow it across `this.i++`). */
  private at(): Kind {
    return this.i < this.count ? this.kinds[this.i] : Kind.EOF;
  }

  private peek(ahead: number): Kind {
    const i = this.i + ahead;
    return i < this.count ? this.kinds[i] : Kind.EOF;
  }

  /** Moves past a token of the given kind and returns its index. */
  private expect(kind: Kind): number {
    if (this.i >= this.count || this.kinds[this.i] !== kind) throw new NotPlain();
    return this.i++;
  }

  private length(token: number): number {
    return this.tokens.ends[token] - this.tokens.starts[token];
  }

  /** Whether the current token is an identifier spelled `word`. */
  private atWord(word: string): boolean {
    if (this.at() !== Kind.Ident || this.length(this.i) !== word.length) return false;
    return this.tokens.text.startsWith(word, this.tokens.starts[this.i]);
  }

  private isSimpleNumber(token: number, fraction: boolean): boolean {
    return isSimpleNumber(this.tokens.text, this.tokens.starts[token], this.tokens.ends[token], fraction);
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new NotPlain();
  }
  /** Items, blank lines and whole-line `#`/`//` comments, up to `}` (nested) or the end of the file. */
  private body(nested: boolean): void {
    for (;;) {
      const k = this.at();
      if (k === Kind.Newline || this.atLineComment()) this.i++;
      else if (k === Kind.Ident) this.item();
      else if (k === Kind.CBrace && nested) return;
      else if (k === Kind.EOF && !nested) return;
      else throw new NotPlain();
    }
  }

  private atLineComment(): boolean {
    return this.at() === Kind.Comment && this.tokens.text.charCodeAt(this.tokens.ends[this.i] - 1) === 10;
  }

  /** The end of an attribute or block line: a newline, a line comment, or the end of the file. */
  private endOfLine(): void {
    const k = this.at();
    if (k === Kind.Newline || this.atLineComment()) this.i++;
    else if (k !== Kind.EOF) throw new NotPlain();
  }

  private item(): void {
    this.i++; // the name
    if (this.at() === Kind.Equal) {
      this.i++;
      if (this.at() === Kind.OHeredoc) this.heredoc();
      else {
        this.expression();
        this.endOfLine();
      }
      return;
    }
    for (let k = this.at(); k === Kind.Ident || k === Kind.OQuote; k = this.at()) {
      if (k === Kind.Ident) this.i++;
      else this.plainString();
    }
    this.expect(Kind.OBrace);
    this.enter();
    if (this.at() === Kind.CBrace) {
      this.i++;
    } else {
      this.endOfLine();
      this.body(true);
      this.expect(Kind.CBrace);
    }
    this.depth--;
    this.endOfLine();
  }

  /** `<<EOT` … `EOT` with literal lines and interpolations; the scanner has checked the closing marker. */
  private heredoc(): void {
    this.i++;
    for (;;) {
      const k = this.at();
      if (k === Kind.StringLit) this.i++;
      else if (k === Kind.TemplateInterp) this.interpolation();
      else break;
    }
    this.expect(Kind.CHeredoc);
    this.expect(Kind.Newline);
  }

  /** A label or object key: a quoted string without interpolations. */
  private plainString(): void {
    this.expect(Kind.OQuote);
    if (this.at() === Kind.QuotedLit) this.quotedLiteral();
    this.expect(Kind.CQuote);
  }

  private quotedLiteral(): void {
    const t = this.expect(Kind.QuotedLit);
    if (!hasValidEscapes(this.tokens.text, this.tokens.starts[t], this.tokens.ends[t])) throw new NotPlain();
  }

  private template(): void {
    this.expect(Kind.OQuote);
    for (;;) {
      const k = this.at();
      if (k === Kind.QuotedLit) this.quotedLiteral();
      else if (k === Kind.TemplateInterp) this.interpolation();
      else break;
    }
    this.expect(Kind.CQuote);
  }

  /** `${ expr }` without strip markers. */
  private interpolation(): void {
    if (this.length(this.expect(Kind.TemplateInterp)) !== 2) throw new NotPlain(); // `${~` strips
    this.enter();
    this.expression();
    if (this.length(this.expect(Kind.TemplateSeqEnd)) !== 1) throw new NotPlain(); // `~}` strips
    this.depth--;
  }

  /**
   * operand (binary-operator operand)* [? expression : expression], on one line. Each operator nests the tree
   * one level deeper, so it counts towards the depth.
   */
  private expression(): void {
    const depth = this.depth;
    this.enter();
    this.operand();
    while (isBinary(this.at())) {
      this.i++;
      this.enter();
      this.operand();
    }
    if (this.at() === Kind.Question) {
      this.i++;
      this.expression();
      this.expect(Kind.Colon);
      this.expression();
    }
    this.depth = depth;
  }

  /** One optional unary `-` or `!`, a primary expression, then its traversals. */
  private operand(): void {
    const k = this.at();
    if (k === Kind.Minus || k === Kind.Bang) this.i++;
    this.primary();
    this.traversals();
  }

  private primary(): void {
    switch (this.at()) {
      case Kind.NumberLit:
        if (!this.isSimpleNumber(this.i, true)) throw new NotPlain();
        this.i++;
        return;
      case Kind.OQuote:
        this.template();
        return;
      case Kind.Ident:
        this.i++;
        if (this.at() === Kind.OParen) this.call();
        return;
      case Kind.OBrack:
        this.tuple();
        return;
      case Kind.OBrace:
        this.object();
        return;
      case Kind.OParen:
        this.i++;
        this.expression();
        this.expect(Kind.CParen);
        return;
      default:
        throw new NotPlain();
    }
  }

  /** `.name`, `.0` and `[expr]` after an operand. */
  private traversals(): void {
    for (;;) {
      const k = this.at();
      if (k === Kind.Dot && (this.peek(1) === Kind.Ident || (this.peek(1) === Kind.NumberLit && this.isSimpleNumber(this.i + 1, false)))) {
        this.i += 2;
      } else if (k === Kind.OBrack && this.peek(1) !== Kind.Star) {
        this.i++;
        this.expression();
        this.expect(Kind.CBrack);
      } else {
        return;
      }
    }
  }

  /** Newlines and line comments are allowed between the elements of a bracketed list. */
  private skipLines(): void {
    while (this.at() === Kind.Newline || this.atLineComment()) this.i++;
  }

  private call(): void {
    this.expect(Kind.OParen);
    this.list(Kind.CParen, true);
  }

  private tuple(): void {
    this.expect(Kind.OBrack);
    if (this.atWord('for')) throw new NotPlain();
    this.list(Kind.CBrack, false);
  }

  /**
   * Comma-separated elements up to `close`, newlines only after `(`/`[`/`,` and before the close; tuples take
   * one trailing comma, calls take `...` after their last argument instead.
   */
  private list(close: Kind, call: boolean): void {
    this.enter();
    this.skipLines();
    while (this.at() !== close) {
      this.expression();
      if (call && this.at() === Kind.Ellipsis) {
        this.i++;
        this.skipLines();
        break;
      }
      if (this.at() !== Kind.Comma) {
        this.skipLines();
        break;
      }
      this.i++;
      this.skipLines();
      if (call && this.at() === close) throw new NotPlain();
    }
    this.expect(close);
    this.depth--;
  }

  /** `{ key = value, … }` with one element per line or comma-separated; keys are names or plain strings. */
  private object(): void {
    this.expect(Kind.OBrace);
    if (this.atWord('for')) throw new NotPlain();
    this.enter();
    this.skipLines();
    while (this.at() !== Kind.CBrace) {
      if (this.at() === Kind.Ident) this.i++;
      else this.plainString();
      if (this.at() !== Kind.Equal && this.at() !== Kind.Colon) throw new NotPlain();
      this.i++;
      this.expression();
      if (this.at() === Kind.Comma) this.i++;
      else if (this.at() !== Kind.Newline && !this.atLineComment() && this.at() !== Kind.CBrace) throw new NotPlain();
      this.skipLines();
    }
    this.expect(Kind.CBrace);
    this.depth--;
  }
}

/** Whether `tokens` (scanTokens' output, ending with EOF) are a plainly valid HCL document. */
export function isPlainHcl(tokens: Tokens): boolean {
  try {
    new Checker(tokens).document();
    return true;
  } catch (e) {
    if (e instanceof NotPlain) return false;
    throw e;
  }
}
