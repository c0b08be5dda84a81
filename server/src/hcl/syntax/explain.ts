/**
 * HCL's first syntax error in an argument's value, found from the text.
 *
 * tree-sitter's error recovery leaves trees that say little about what went wrong (`a = [1 2]` becomes one
 * ERROR node holding `a = [ 1`; `a = foo(1,` loses the call), so when the tree of an argument has an error the
 * value's tokens are read again here, tracking only what hclsyntax's parser tracks at that level: the open
 * brackets, strings and interpolations, and whether an operand or what follows one comes next. Where hclsyntax
 * would stop, the same diagnostics are produced (scanner diagnostics for quoted newlines first, as hclsyntax
 * lexes the whole file before parsing), with the offset where its recovery resumes, so the converter can drop
 * what tree-sitter reports inside the region hclsyntax skips.
 *
 * explain-body.ts reads whole items the same way (heads, nested and single-line blocks) for ERROR nodes that
 * swallowed items and for items that reported errors. Heredocs are read past without looking inside;
 * constructs this does not follow (template directives, `for` expressions, namespaced functions)
 * end the reading without a result: the converter then keeps the diagnostics it derived from the tree.
 */
import { afterItem, closerAt, closingQuote, firstStringToken, heredocEnd, opensHeredoc, quotedNewlines, scanToken, seekCloser, endOfLine, type Token } from './text-tokens.js';

export interface ValueError {
  readonly summary: string;
  readonly detail: string;
  readonly start: number;
  readonly end: number;
  readonly context?: readonly [number, number];
}

export interface ValueExplanation {
  readonly errors: readonly ValueError[];
  /** The offset where hclsyntax's recovery resumes parsing; what lies in between is never parsed by it. */
  readonly resume: number;
  /**
   * Where the item hclsyntax breaks off starts, when a body was read (its name, or the stray token), for the
   * model's recovery (recover.ts); `resume` itself when nothing needs to be read again (an unclosed block).
   */
  readonly item?: number;
}

type FrameKind = 'tuple' | 'call' | 'parens' | 'index' | 'object' | 'interp' | 'string' | 'cond';

interface Frame {
  readonly kind: FrameKind;
  /** The opening token (`[`, `(`, `{`, `${`, or the quote). */
  readonly open: Token;
  /** Call: where the function name starts (hclsyntax's context and subject start there). */
  readonly nameStart?: number;
  /** String: where its content starts, and the range of its first token (hclsyntax's "startRange"). */
  readonly first?: readonly [number, number];
  /** Object: whether a key or a value is being read. */
  objectPart?: 'key' | 'value';
  /** Where the expression being read at this level started (hclsyntax's "startRange" of a conditional). */
  start?: number;
  /** Conditional (`?` read): whether its ":" was read. */
  colon?: boolean;
}

const MISSING_EXPRESSION = ['Missing expression', 'Expected the start of an expression, but found the end of the file.'] as const;
const INVALID_EXPRESSION = ['Invalid expression', 'Expected the start of an expression, but found an invalid expression token.'] as const;
const MULTI_LINE_STRING = [
  'Invalid multi-line string',
  'Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the "heredoc" multi-line template syntax.',
] as const;
const UNTERMINATED_STRING = ['Unterminated template string', 'No closing marker was found for the string.'] as const;
const UNCLOSED_INTERPOLATION = 'Unclosed template interpolation sequence';

/** Gives up on input it does not model; the caller keeps its own diagnostics. */
export class Unmodelled extends Error {}


export interface ValueContext {
  /** Where the argument's name starts (the context of "Missing newline after argument"). */
  readonly nameStart: number;
  /**
   * hclsyntax is already recovering from an earlier error: most of its diagnostics are then suppressed, and a
   * missing operand becomes a placeholder that parsing goes on after.
   */
  readonly recovering: boolean;
  /** The argument is a single-line block's: whatever follows its value is the block's business. */
  readonly singleLine?: boolean;
}

/**
 * Reads the value of an argument starting at `from` (just after its "="). Returns undefined when the value has
 * no error this reading can see or uses a construct it does not follow; an explanation without errors when
 * hclsyntax would suppress the ones there are.
 */
