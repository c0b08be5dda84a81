/**
 * Splits HCL native syntax into the tokens hclsyntax's scanner produces (same kinds, same boundaries), which is
 * what hclwrite's formatting rules are defined on.
 *
 * Why a scanner and not the leaves of the tree-sitter tree: walking a web-tree-sitter tree costs about a
 * microsecond per node (every step crosses into wasm), which made a 400 KB template take ~0.8 s to format;
 * scanning the text takes a few milliseconds. The tree is still the one and only parse: it (through the
 * parser's diagnostics) decides whether a document is valid, and this scanner only runs on valid documents
 * or, for range formatting, on lines away from syntax errors.
 */
import type { FormatToken, TokenKind } from './tokens.js';

export interface ScannedTokens {
  /** Every token in source order, ending with an EOF token. */
  readonly tokens: FormatToken[];
  /** Offsets of text hclsyntax's scanner would reject (it would report them as invalid characters). */
  readonly invalidOffsets: number[];
}

const enum Ch {
  Tab = 9,
  LF = 10,
  CR = 13,
  Space = 32,
  Bang = 33,
  Quote = 34,
  Hash = 35,
  Dollar = 36,
  Percent = 37,
  Amp = 38,
  Star = 42,
  Plus = 43,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Digit0 = 48,
  Digit9 = 57,
  Lt = 60,
  Eq = 61,
  Gt = 62,
  Backslash = 92,
  Underscore = 95,
  LBrace = 123,
  Pipe = 124,
  RBrace = 125,
  Tilde = 126,
}

const SINGLE: ReadonlyMap<number, TokenKind> = new Map<number, TokenKind>([
  [91, 'OBrack'],
  [93, 'CBrack'],
  [40, 'OParen'],
  [41, 'CParen'],
  [Ch.Star, 'Star'],
  [Ch.Slash, 'Slash'],
  [Ch.Plus, 'Plus'],
  [Ch.Minus, 'Minus'],
  [Ch.Percent, 'Percent'],
  [Ch.Eq, 'Equal'],
  [Ch.Lt, 'LessThan'],
  [Ch.Gt, 'GreaterThan'],
  [Ch.Bang, 'Bang'],
  [Ch.Dot, 'Dot'],
  [44, 'Comma'],
  [63, 'Question'],
  [58, 'Colon'],
]);

const DOUBLE: ReadonlyMap<string, TokenKind> = new Map<string, TokenKind>([
  ['==', 'EqualOp'],
  ['!=', 'NotEqual'],
  ['>=', 'GreaterThanEq'],
  ['<=', 'LessThanEq'],
  ['&&', 'And'],
  ['||', 'Or'],
  ['=>', 'FatArrow'],
]);

/** The first characters of DOUBLE's operators, checked before slicing out a two-character key. */
function isDoubleStart(c: number): boolean {
  return c === Ch.Eq || c === Ch.Bang || c === Ch.Gt || c === Ch.Lt || c === Ch.Amp || c === Ch.Pipe;
}

const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}-]/u;

function isAsciiIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === Ch.Underscore;
}

function isAsciiIdentContinue(c: number): boolean {
  return isAsciiIdentStart(c) || (c >= Ch.Digit0 && c <= Ch.Digit9) || c === Ch.Minus;
}

function isDigit(c: number): boolean {
  return c >= Ch.Digit0 && c <= Ch.Digit9;
}

type Mode = { readonly kind: 'main' } | { readonly kind: 'quoted' } | { readonly kind: 'heredoc'; readonly marker: string; startOfLine: boolean };

class Scanner {
  readonly tokens: FormatToken[] = [];
  readonly invalidOffsets: number[] = [];
  private pos = 0;
  private spaces = 0;
  private braces = 0;
  /** Brace depths at which a `}` closes a template interpolation or directive rather than an object. */
  private readonly returnBraces: number[] = [];
  private readonly modes: Mode[] = [{ kind: 'main' }];

  constructor(private readonly text: string) {}

  run(): ScannedTokens {
    if (this.text.charCodeAt(0) === 0xfeff) {
      // hclsyntax drops a leading byte order mark but still counts its three UTF-8 bytes as spacing.
      this.spaces = 3;
      this.pos = 1;
    }
    while (this.pos < this.text.length) {
      const mode = this.modes[this.modes.length - 1];
      if (mode.kind === 'main') this.scanMain();
      else if (mode.kind === 'quoted') this.scanQuoted();
      else this.scanHeredoc(mode);
    }
    this.emit('EOF', this.pos, this.pos);
    return { tokens: this.tokens, invalidOffsets: this.invalidOffsets };
  }

