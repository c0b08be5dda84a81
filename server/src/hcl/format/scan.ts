/**
 * Splits HCL native syntax into the tokens hclsyntax's scanner produces (same kinds, same boundaries), which is
 * what hclwrite's formatting rules are defined on.
 *
 * Why a scanner and not the leaves of the tree-sitter tree: walking a web-tree-sitter tree costs about a
 * microsecond per node (every step crosses into wasm), which made a 400 KB template take ~0.8 s to format;
 * scanning the text takes a few milliseconds. The tree is still the one and only parse: it (through the
 * parser's diagnostics) decides whether a document is valid, and this scanner only runs on valid documents
 * or, for range formatting, on lines away from syntax errors.
 *
 * It works on character codes and writes into typed arrays (see tokens.ts): a CLI run formats once and exits,
 * so most of this code runs before V8 optimises it, and every allocation saved is time saved.
 */
import { Kind, type Tokens } from './tokens.js';

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
  LParen = 40,
  RParen = 41,
  Star = 42,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Digit0 = 48,
  Digit9 = 57,
  Colon = 58,
  Lt = 60,
  Eq = 61,
  Gt = 62,
  Question = 63,
  LBrack = 91,
  Backslash = 92,
  RBrack = 93,
  Underscore = 95,
  LBrace = 123,
  Pipe = 124,
  RBrace = 125,
  Tilde = 126,
}

const enum Mode {
  Main,
  Quoted,
  Heredoc,
}

const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}-]/u;

const IDENT_START = 1;
const IDENT_CONTINUE = 2;
const DIGIT = 4;

/** Character classes of ASCII by code, so that scanning a name takes one lookup per character. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === Ch.Underscore;
  const digit = c >= Ch.Digit0 && c <= Ch.Digit9;
  ASCII_CLASS[c] = (letter ? IDENT_START | IDENT_CONTINUE : 0) | (digit ? DIGIT | IDENT_CONTINUE : 0) | (c === Ch.Minus ? IDENT_CONTINUE : 0);
}

function isAsciiIdentStart(c: number): boolean {
  return c < 128 && (ASCII_CLASS[c] & IDENT_START) !== 0;
}

function isAsciiIdentContinue(c: number): boolean {
  return c < 128 && (ASCII_CLASS[c] & IDENT_CONTINUE) !== 0;
}

function isDigit(c: number): boolean {
  return c < 128 && (ASCII_CLASS[c] & DIGIT) !== 0;
}

/** `operator`'s answer for a two-character operator: its kind plus this. */
const TWO_CHARS = 64;

/**
 * The operator or punctuation starting with `c` (then `next`): its kind, plus TWO_CHARS when it is two
 * characters long; -1 when no operator starts there. One number rather than an object, to allocate nothing.
 */
function operator(c: number, next: number): number {
  switch (c) {
    case Ch.Eq:
      if (next === Ch.Eq) return Kind.EqualOp + TWO_CHARS;
      if (next === Ch.Gt) return Kind.FatArrow + TWO_CHARS;
      return Kind.Equal;
    case Ch.Bang:
      return next === Ch.Eq ? Kind.NotEqual + TWO_CHARS : Kind.Bang;
    case Ch.Gt:
      return next === Ch.Eq ? Kind.GreaterThanEq + TWO_CHARS : Kind.GreaterThan;
    case Ch.Lt:
      return next === Ch.Eq ? Kind.LessThanEq + TWO_CHARS : Kind.LessThan;
    case Ch.Amp:
      return next === Ch.Amp ? Kind.And + TWO_CHARS : -1;
    case Ch.Pipe:
      return next === Ch.Pipe ? Kind.Or + TWO_CHARS : -1;
    case Ch.LBrack:
      return Kind.OBrack;
    case Ch.RBrack:
      return Kind.CBrack;
    case Ch.LParen:
      return Kind.OParen;
    case Ch.RParen:
      return Kind.CParen;
    case Ch.Star:
      return Kind.Star;
    case Ch.Slash:
      return Kind.Slash;
    case Ch.Plus:
      return Kind.Plus;
    case Ch.Minus:
      return Kind.Minus;
    case Ch.Percent:
      return Kind.Percent;
    case Ch.Dot:
      return Kind.Dot;
    case Ch.Comma:
      return Kind.Comma;
    case Ch.Question:
      return Kind.Question;
    case Ch.Colon:
      return Kind.Colon;
    default:
      return -1;
  }
}