export function explainValue(text: string, from: number, context: ValueContext): ValueExplanation | undefined {
  try {
    return new ValueReader(text, context).read(from);
  } catch (e) {
    if (e instanceof Unmodelled) return undefined;
    throw e;
  }
}

/**
 * Reads the quoted string whose opening quote is at `quote`: the errors hclsyntax gives for it (a newline before
 * the closing quote, no closing quote), or undefined when it has none this reading can see.
 */
export function explainQuoted(text: string, quote: number, recovering: boolean): ValueExplanation | undefined {
  try {
    return new ValueReader(text, { nameStart: quote, recovering }).readString(quote);
  } catch (e) {
    if (e instanceof Unmodelled) return undefined;
    throw e;
  }
}

export class ValueReader {
  private readonly frames: Frame[] = [];
  private expectOperand = true;
  /** The last operand was a bare identifier, so "(" makes it a function call. */
  private afterIdent = false;
  private identStart = 0;
  /** A diagnostic hclsyntax suppresses while recovering was met. */
  private suppressed = false;
  /** Where a value read without errors ended: the token after it. */
  end = 0;
  /** hclsyntax's recovery mode: set by the caller's context, or by a dangling dot found while reading. */
  private recovering: boolean;
  /** Errors hclsyntax reports whatever follows (a dangling dot's), ahead of the one the reading ends with. */
  private readonly pending: ValueError[] = [];
  /** A dangling dot was read: the constructs around it close without a word. */
  private afterDot = false;
  /** Where the argument's expression started (a conditional's context starts there). */
  private topStart: number | undefined;

  constructor(
    private readonly text: string,
    private readonly context: ValueContext,
  ) {
    this.recovering = context.recovering;
  }

  read(from: number): ValueExplanation | undefined {
    return this.run(from, 0);
  }

  readString(quote: number): ValueExplanation | undefined {
    const open: Token = { type: 'oquote', start: quote, end: quote + 1 };
    this.frames.push({ kind: 'string', open, first: firstStringToken(this.text, open.end) });
    return this.run(open.end, 1);
  }

  /** Reads until an error, the end of the value, or (`depth` > 0) until fewer than `depth` frames are open. */
  private run(from: number, depth: number): ValueExplanation | undefined {
    let at = from;
    for (let steps = 0; steps < 1_000_000; steps++) {
      if (this.frames.length < depth) return undefined;
      const top = this.frames[this.frames.length - 1];
      if (top?.kind === 'string') {
        const next = this.stringStep(top, at);
        if (typeof next !== 'number') return this.withPending(next);
        at = next;
        continue;
      }
      const tok = scanToken(this.text, at, this.newlinesMatter(top));
      const result = this.step(top, tok);
      if (result === 'done') {
        this.end = tok.start;
        // After a dangling dot hclsyntax's argument is in error: its recovery skips to the next line.
        if (this.pending.length > 0) return { errors: this.pending, resume: this.context.singleLine ? tok.start : afterItem(this.text, tok.start) };
        return this.suppressed ? { errors: [], resume: tok.start } : undefined;
      }
      if (typeof result !== 'number') return this.withPending(result);
      at = result;
    }
    throw new Unmodelled();
  }

  private withPending(explained: ValueExplanation): ValueExplanation {
    return this.pending.length === 0 ? explained : { ...explained, errors: [...this.pending, ...explained.errors] };
  }

  /** hclsyntax reads newlines at argument level and between object items; inside other brackets it skips them. */
  private newlinesMatter(top: Frame | undefined): boolean {
    if (top?.kind === 'cond') return this.newlinesMatter(this.frames[this.frames.indexOf(top) - 1]);
    if (!top) return true;
    return top.kind === 'object' && !this.expectOperand;
  }

