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
import type { FormatToken, TokenKind } from './tokens.js';

/** Far below the converter's nesting limit, so a plain document can never hit it. */
const MAX_DEPTH = 100;

const BINARY: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'Plus',
  'Minus',
  'Star',
  'Slash',
  'Percent',
  'EqualOp',
  'NotEqual',
  'LessThan',
  'LessThanEq',
  'GreaterThan',
  'GreaterThanEq',
  'And',
  'Or',
]);

const SIMPLE_NUMBER = /^[0-9]+(\.[0-9]+)?$/;
/** Quoted-string text with only the escapes HCL accepts (`\n \r \t \" \\ \uNNNN \UNNNNNNNN`). */
const VALID_QUOTED = /^(?:[^\\]|\\[nrt"\\]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*$/;

class NotPlain extends Error {}

class Checker {
  private i = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly FormatToken[]) {}

  document(): void {
    this.body(false);
    this.expect('EOF');
  }

  /** The current token's kind (a method, so that TypeScript does not narrow it across `this.i++`). */
  private at(): TokenKind {
    return this.tokens[this.i]?.kind ?? 'EOF';
  }

  private peek(ahead: number): TokenKind {
    return this.tokens[this.i + ahead]?.kind ?? 'EOF';
  }

  private expect(kind: TokenKind): FormatToken {
    const t = this.tokens[this.i];
    if (!t || t.kind !== kind) throw new NotPlain();
    this.i++;
    return t;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new NotPlain();
  }

  /** Items, blank lines and whole-line `#`/`//` comments, up to `}` (nested) or the end of the file. */
  private body(nested: boolean): void {
    for (;;) {
      const k = this.at();
      if (k === 'Newline' || this.atLineComment()) this.i++;
      else if (k === 'Ident') this.item();
      else if (k === 'CBrace' && nested) return;
      else if (k === 'EOF' && !nested) return;
      else throw new NotPlain();
    }
  }

  private atLineComment(): boolean {
    const t = this.tokens[this.i];
    return t !== undefined && t.kind === 'Comment' && t.text.endsWith('\n');
  }

  /** The end of an attribute or block line: a newline, a line comment, or the end of the file. */
  private endOfLine(): void {
    if (this.at() === 'Newline' || this.atLineComment()) this.i++;
    else if (this.at() !== 'EOF') throw new NotPlain();
  }

  private item(): void {
    this.i++; // the name
    if (this.at() === 'Equal') {
      this.i++;
      if (this.at() === 'OHeredoc') this.heredoc();
      else {
        this.expression();
        this.endOfLine();
      }
      return;
    }
    while (this.at() === 'Ident' || this.at() === 'OQuote') {
      if (this.at() === 'Ident') this.i++;
      else this.plainString();
    }
    this.expect('OBrace');
    this.enter();
    if (this.at() === 'CBrace') {
      this.i++;
    } else {
      this.endOfLine();
      this.body(true);
      this.expect('CBrace');
    }
    this.depth--;
    this.endOfLine();
  }

  /** `<<EOT` … `EOT` with literal lines and interpolations; the scanner has checked the closing marker. */
  private heredoc(): void {
    this.i++;
    for (;;) {
      const k = this.at();
      if (k === 'StringLit') this.i++;
      else if (k === 'TemplateInterp') this.interpolation();
      else break;
    }
    this.expect('CHeredoc');
    this.expect('Newline');
  }

  /** A label or object key: a quoted string without interpolations. */
  private plainString(): void {
    this.expect('OQuote');
    if (this.at() === 'QuotedLit') this.quotedLiteral();
    this.expect('CQuote');
  }

  private quotedLiteral(): void {
    if (!VALID_QUOTED.test(this.expect('QuotedLit').text)) throw new NotPlain();
  }

  private template(): void {
    this.expect('OQuote');
    for (;;) {
      const k = this.at();
      if (k === 'QuotedLit') this.quotedLiteral();
      else if (k === 'TemplateInterp') this.interpolation();
      else break;
    }
    this.expect('CQuote');
  }

  /** `${ expr }` without strip markers. */
  private interpolation(): void {
    if (this.expect('TemplateInterp').text !== '${') throw new NotPlain();
    this.enter();
    this.expression();
    if (this.expect('TemplateSeqEnd').text !== '}') throw new NotPlain();
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
    while (BINARY.has(this.at())) {
      this.i++;
      this.enter();
      this.operand();
    }
    if (this.at() === 'Question') {
      this.i++;
      this.expression();
      this.expect('Colon');
      this.expression();
    }
    this.depth = depth;
  }

  /** One optional unary `-` or `!`, a primary expression, then its traversals. */
  private operand(): void {
    if (this.at() === 'Minus' || this.at() === 'Bang') this.i++;
    this.primary();
    this.traversals();
  }

  private primary(): void {
    const t = this.tokens[this.i];
    if (!t) throw new NotPlain();
    switch (t.kind) {
      case 'NumberLit':
        if (!SIMPLE_NUMBER.test(t.text)) throw new NotPlain();
        this.i++;
        return;
      case 'OQuote':
        this.template();
        return;
      case 'Ident':
        this.i++;
        if (this.at() === 'OParen') this.call();
        return;
      case 'OBrack':
        this.tuple();
        return;
      case 'OBrace':
        this.object();
        return;
      case 'OParen':
        this.i++;
        this.expression();
        this.expect('CParen');
        return;
      default:
        throw new NotPlain();
    }
  }

  /** `.name`, `.0` and `[expr]` after an operand. */
  private traversals(): void {
    for (;;) {
      if (this.at() === 'Dot' && (this.peek(1) === 'Ident' || (this.peek(1) === 'NumberLit' && /^[0-9]+$/.test(this.tokens[this.i + 1]?.text ?? '')))) {
        this.i += 2;
      } else if (this.at() === 'OBrack' && this.peek(1) !== 'Star') {
        this.i++;
        this.expression();
        this.expect('CBrack');
      } else {
        return;
      }
    }
  }

  /** Newlines and line comments are allowed between the elements of a bracketed list. */
  private skipLines(): void {
    while (this.at() === 'Newline' || this.atLineComment()) this.i++;
  }

  private call(): void {
    this.expect('OParen');
    this.list('CParen', () => this.expression(), true);
  }

  private tuple(): void {
    this.expect('OBrack');
    if (this.at() === 'Ident' && this.tokens[this.i]?.text === 'for') throw new NotPlain();
    this.list('CBrack', () => this.expression(), false);
  }

  /**
   * Comma-separated elements up to `close`, newlines only after `(`/`[`/`,` and before the close; tuples take
   * one trailing comma, calls take `...` after their last argument instead.
   */
  private list(close: TokenKind, element: () => void, call: boolean): void {
    this.enter();
    this.skipLines();
    while (this.at() !== close) {
      element();
      if (call && this.at() === 'Ellipsis') {
        this.i++;
        this.skipLines();
        break;
      }
      if (this.at() !== 'Comma') {
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
    this.expect('OBrace');
    if (this.at() === 'Ident' && this.tokens[this.i]?.text === 'for') throw new NotPlain();
    this.enter();
    this.skipLines();
    while (this.at() !== 'CBrace') {
      if (this.at() === 'Ident') this.i++;
      else this.plainString();
      if (this.at() !== 'Equal' && this.at() !== 'Colon') throw new NotPlain();
      this.i++;
      this.expression();
      if (this.at() === 'Comma') this.i++;
      else if (this.at() !== 'Newline' && !this.atLineComment() && this.at() !== 'CBrace') throw new NotPlain();
      this.skipLines();
    }
    this.expect('CBrace');
    this.depth--;
  }
}

/** Whether `tokens` (scanTokens' output, ending with EOF) are a plainly valid HCL document. */
export function isPlainHcl(tokens: readonly FormatToken[]): boolean {
  try {
    new Checker(tokens).document();
    return true;
  } catch (e) {
    if (e instanceof NotPlain) return false;
    throw e;
  }
}
