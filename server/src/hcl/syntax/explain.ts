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
 * The same reading covers whole items (explainBody: heads, nested and single-line blocks) for ERROR nodes that
 * swallowed items and for items that reported errors. Heredocs are read past without looking inside;
 * constructs this does not follow (template directives, `for` expressions, namespaced functions, dangling dots)
 * end the reading without a result: the converter then keeps the diagnostics it derived from the tree.
 */

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
}

type TokenType =
  | 'ident'
  | 'number'
  | 'oquote'
  | 'heredoc'
  | 'newline'
  | 'eof'
  | '['
  | ']'
  | '('
  | ')'
  | '{'
  | '}'
  | ','
  | '.'
  | '...'
  | '='
  | '=>'
  | '?'
  | ':'
  | '::'
  | 'op'
  | '!'
  | '-'
  | '*'
  | 'invalid';

interface Token {
  readonly type: TokenType;
  readonly start: number;
  readonly end: number;
}

type FrameKind = 'tuple' | 'call' | 'parens' | 'index' | 'object' | 'interp' | 'string';

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
class Unmodelled extends Error {}

const BINARY_OPS = new Set(['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', '&&', '||']);

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

/**
 * Reads body items from `from` as hclsyntax's ParseBody would, until its first error. `nested`: the items are
 * inside a block, so an unmatched "}" ends them; `single`: only the item at `from` is read.
 */
export function explainBody(
  text: string,
  from: number,
  context: { readonly recovering: boolean; readonly nested: boolean; readonly single?: boolean },
): ValueExplanation | undefined {
  try {
    return readBody(text, from, context.recovering, context.nested, context.single === true);
  } catch (e) {
    if (e instanceof Unmodelled) return undefined;
    throw e;
  }
}

function readBody(text: string, from: number, recovering: boolean, nested: boolean, single: boolean): ValueExplanation | undefined {
  const blocks: { typeStart: number; brace: Token }[] = [];
  const guarded = (error: ValueError, resume: number): ValueExplanation => ({ errors: recovering ? [] : [error], resume });
  let at = from;
  for (let steps = 0; steps < 100_000; steps++) {
    const tok = scanToken(text, at, true);
    if (tok.type === 'newline') {
      at = tok.end;
      continue;
    }
    if (tok.type === 'eof') {
      const open = blocks.pop();
      if (!open) return undefined;
      return guarded(err('Unclosed configuration block', 'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.', open.brace.start, open.brace.end), text.length);
    }
    if (tok.type === '}') {
      const open = blocks.pop();
      if (!open) {
        if (nested) return undefined;
        return guarded(err('Argument or block definition required', 'An argument or block definition is required here.', tok.start, tok.end), text.length);
      }
      const after = scanToken(text, tok.end, true);
      if (after.type !== 'newline' && after.type !== 'eof') {
        return guarded(err('Missing newline after block definition', 'A block definition must end with a newline.', after.start, after.end, [open.typeStart, after.end]), afterItem(text, after.start));
      }
      if (single && blocks.length === 0) return undefined;
      at = tok.end;
      continue;
    }
    if (tok.type === 'oquote') return guarded(err('Invalid argument name', 'Argument names must not be quoted.', tok.start, tok.end), text.length);
    if (tok.type !== 'ident') return guarded(err('Argument or block definition required', 'An argument or block definition is required here.', tok.start, tok.end), text.length);
    const head = explainItemHead(text, tok.start, recovering);
    if (head) return head;
    let next = scanToken(text, tok.end, true);
    if (next.type === '=') {
      const reader = new ValueReader(text, { nameStart: tok.start, recovering });
      const explained = reader.read(next.end);
      if (explained) return explained;
      const end = scanToken(text, reader.end, true);
      if (end.type === '}' || end.type === ',') {
        const [summary, detail] =
          end.type === ','
            ? ['Unexpected comma after argument', 'Argument definitions must be separated by newlines, not commas. An argument definition must end with a newline.']
            : ['Missing newline after argument', 'An argument definition must end with a newline.'];
        return guarded(err(summary, detail, end.start, end.end, [tok.start, end.end]), afterItem(text, end.start));
      }
      if (single && blocks.length === 0) return undefined;
      at = end.start;
      continue;
    }
    // A block header (explainItemHead found it well-formed up to "{").
    while (next.type !== '{') {
      if (next.type === 'oquote') next = scanToken(text, closingQuote(text, next.end) ?? text.length, true);
      else if (next.type === 'ident') next = scanToken(text, next.end, true);
      else throw new Unmodelled();
    }
    const first = scanToken(text, next.end, true);
    if (first.type !== 'newline' && first.type !== 'eof' && first.type !== '}') {
      const single = singleLineBlock(text, tok.start, next, first, recovering);
      if (typeof single !== 'number') return single;
      at = single;
      continue;
    }
    blocks.push({ typeStart: tok.start, brace: next });
    at = next.end;
  }
  throw new Unmodelled();
}