class Scanner {
  private count = 0;
  private kinds: Uint8Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private spacesBefore: Int32Array;
  private readonly invalidOffsets: number[] = [];
  private pos = 0;
  private spaces = 0;
  private braces = 0;
  /** Brace depths at which a `}` closes a template interpolation or directive rather than an object. */
  private readonly returnBraces: number[] = [];
  private readonly modes: Mode[] = [Mode.Main];
  /** For each open heredoc, innermost last: its closing marker, and whether the scanner is at a line start. */
  private readonly heredocMarkers: string[] = [];
  private atLineStart = false;

  constructor(private readonly text: string) {
    // Rarely more than one token per three characters in real templates; the arrays grow when they must.
    const capacity = Math.floor(text.length / 3) + 16;
    this.kinds = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.spacesBefore = new Int32Array(capacity);
  }

  run(): Tokens {
    const text = this.text;
    if (text.charCodeAt(0) === 0xfeff) {
      // hclsyntax drops a leading byte order mark but still counts its three UTF-8 bytes as spacing.
      this.spaces = 3;
      this.pos = 1;
    }
    const length = text.length;
    while (this.pos < length) {
      const mode = this.modes[this.modes.length - 1];
      if (mode === Mode.Main) this.scanMain();
      else if (mode === Mode.Quoted) this.scanQuoted();
      else this.scanHeredoc();
    }
    this.emit(Kind.EOF, this.pos, this.pos);
    const { count } = this;
    return {
      text,
      count,
      kinds: this.kinds.subarray(0, count),
      starts: this.starts.subarray(0, count),
      ends: this.ends.subarray(0, count),
      spaces: this.spacesBefore.subarray(0, count),
      invalidOffsets: this.invalidOffsets,
    };
  }

  private emit(kind: Kind, start: number, end: number): void {
    if (kind === Kind.Invalid) this.invalidOffsets.push(start);
    const n = this.count;
    if (n === this.kinds.length) this.grow();
    this.kinds[n] = kind;
    this.starts[n] = start;
    this.ends[n] = end;
    this.spacesBefore[n] = this.spaces;
    this.count = n + 1;
    this.spaces = 0;
  }

  private grow(): void {
    const capacity = this.kinds.length * 2;
    const kinds = new Uint8Array(capacity);
    kinds.set(this.kinds);
    this.kinds = kinds;
    this.starts = grown(this.starts, capacity);
    this.ends = grown(this.ends, capacity);
    this.spacesBefore = grown(this.spacesBefore, capacity);
  }

  private take(kind: Kind, length: number): void {
    this.emit(kind, this.pos, this.pos + length);
    this.pos += length;
  }

  private newlineLength(at: number): number {
    const c = this.text.charCodeAt(at);
    if (c === Ch.LF) return 1;
    if (c === Ch.CR && this.text.charCodeAt(at + 1) === Ch.LF) return 2;
    return 0;
  }