  private emit(kind: TokenKind, start: number, end: number): void {
    if (kind === 'Invalid') this.invalidOffsets.push(start);
    this.tokens.push({ kind, text: this.text.slice(start, end), offset: start, spacesBefore: this.spaces });
    this.spaces = 0;
  }

  private code(at: number): number {
    return this.text.charCodeAt(at);
  }

  private newlineLength(at: number): number {
    const c = this.code(at);
    if (c === Ch.LF) return 1;
    if (c === Ch.CR && this.code(at + 1) === Ch.LF) return 2;
    return 0;
  }

  private scanMain(): void {
    const text = this.text;
    const start = this.pos;
    const c = this.code(start);
    if (c === Ch.Space || c === Ch.Tab) {
      let end = start + 1;
      for (let n = this.code(end); n === Ch.Space || n === Ch.Tab; n = this.code(end)) end++;
      this.spaces += end - start;
      this.pos = end;
      return;
    }
    const nl = this.newlineLength(start);
    if (nl > 0) return this.take('Newline', nl);
    if (isDigit(c)) return this.scanNumber();
    if (isAsciiIdentStart(c) || (c > 127 && ID_START.test(String.fromCodePoint(text.codePointAt(start)!)))) {
      return this.scanIdent();
    }
    if (c === Ch.Hash || (c === Ch.Slash && this.code(start + 1) === Ch.Slash)) return this.scanLineComment();
    if (c === Ch.Slash && this.code(start + 1) === Ch.Star) {
      const close = text.indexOf('*/', start + 2);
      if (close >= 0) return this.take('Comment', close + 2 - start);
    }
    if (c === Ch.Quote) {
      this.take('OQuote', 1);
      this.modes.push({ kind: 'quoted' });
      return;
    }
    if (c === Ch.Lt && this.code(start + 1) === Ch.Lt && this.scanHeredocOpener()) return;
    if (c === Ch.LBrace) {
      this.braces++;
      return this.take('OBrace', 1);
    }
    if (c === Ch.RBrace) return this.closeBrace(1);
    if (c === Ch.Tilde && this.code(start + 1) === Ch.RBrace) return this.closeBrace(2);
    if (c === Ch.Dot && text.startsWith('...', start)) return this.take('Ellipsis', 3);
    const double = isDoubleStart(c) ? DOUBLE.get(text.slice(start, start + 2)) : undefined;
    if (double) return this.take(double, 2);
    const single = SINGLE.get(c);
    if (single) return this.take(single, 1);
    // Anything else (`@`, a lone `&`, `$`, unicode spaces...) is not HCL.
    this.take('Invalid', c >= 0xd800 && c <= 0xdbff ? 2 : 1);
  }

  private take(kind: TokenKind, length: number): void {
    this.emit(kind, this.pos, this.pos + length);
    this.pos += length;
  }

  /** `}` (or `~}`) ends a template sequence when it balances the `${`/`%{` that opened it. */
  private closeBrace(length: number): void {
    const top = this.returnBraces[this.returnBraces.length - 1];
    const endsSequence = top === this.braces;
    this.braces--;
    if (endsSequence) {
      this.returnBraces.pop();
      this.modes.pop();
      this.take('TemplateSeqEnd', length);
    } else {
      // A `~}` closing an object is still a sequence end to hclsyntax, which then reports the mismatch.
      this.take(length === 2 ? 'TemplateSeqEnd' : 'CBrace', length);
    }
  }

  private scanNumber(): void {
    let end = this.pos + 1;
    for (;;) {
      const c = this.code(end);
      if (isDigit(c) || c === Ch.Dot) {
        end++;
      } else if (c === 101 || c === 69) {
        let exp = end + 1;
        const sign = this.code(exp);
        if (sign === Ch.Plus || sign === Ch.Minus) exp++;
        if (!isDigit(this.code(exp))) break;
        end = exp + 1;
      } else {
        break;
      }
    }
    // A number never ends with a dot: `a.0.b` is `0` followed by `.b`.
    while (this.code(end - 1) === Ch.Dot) end--;
    this.take('NumberLit', end - this.pos);
  }

  private scanIdent(): void {
    const text = this.text;
    let end = this.pos + (text.codePointAt(this.pos)! > 0xffff ? 2 : 1);
    for (;;) {
      const c = this.code(end);
      if (isAsciiIdentContinue(c)) {
        end++;
        continue;
      }
      if (c > 127) {
        const cp = text.codePointAt(end)!;
        if (ID_CONTINUE.test(String.fromCodePoint(cp))) {
          end += cp > 0xffff ? 2 : 1;
          continue;
        }
      }
      break;
    }
    this.take('Ident', end - this.pos);
  }