/** `a { b = 1 }`: hclsyntax's single-argument block body. Returns its error, or the offset after the block. */
function singleLineBlock(text: string, typeStart: number, brace: Token, name: Token, recovering: boolean): ValueExplanation | number {
  const guarded = (error: ValueError, resume: number): ValueExplanation => ({ errors: recovering ? [] : [error], resume });
  if (name.type !== 'ident') {
    return { errors: [err('Argument or block definition required', 'An argument or block definition is required here.', name.start, name.end)], resume: afterItem(text, name.end) };
  }
  const eq = scanToken(text, name.end, true);
  if (eq.type === 'oquote' || eq.type === '{' || eq.type === 'ident') {
    const detail = `A single-line block definition can contain only a single argument. If you meant to define argument "${text.slice(name.start, name.end)}", use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.`;
    return { errors: [err('Argument definition required', detail, name.start, eq.end)], resume: afterItem(text, name.end) };
  }
  if (eq.type !== '=') {
    return { errors: [err('Argument or block definition required', 'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.', name.start, name.end)], resume: afterItem(text, name.end) };
  }
  const reader = new ValueReader(text, { nameStart: name.start, recovering, singleLine: true });
  const explained = reader.read(eq.end);
  if (explained) return explained;
  const close = scanToken(text, reader.end, true);
  const resume = (): number => seekCloser(text, close.start, '}');
  switch (close.type) {
    case '}': {
      const eol = scanToken(text, close.end, true);
      if (eol.type === 'newline' || eol.type === 'eof') return close.end;
      return guarded(err('Missing newline after block definition', 'A block definition must end with a newline.', eol.start, eol.end, [typeStart, eol.end]), afterItem(text, eol.start));
    }
    case ',':
      return { errors: [err('Invalid single-argument block definition', 'Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.', close.start, close.end)], resume: resume() };
    case 'newline':
      return {
        errors: [err('Invalid single-argument block definition', "An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.", close.start, close.end)],
        resume: resume(),
      };
    case 'eof':
      return guarded(err('Unclosed configuration block', 'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.', brace.start, brace.end, [typeStart, brace.end]), text.length);
    default:
      return guarded(err('Invalid single-argument block definition', 'A single-line block definition must end with a closing brace immediately after its single argument definition.', close.start, close.end), resume());
  }
}

class ValueReader {
  private readonly frames: Frame[] = [];
  private expectOperand = true;
  /** The last operand was a bare identifier, so "(" makes it a function call. */
  private afterIdent = false;
  private identStart = 0;
  /** A diagnostic hclsyntax suppresses while recovering was met. */
  private suppressed = false;
  /** Where a value read without errors ended: the token after it. */
  end = 0;