  private scanMain(): void {
    const text = this.text;
    let start = this.pos;
    let c = text.charCodeAt(start);
    if (c === Ch.Space || c === Ch.Tab) {
      let end = start + 1;
      for (let n = text.charCodeAt(end); n === Ch.Space || n === Ch.Tab; n = text.charCodeAt(end)) end++;
      this.spaces += end - start;
      this.pos = start = end;
      if (end >= text.length) return;
      c = text.charCodeAt(start);
    }
    if (isAsciiIdentStart(c)) return this.scanIdent(start + 1);
    const next = text.charCodeAt(start + 1);
    switch (c) {
      case Ch.LF:
        return this.take(Kind.Newline, 1);
      case Ch.CR:
        if (next === Ch.LF) return this.take(Kind.Newline, 2);
        break;
      case Ch.Quote:
        this.take(Kind.OQuote, 1);
        this.modes.push(Mode.Quoted);
        return;
      case Ch.LBrace:
        this.braces++;
        return this.take(Kind.OBrace, 1);
      case Ch.RBrace:
        return this.closeBrace(1);
      case Ch.Tilde:
        if (next === Ch.RBrace) return this.closeBrace(2);
        break;
      case Ch.Hash:
        return this.scanLineComment();
      case Ch.Slash:
        if (next === Ch.Slash) return this.scanLineComment();
        if (next === Ch.Star) {
          const close = text.indexOf('*/', start + 2);
          if (close >= 0) return this.take(Kind.Comment, close + 2 - start);
        }
        break;
      case Ch.Lt:
        if (next === Ch.Lt && this.scanHeredocOpener()) return;
        break;
      case Ch.Dot:
        if (next === Ch.Dot && text.charCodeAt(start + 2) === Ch.Dot) return this.take(Kind.Ellipsis, 3);
        break;
      default:
        if (isDigit(c)) return this.scanNumber();
        if (c > 127 && ID_START.test(String.fromCodePoint(text.codePointAt(start)!))) {
          return this.scanIdent(start + (text.codePointAt(start)! > 0xffff ? 2 : 1));
        }
    }
    const op = operator(c, next);
    if (op >= TWO_CHARS) return this.take(op - TWO_CHARS, 2);
    if (op >= 0) return this.take(op, 1);
    // Anything else (`@`, a lone `&`, `$`, unicode spaces...) is not HCL.
    this.take(Kind.Invalid, c >= 0xd800 && c <= 0xdbff ? 2 : 1);
  }

  /** `}` (or `~}`) ends a template sequence when it balances the `${`/`%{` that opened it. */
  private closeBrace(length: number): void {
    const top = this.returnBraces[this.returnBraces.length - 1];
    const endsSequence = top === this.braces;
    this.braces--;
    if (endsSequence) {
      this.returnBraces.pop();
      this.modes.pop();
      this.take(Kind.TemplateSeqEnd, length);
    } else {
      // A `~}` closing an object is still a sequence end to hclsyntax, which then reports the mismatch.
      this.take(length === 2 ? Kind.TemplateSeqEnd : Kind.CBrace, length);
    }
  }

  private scanNumber(): void {
    const text = this.text;
    let end = this.pos + 1;
    for (;;) {
      const c = text.charCodeAt(end);
      if (isDigit(c) || c === Ch.Dot) {
        end++;
      } else if (c === 101 || c === 69) {
        let exp = end + 1;
        const sign = text.charCodeAt(exp);
        if (sign === Ch.Plus || sign === Ch.Minus) exp++;
        if (!isDigit(text.charCodeAt(exp))) break;
        end = exp + 1;
      } else {
        break;
      }
    }
    // A number never ends with a dot: `a.0.b` is `0` followed by `.b`.
    while (text.charCodeAt(end - 1) === Ch.Dot) end--;
    this.take(Kind.NumberLit, end - this.pos);
  }

  /** An identifier whose first character ends just before `end`. */
  private scanIdent(end: number): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(end);
      if (c < 128 && (ASCII_CLASS[c] & IDENT_CONTINUE) !== 0) {
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
    this.take(Kind.Ident, end - this.pos);
  }

  /** `#` and `//` comments own their terminating newline, which is what makes them end a line for hclwrite. */
  private scanLineComment(): void {
    const lf = this.text.indexOf('\n', this.pos);
    this.take(Kind.Comment, (lf < 0 ? this.text.length : lf + 1) - this.pos);
  }