  /** One token outside strings: the offset to go on from, 'done' when the value ends cleanly, or the error. */
  private step(top: Frame | undefined, tok: Token): number | 'done' | ValueExplanation {
    if (this.expectOperand) {
      if (top) top.start ??= tok.start;
      else this.topStart ??= tok.start;
      return this.operand(top, tok);
    }
    if (top?.kind === 'cond') {
      const next = this.conditionalStep(top, tok);
      if (next !== undefined) return next;
    }
    const continued = this.continuation(top, tok);
    if (continued !== undefined) return continued;
    if (!top) return this.argumentEnd(tok);
    switch (top.kind) {
      case 'tuple':
        return this.separator(tok, ']', () =>
          this.fail(
            tok.type === 'eof'
              ? err('Unterminated tuple constructor expression', 'There is no corresponding closing bracket before the end of the file. This may be caused by incorrect bracket nesting elsewhere in this file.', top.open.start, top.open.end)
              : err('Missing item separator', 'Expected a comma to mark the beginning of the next item.', tok.start, tok.end, [top.open.start, tok.end]),
            tok,
            { closer: ']', guarded: true },
          ),
        );
      case 'call':
        if (tok.type === '...') {
          const close = scanToken(this.text, tok.end, false);
          if (close.type !== ')') throw new Unmodelled();
          this.frames.pop();
          this.operandDone(false, close.start);
          return close.end;
        }
        return this.separator(tok, ')', () =>
          this.fail(
            tok.type === 'eof'
              ? err('Unterminated function call', 'There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parenthesis nesting elsewhere in this file.', top.nameStart ?? top.open.start, top.open.end)
              : err('Missing argument separator', 'A comma is required to separate each function argument from the next.', tok.start, tok.end, [top.nameStart ?? top.open.start, tok.end]),
            tok,
            { closer: ')', guarded: false },
          ),
        );
      case 'parens':
        if (tok.type === ')') return this.close(tok);
        return this.fail(
          err('Unbalanced parentheses', 'Expected a closing parenthesis to terminate the expression.', tok.start, tok.end, [top.open.start, tok.end]),
          tok,
          { guarded: false },
        );
      case 'index': {
        if (tok.type === ']') return this.close(tok);
        // hclsyntax's subject is its `close` variable, which its recovery then sets to the "]" it finds (or the
        // end of the file), so that is where the error points.
        const close = closerAt(this.text, tok.start, ']');
        const [start, end] = close === undefined ? [this.text.length, this.text.length] : [close, close + 1];
        const error = err('Missing close bracket on index', 'The index operator must end with a closing bracket ("]").', start, end);
        return this.fail(error, tok, { closer: ']', guarded: true });
      }
      case 'object':
        return this.objectStep(top, tok);
      case 'interp':
        return this.interpolationEnd(top, tok);
      default:
        throw new Unmodelled();
    }
  }

  /** What follows a complete value at argument level. */
  private argumentEnd(tok: Token): number | 'done' | ValueExplanation {
    // A newline or the end ends it; "}" closes a single-line block; a comma is the caller's (it depends on that).
    if (tok.type === 'newline' || tok.type === 'eof' || tok.type === '}' || tok.type === ',' || this.context.singleLine === true) return 'done';
    return this.fail(
      err('Missing newline after argument', 'An argument definition must end with a newline.', tok.start, tok.end, [this.context.nameStart, tok.end]),
      tok,
      { guarded: true },
    );
  }