  constructor(
    private readonly text: string,
    private readonly context: ValueContext,
  ) {}

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
        if (typeof next !== 'number') return next;
        at = next;
        continue;
      }
      const tok = scanToken(this.text, at, this.newlinesMatter(top));
      const result = this.step(top, tok);
      if (result === 'done') {
        this.end = tok.start;
        return this.suppressed ? { errors: [], resume: tok.start } : undefined;
      }
      if (typeof result !== 'number') return result;
      at = result;
    }
    throw new Unmodelled();
  }

  /** hclsyntax reads newlines at argument level and between object items; inside other brackets it skips them. */
  private newlinesMatter(top: Frame | undefined): boolean {
    if (!top) return true;
    return top.kind === 'object' && !this.expectOperand;
  }

  /** One token outside strings: the offset to go on from, 'done' when the value ends cleanly, or the error. */
  private step(top: Frame | undefined, tok: Token): number | 'done' | ValueExplanation {
    if (this.expectOperand) return this.operand(top, tok);
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
      case 'index':
        if (tok.type === (top.kind === 'parens' ? ')' : ']')) {
          this.frames.pop();
          this.operandDone(false, tok.start);
          return tok.end;
        }
        throw new Unmodelled();
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
    if (this.context.recovering) {
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
    if (tok.type === 'op' || tok.type === '-' || tok.type === '*' || tok.type === '?') {
      this.expectOperand = true;
      return tok.end;
    }
    if (tok.type === ':' && !(top?.kind === 'object' && top.objectPart === 'key')) {
      this.expectOperand = true;
      return tok.end;
    }
    if (tok.type === '.') {
      const name = scanToken(this.text, tok.end, false);
      if (name.type === 'ident' || name.type === 'number' || name.type === '*') {
        this.operandDone(false, name.start);
        return name.end;
      }
      throw new Unmodelled();
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

  /** After an item of a tuple or an argument of a call: a comma, the closer, or `orElse()`. */
  private separator(tok: Token, closer: ']' | ')', orElse: () => ValueExplanation): number | ValueExplanation {
    if (tok.type === ',') {
      this.expectOperand = true;
      return tok.end;
    }
    if (tok.type === closer) return this.close(tok);
    return orElse();
  }

  private objectStep(top: Frame, tok: Token): number | ValueExplanation {
    if (top.objectPart === 'key') {
      if (tok.type === '=' || tok.type === ':') {
        top.objectPart = 'value';
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
      if (!this.context.recovering) {
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
        return { errors: this.context.recovering ? [] : [err(...UNTERMINATED_STRING, i, i, [first[0], i])], resume: i };
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
        if (!this.context.recovering) errors.push(err(...UNTERMINATED_STRING, nlStart, nlEnd, [first[0], nlEnd]));
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
    return { errors: how.guarded && this.context.recovering ? [] : [error], resume };
  }
}

const HEREDOC_START = /^<<-?([\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_-]*)\r?\n/u;

/**
 * Where the heredoc starting at `at` ends: after its closing marker (before that line's newline). Its text is
 * not read for errors; undefined when it has no closing marker.
 */
function heredocEnd(text: string, at: number): number | undefined {
  const open = HEREDOC_START.exec(text.slice(at, at + 300));
  if (!open) return undefined;
  let line = at + open[0].length;
  while (line < text.length) {
    const nl = text.indexOf('\n', line);
    const lineEnd = nl === -1 ? text.length : nl;
    if (text.slice(line, lineEnd).trim() === open[1]) return text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    line = lineEnd + 1;
  }
  return undefined;
}

function err(summary: string, detail: string, start: number, end: number, context?: readonly [number, number]): ValueError {
  return context ? { summary, detail, start, end, context } : { summary, detail, start, end };
}

/** The range of the first token inside a quoted string opened just before `at` (hclsyntax's startRange). */
function firstStringToken(text: string, at: number): readonly [number, number] {
  if (text.startsWith('${', at) || text.startsWith('%{', at)) return [at, at + 2];
  if (text[at] === '\n') return [at, at + 1];
  if (text.startsWith('\r\n', at)) return [at, at + 2];
  let i = at;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === '\n' || (c === '\r' && text[i + 1] === '\n')) break;
    if ((c === '$' || c === '%') && text[i + 1] === '{') break;
    if (c === '\\') i++;
    else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') i += 2;
    i++;
  }
  return [at, Math.min(i, text.length)];
}

/** The newlines hclsyntax's scanner finds in a quoted string from `at` up to its closing quote (or the end). */
function quotedNewlines(text: string, at: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === '"') break;
    if (c === '\\') i++;
    else if (c === '\n') out.push([i, i + 1]);
    else if (c === '\r' && text[i + 1] === '\n') {
      out.push([i, i + 2]);
      i++;
    }
  }
  return out;
}

function closingQuote(text: string, at: number): number | undefined {
  for (let i = at; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return undefined;
}

/** After the closer matching an unclosed one at `from`, or the end of the text (hclsyntax's recover). */
function seekCloser(text: string, from: number, closer: ']' | ')' | '}'): number {
  const opener = closer === ']' ? '[' : closer === ')' ? '(' : '{';
  let nest = 0;
  for (let at = from; ; ) {
    const tok = scanToken(text, at, false);
    if (tok.type === 'eof') return text.length;
    if (tok.type === 'oquote') {
      at = closingQuote(text, tok.end) ?? text.length;
      continue;
    }
    if (tok.type === opener) nest++;
    else if (tok.type === closer) {
      if (nest === 0) return tok.end;
      nest--;
    }
    at = tok.end;
  }
}

function endOfLine(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl === -1 ? text.length : nl + 1;
}

const IDENT_START = /[\p{L}\p{Nl}_]/u;
const IDENT_PART = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_-]/u;
const TWO_CHAR_OPS = new Set(['==', '!=', '<=', '>=', '&&', '||', '=>', '::']);

/**
 * The next token of hclsyntax's main scanner mode at or after `at`. Spaces and `/* *\/` comments are skipped;
 * newlines (and line comments, which end with one) are a token only when `newlines` is set.
 */
function scanToken(text: string, at: number, newlines: boolean): Token {
  let i = at;
  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= text.length) return { type: 'eof', start: text.length, end: text.length };
    const c = text[i] ?? '';
    const lineComment = c === '#' || text.startsWith('//', i);
    if (c === '\n' || (c === '\r' && text[i + 1] === '\n') || lineComment) {
      const nl = text.indexOf('\n', i);
      const end = nl === -1 ? text.length : nl + 1;
      if (newlines) return { type: 'newline', start: i, end };
      i = end;
      continue;
    }
    if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 2;
      continue;
    }
    break;
  }
  const c = text[i] ?? '';
  const start = i;
  if (/[0-9]/.test(c)) {
    const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    return { type: 'number', start, end: start + (m?.[0].length ?? 1) };
  }
  const cp = text.codePointAt(i) ?? 0;
  const ch = String.fromCodePoint(cp);
  if (IDENT_START.test(ch)) {
    let j = i + ch.length;
    while (j < text.length) {
      const next = String.fromCodePoint(text.codePointAt(j) ?? 0);
      if (!IDENT_PART.test(next)) break;
      j += next.length;
    }
    return { type: 'ident', start, end: j };
  }
  if (c === '"') return { type: 'oquote', start, end: i + 1 };
  if (text.startsWith('<<', i)) return { type: 'heredoc', start, end: i + 2 };
  if (text.startsWith('...', i)) return { type: '...', start, end: i + 3 };
  const two = text.slice(i, i + 2);
  if (TWO_CHAR_OPS.has(two)) {
    const type: TokenType = two === '=>' ? '=>' : two === '::' ? '::' : 'op';
    return { type, start, end: i + 2 };
  }
  switch (c) {
    case '[':
    case ']':
    case '(':
    case ')':
    case '{':
    case '}':
    case ',':
    case '.':
    case '=':
    case '?':
    case ':':
    case '!':
    case '-':
    case '*':
      return { type: c, start, end: i + 1 };
    default:
      if (BINARY_OPS.has(c)) return { type: 'op', start, end: i + 1 };
      return { type: 'invalid', start, end: i + ch.length };
  }
}