  /** `<<EOT` or `<<-EOT` directly followed by a newline; the token includes that newline. */
  private scanHeredocOpener(): boolean {
    const text = this.text;
    let i = this.pos + 2;
    if (text.charCodeAt(i) === Ch.Minus) i++;
    const markerStart = i;
    const first = text.codePointAt(i);
    if (first === undefined || !(isAsciiIdentStart(first) || (first > 127 && ID_START.test(String.fromCodePoint(first))))) return false;
    i += first > 0xffff ? 2 : 1;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (isAsciiIdentContinue(c)) i++;
      else if (c > 127 && ID_CONTINUE.test(String.fromCodePoint(text.codePointAt(i)!))) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
      else break;
    }
    const nl = this.newlineLength(i);
    if (nl === 0) return false;
    this.take(Kind.OHeredoc, i + nl - this.pos);
    this.modes.push(Mode.Heredoc);
    this.heredocMarkers.push(text.slice(markerStart, i));
    this.atLineStart = true;
    return true;
  }

  /** `${`, `${~`, `%{`, `%{~` start a template sequence scanned in main mode until its closing brace. */
  private scanSequenceStart(): boolean {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if ((c !== Ch.Dollar && c !== Ch.Percent) || text.charCodeAt(this.pos + 1) !== Ch.LBrace) return false;
    const length = text.charCodeAt(this.pos + 2) === Ch.Tilde ? 3 : 2;
    this.take(c === Ch.Dollar ? Kind.TemplateInterp : Kind.TemplateControl, length);
    this.braces++;
    this.returnBraces.push(this.braces);
    this.modes.push(Mode.Main);
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
      if (c === Ch.Dollar || c === Ch.Percent) {
        const next = text.charCodeAt(i + 1);
        if (next === Ch.LBrace) break;
        if (next === c && text.charCodeAt(i + 2) === Ch.LBrace) {
          i += 3;
          continue;
        }
      }
      i++;
    }
    return Math.min(i, text.length);
  }

  private scanQuoted(): void {
    if (this.scanSequenceStart()) return;
    const c = this.text.charCodeAt(this.pos);
    if (c === Ch.Quote) {
      this.modes.pop();
      return this.take(Kind.CQuote, 1);
    }
    if (c === Ch.LF || c === Ch.CR) {
      // A raw newline inside quotes: hclsyntax reports an unterminated template string.
      this.emit(Kind.Invalid, this.pos, this.pos + 1);
      this.modes.pop();
      this.pos++;
      return;
    }
    const end = this.literalEnd(true);
    this.take(Kind.QuotedLit, end - this.pos);
  }

  private scanHeredoc(): void {
    const text = this.text;
    if (this.atLineStart) {
      const lf = text.indexOf('\n', this.pos);
      const lineEnd = lf < 0 ? text.length : lf;
      const contentEnd = lf > 0 && text.charCodeAt(lf - 1) === Ch.CR ? lf - 1 : lineEnd;
      if (lf >= 0 && text.slice(this.pos, contentEnd).trim() === this.heredocMarkers[this.heredocMarkers.length - 1]) {
        this.take(Kind.CHeredoc, contentEnd - this.pos);
        this.modes.pop();
        this.heredocMarkers.pop();
        this.take(Kind.Newline, lineEnd + 1 - this.pos);
        // Only a heredoc can contain a heredoc (in an interpolation), and that one's line is not over yet.
        this.atLineStart = false;
        return;
      }
    }
    if (this.scanSequenceStart()) {
      this.atLineStart = false;
      return;
    }
    let end = this.literalEnd(false);
    const nl = this.newlineLength(end);
    if (nl > 0) end += nl;
    else if (end === this.pos) end = Math.min(this.pos + 1, text.length); // a lone `\r` is literal text here
    this.atLineStart = nl > 0;
    this.take(Kind.StringLit, end - this.pos);
  }
}

function grown(array: Int32Array, capacity: number): Int32Array {
  const bigger = new Int32Array(capacity);
  bigger.set(array);
  return bigger;
}

export function scanTokens(text: string): Tokens {
  return new Scanner(text).run();
}