  /** A token where an expression must start. */
  private operand(top: Frame | undefined, tok: Token): number | ValueExplanation {
    switch (tok.type) {
      case 'ident':
        if (this.text.startsWith('for', tok.start) && tok.end - tok.start === 3 && (top?.kind === 'tuple' || top?.kind === 'object')) {
          throw new Unmodelled();
        }
        this.operandDone(true, tok.start);
        return tok.end;
      case 'number':
        this.operandDone(false, tok.start);
        return tok.end;
      case '!':
      case '-':
        return tok.end;
      case 'oquote':
        this.frames.push({ kind: 'string', open: tok, first: firstStringToken(this.text, tok.end) });
        return tok.end;
      case '[':
        this.frames.push({ kind: 'tuple', open: tok });
        return tok.end;
      case '{':
        this.frames.push({ kind: 'object', open: tok, objectPart: 'key' });
        return tok.end;
      case '(':
        this.frames.push({ kind: 'parens', open: tok });
        return tok.end;
      case '*':
        // `[*]`: the splat marker stands where an index key would.
        if (top?.kind === 'index') {
          this.operandDone(false, tok.start);
          return tok.end;
        }
        break;
      case ']':
        if (top?.kind === 'tuple') return this.close(tok);
        break;
      case ')':
        if (top?.kind === 'call') return this.close(tok);
        break;
      case '}':
        if (top?.kind === 'object' && top.objectPart === 'key') return this.close(tok);
        break;
      case 'heredoc': {
        // Without a marker and a line break, hclsyntax's scanner reads "<" operators, which cannot start an operand.
        if (!opensHeredoc(this.text, tok.start)) return this.invalidOperand({ type: 'op', start: tok.start, end: tok.start + 1 });
        const end = heredocEnd(this.text, tok.start);
        if (end === undefined) throw new Unmodelled();
        this.operandDone(false, tok.start);
        return end;
      }
      case '::':
        throw new Unmodelled();
      default:
        break;
    }
    return this.invalidOperand(tok);
  }

  /** A token that cannot start an operand where one must. */
  private invalidOperand(tok: Token): number | ValueExplanation {
    if (this.recovering) {
      // hclsyntax leaves the token where it is and goes on as if a (placeholder) operand had been read.
      this.suppressed = true;
      this.operandDone(false, tok.start);
      return tok.start;
    }
    // A newline comes here only at argument level: elsewhere newlines are skipped while an operand is expected.
    const [summary, detail] = tok.type === 'eof' ? MISSING_EXPRESSION : INVALID_EXPRESSION;
    return this.fail(err(summary, detail, tok.start, tok.end), tok, { guarded: true });
  }