/**
 * The start of a body item at `start`, as hclsyntax's ParseBodyItem reads it: a name, then "=" (an argument,
 * whose value is explainValue's) or block labels up to "{". Returns the error hclsyntax reports when the item
 * cannot be an argument or a block, with where its recovery (the end of the item's line, brackets balanced)
 * resumes; undefined when the head is well-formed or does not start with a name.
 */
function explainItemHead(text: string, start: number, recovering: boolean): ValueExplanation | undefined {
  const name = scanToken(text, start, true);
  if (name.type !== 'ident') return undefined;
  let tok = scanToken(text, name.end, true);
  if (tok.type === '=') return undefined;
  if (tok.type !== '{' && tok.type !== 'oquote' && tok.type !== 'ident') {
    const error = err('Argument or block definition required', 'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.', name.start, name.end);
    return { errors: [error], resume: afterItem(text, name.end) };
  }
  for (;;) {
    if (tok.type === '{') return undefined;
    if (tok.type === 'oquote') {
      const close = closingQuote(text, tok.end);
      const nl = text.indexOf('\n', tok.end);
      // A label with a newline or no end is the string reading's business.
      if (close === undefined || (nl !== -1 && nl < close)) return undefined;
      tok = scanToken(text, close, true);
      continue;
    }
    if (tok.type === 'ident') {
      tok = scanToken(text, tok.end, true);
      continue;
    }
    break;
  }
  const context = [name.start, tok.end] as const;
  const resume = afterItem(text, tok.type === 'newline' ? tok.start : tok.end);
  if (tok.type === '=') {
    return { errors: [err('Invalid block definition', 'The equals sign "=" indicates an argument definition, and must not be used when defining a block.', tok.start, tok.end, context)], resume };
  }
  if (tok.type === 'newline') {
    return { errors: [err('Invalid block definition', 'A block definition must have block content delimited by "{" and "}", starting on the same line as the block header.', tok.start, tok.end, context)], resume };
  }
  const error = err('Invalid block definition', 'Either a quoted string block label or an opening brace ("{") is expected here.', tok.start, tok.end, context);
  return { errors: recovering ? [] : [error], resume };
}

/** hclsyntax's recoverAfterBodyItem: past the next newline outside brackets (or the end of the text). */
function afterItem(text: string, from: number): number {
  let depth = 0;
  for (let at = from; ; ) {
    const tok = scanToken(text, at, true);
    switch (tok.type) {
      case 'eof':
        return text.length;
      case 'newline':
        if (depth === 0) return tok.end;
        break;
      case 'oquote':
        at = closingQuote(text, tok.end) ?? text.length;
        continue;
      case '[':
      case '(':
      case '{':
        depth++;
        break;
      case ']':
      case ')':
      case '}':
        depth = Math.max(0, depth - 1);
        break;
      default:
        break;
    }
    at = tok.end;
  }
}