  /** `#` and `//` comments own their terminating newline, which is what makes them end a line for hclwrite. */
  private scanLineComment(): void {
    const lf = this.text.indexOf('\n', this.pos);
    this.take('Comment', (lf < 0 ? this.text.length : lf + 1) - this.pos);
  }

  /** `<<EOT` or `<<-EOT` directly followed by a newline; the token includes that newline. */
  private scanHeredocOpener(): boolean {
    const text = this.text;
    let i = this.pos + 2;
    if (this.code(i) === Ch.Minus) i++;
    const markerStart = i;
    const first = text.codePointAt(i);
    if (first === undefined || !(isAsciiIdentStart(first) || (first > 127 && ID_START.test(String.fromCodePoint(first))))) return false;
    i += first > 0xffff ? 2 : 1;
    while (i < text.length) {
      const c = this.code(i);
      if (isAsciiIdentContinue(c)) i++;
      else if (c > 127 && ID_CONTINUE.test(String.fromCodePoint(text.codePointAt(i)!))) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
      else break;
    }
    const nl = this.newlineLength(i);
    if (nl === 0) return false;
    const marker = text.slice(markerStart, i);
    this.take('OHeredoc', i + nl - this.pos);
    this.modes.push({ kind: 'heredoc', marker, startOfLine: true });
    return true;
  }

  /** `${`, `${~`, `%{`, `%{~` start a template sequence scanned in main mode until its closing brace. */
  private scanSequenceStart(): boolean {
    const c = this.code(this.pos);
    if ((c !== Ch.Dollar && c !== Ch.Percent) || this.code(this.pos + 1) !== Ch.LBrace) return false;
    const length = this.code(this.pos + 2) === Ch.Tilde ? 3 : 2;
    this.take(c === Ch.Dollar ? 'TemplateInterp' : 'TemplateControl', length);
    this.braces++;
    this.returnBraces.push(this.braces);
    this.modes.push({ kind: 'main' });
    return true;
  }

  /**
   * Where literal template text stops: at `${`/`%{` (but not the escapes `$${`/`%%{`), at a newline, and in
   * quoted strings at the closing quote (skipping backslash escapes).
   */
  private literalEnd(quoted: boolean): number {
    const text = this.text;
    let i = this.pos;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === Ch.LF || c === Ch.CR) break;
      if (quoted && c === Ch.Quote) break;
      if (quoted && c === Ch.Backslash) {
        i += 2;
        continue;
      }
      if ((c === Ch.Dollar || c === Ch.Percent) && text.charCodeAt(i + 1) === Ch.LBrace) break;
      if ((c === Ch.Dollar || c === Ch.Percent) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === Ch.LBrace) {
        i += 3;
        continue;
      }
      i++;
    }
    return Math.min(i, text.length);
  }

  private scanQuoted(): void {
    if (this.scanSequenceStart()) return;
    const c = this.code(this.pos);
    if (c === Ch.Quote) {
      this.modes.pop();
      return this.take('CQuote', 1);
    }
    if (c === Ch.LF || c === Ch.CR) {
      // A raw newline inside quotes: hclsyntax reports an unterminated template string.
      this.emit('Invalid', this.pos, this.pos + 1);
      this.modes.pop();
      this.pos++;
      return;
    }
    const end = this.literalEnd(true);
    this.take('QuotedLit', end - this.pos);
  }

  private scanHeredoc(mode: Mode & { kind: 'heredoc' }): void {
    const text = this.text;
    if (mode.startOfLine) {
      const lf = text.indexOf('\n', this.pos);
      const lineEnd = lf < 0 ? text.length : lf;
      const contentEnd = lf > 0 && this.code(lf - 1) === Ch.CR ? lf - 1 : lineEnd;
      if (lf >= 0 && text.slice(this.pos, contentEnd).trim() === mode.marker) {
        this.take('CHeredoc', contentEnd - this.pos);
        this.modes.pop();
        this.take('Newline', lineEnd + 1 - this.pos);
        return;
      }
    }
    if (this.scanSequenceStart()) {
      mode.startOfLine = false;
      return;
    }
    let end = this.literalEnd(false);
    const nl = this.newlineLength(end);
    if (nl > 0) end += nl;
    else if (end === this.pos) end = Math.min(this.pos + 1, text.length); // a lone `\r` is literal text here
    mode.startOfLine = nl > 0;
    this.take('StringLit', end - this.pos);
  }
}

export function scanTokens(text: string): ScannedTokens {
  return new Scanner(text).run();
}