  /** Tokens that continue a complete operand: operators, traversals, calls. Undefined when `tok` does not. */
  private continuation(top: Frame | undefined, tok: Token): number | undefined {
    if (tok.type === '?') {
      this.frames.push({ kind: 'cond', open: tok, start: (top ? top.start : this.topStart) ?? tok.start, colon: false });
      this.expectOperand = true;
      return tok.end;
    }
    if (tok.type === 'op' || tok.type === '-' || tok.type === '*') {
      this.expectOperand = true;
      return tok.end;
    }
    if (tok.type === 'heredoc' && !opensHeredoc(this.text, tok.start)) {
      // `<<` without a heredoc marker is two "<" operators to hclsyntax's scanner: the first one is read here.
      this.expectOperand = true;
      return tok.start + 1;
    }
    if (tok.type === ':' && !(top?.kind === 'object' && top.objectPart === 'key')) {
      this.expectOperand = true;
      return tok.end;
    }
    if (tok.type === '.') {
      const name = scanToken(this.text, tok.end, this.newlinesMatter(top));
      if (name.type === 'ident' || name.type === 'number' || name.type === '*') {
        this.operandDone(false, name.start);
        return name.end;
      }
      // A dangling dot (`var.` while typing): hclsyntax reports the token after it, recovering or not, and reads on
      // from that token in recovery mode, the traversal standing as an invalid operand.
      const subjectEnd = name.type === 'newline' && !/[#/]/.test(this.text[name.start] ?? '') ? name.start + (this.text[name.start] === '\r' ? 2 : 1) : name.end;
      this.pending.push(err('Invalid attribute name', 'An attribute name is required after a dot.', name.start, subjectEnd));
      this.recovering = true;
      this.afterDot = true;
      this.operandDone(false, tok.start);
      return tok.end;
    }
    if (tok.type === '[') {
      this.frames.push({ kind: 'index', open: tok });
      this.expectOperand = true;
      return tok.end;
    }
    if (tok.type === '(' && this.afterIdent) {
      this.frames.push({ kind: 'call', open: tok, nameStart: this.identStart });
      this.expectOperand = true;
      return tok.end;
    }
    if (tok.type === '::') throw new Unmodelled();
    return undefined;
  }

  /**
   * After an operand inside a conditional: its ":", or the end of its false expression (the token is then read
   * again by the construct around it). Without the ":" hclsyntax reports the token and goes on as if the
   * conditional were its condition alone: no recovery. Undefined for tokens that continue the operand.
   */
  private conditionalStep(top: Frame, tok: Token): number | undefined {
    if (!top.colon && tok.type === ':') {
      top.colon = true;
      top.start = undefined;
      this.expectOperand = true;
      return tok.end;
    }
    if (tok.type === '?' || this.continues(tok)) return undefined;
    this.frames.pop();
    if (!top.colon) {
      const end = tok.type === 'newline' && !/[#/]/.test(this.text[tok.start] ?? '') ? tok.start + (this.text[tok.start] === '\r' ? 2 : 1) : tok.end;
      this.pending.push(
        err('Missing false expression in conditional', 'The conditional operator (...?...:...) requires a false expression, delimited by a colon.', tok.start, end, [top.start ?? top.open.start, end]),
      );
    }
    return tok.start;
  }

  /** Whether `tok` continues a complete operand (an operator, a traversal, an index or a call). */
  private continues(tok: Token): boolean {
    return tok.type === 'op' || tok.type === '-' || tok.type === '*' || tok.type === '.' || tok.type === '[' || (tok.type === '(' && this.afterIdent) || (tok.type === 'heredoc' && !opensHeredoc(this.text, tok.start));
  }

  /** After an item of a tuple or an argument of a call: a comma, the closer, or `orElse()`. */
  private separator(tok: Token, closer: ']' | ')', orElse: () => ValueExplanation): number | ValueExplanation {
    if (tok.type === ',') {
      this.expectOperand = true;
      const top = this.frames[this.frames.length - 1];
      if (top) top.start = undefined;
      return tok.end;
    }
    if (tok.type === closer) return this.close(tok);
    return orElse();
  }

  private objectStep(top: Frame, tok: Token): number | ValueExplanation {
    if (top.objectPart === 'key') {
      if (tok.type === '=' || tok.type === ':') {
        top.objectPart = 'value';
        top.start = undefined;
        this.expectOperand = true;
        return tok.end;
      }
      const context = [top.open.start, tok.end] as const;
      const error =
        tok.type === 'newline' || tok.type === ','
          ? err('Missing attribute value', 'Expected an attribute value, introduced by an equals sign ("=").', tok.start, tok.end, context)
          : tok.type === 'ident'
            ? err('Missing key/value separator', 'Expected an equals sign ("=") to mark the beginning of the attribute value. If you intended to given an attribute name containing periods or spaces, write the name in quotes to create a string literal.', tok.start, tok.end, context)
            : tok.type === 'eof'
              ? err('Unterminated object constructor expression', 'There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.', top.open.start, top.open.end)
              : err('Missing key/value separator', 'Expected an equals sign ("=") to mark the beginning of the attribute value.', tok.start, tok.end, context);
      return this.fail(error, tok, { closer: '}', guarded: true });
    }
    if (tok.type === ',' || tok.type === 'newline') {
      top.objectPart = 'key';
      top.start = undefined;
      this.expectOperand = true;
      return tok.end;
    }
    if (tok.type === '}') return this.close(tok);
    if (tok.type === 'eof') {
      return this.fail(
        err('Unterminated object constructor expression', 'There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.', top.open.start, top.open.end),
        tok,
        { guarded: true },
      );
    }
    return this.fail(
      err('Missing attribute separator', 'Expected a newline or comma to mark the beginning of the next attribute.', tok.start, tok.end, [top.open.start, tok.end]),
      tok,
      { closer: '}', guarded: true },
    );
  }

  /** After the expression of `${ ... }`. */
  private interpolationEnd(top: Frame, tok: Token): number | ValueExplanation {
    if (tok.type === '}') {
      this.frames.pop();
      return tok.end;
    }
    const string = this.frames[this.frames.length - 2];
    const first = string?.first ?? [top.open.start, top.open.end];
    if (tok.type === 'eof') {
      return this.fail(
        err(UNCLOSED_INTERPOLATION, 'There is no closing brace for this interpolation sequence before the end of the file. This might be caused by incorrect nesting inside the given expression.', first[0], first[1]),
        tok,
        { guarded: true },
      );
    }
    if (tok.type === 'oquote') {
      // The quote opens a new string as far as hclsyntax's scanner is concerned; its newlines are reported first.
      const newlines = quotedNewlines(this.text, tok.end);
      const errors = newlines.map(([s, e]) => err(...MULTI_LINE_STRING, s, e));
      if (!this.recovering) {
        errors.push(err(UNCLOSED_INTERPOLATION, 'There is no closing brace for this interpolation sequence before the end of the quoted template. This might be caused by incorrect nesting inside the given expression.', first[0], first[1]));
      }
      return { errors, resume: this.text.length };
    }
    return this.fail(
      err(
        'Extra characters after interpolation expression',
        'Expected a closing brace to end the interpolation expression, but found extra characters.\n\nThis can happen when you include interpolation syntax for another language, such as shell scripting, but forget to escape the interpolation start token. If this is an embedded sequence for another language, escape it by starting with "$${" instead of just "${".',
        tok.start,
        tok.end,
        [first[0], tok.end],
      ),
      tok,
      { guarded: true },
    );
  }

  /** Literal text of a quoted string up to its end, a newline, or an interpolation. */
  private stringStep(top: Frame, from: number): number | ValueExplanation {
    const text = this.text;
    for (let i = from; ; ) {
      const c = text[i];
      if (c === undefined) {
        const first = top.first ?? [i, i];
        return { errors: this.recovering ? [] : [err(...UNTERMINATED_STRING, i, i, [first[0], i])], resume: i };
      }
      if (c === '"') {
        this.frames.pop();
        this.operandDone(false, top.open.start);
        return i + 1;
      }
      if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
        const newlines = quotedNewlines(text, i);
        const [nlStart, nlEnd] = newlines[0] ?? [i, i + 1];
        const first = top.first ?? [nlStart, nlEnd];
        // The scanner reports every newline of the string; the parser stops at the first while not recovering.
        const errors = newlines.map(([s, e]) => err(...MULTI_LINE_STRING, s, e));
        if (!this.recovering) errors.push(err(...UNTERMINATED_STRING, nlStart, nlEnd, [first[0], nlEnd]));
        const closing = closingQuote(text, i);
        return { errors, resume: closing ?? text.length };
      }
      if (c === '\\') {
        i += 2;
        continue;
      }
      if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
        i += 3;
        continue;
      }
      if (c === '%' && text[i + 1] === '{') throw new Unmodelled();
      if (c === '$' && text[i + 1] === '{') {
        this.frames.push({ kind: 'interp', open: { type: '{', start: i, end: i + 2 } });
        this.expectOperand = true;
        return i + 2;
      }
      i++;
    }
  }

  private operandDone(ident: boolean, start: number): void {
    this.expectOperand = false;
    this.afterIdent = ident;
    this.identStart = start;
  }

  private close(tok: Token): number {
    this.frames.pop();
    this.operandDone(false, tok.start);
    return tok.end;
  }

  /**
   * The error at `tok` (dropped while recovering when hclsyntax guards it); hclsyntax then seeks the closer of the
   * construct it was in (counting nested pairs of the same kind) and skips the rest of that line.
   */
  private fail(error: ValueError, tok: Token, how: { closer?: ']' | ')' | '}'; guarded: boolean }): ValueExplanation {
    let resume = tok.type === 'eof' ? this.text.length : tok.end;
    if (how.closer) resume = seekCloser(this.text, tok.start, how.closer);
    if (resume < this.text.length && tok.type !== 'newline') resume = endOfLine(this.text, resume);
    // After a dangling dot hclsyntax's constructs see an operand in error while recovering: they skip to their
    // closer without a word.
    const silent = this.afterDot || (how.guarded && this.recovering);
    return { errors: silent ? [] : [error], resume };
  }
}

export function err(summary: string, detail: string, start: number, end: number, context?: readonly [number, number]): ValueError {
  return context ? { summary, detail, start, end, context } : { summary, detail, start, end };
}
