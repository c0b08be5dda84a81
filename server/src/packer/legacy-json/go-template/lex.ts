/**
 * The lexer of Go's text/template, for the subset legacy Packer templates use. Token boundaries, trim markers
 * (`{{- ` / ` -}}`), comments and error messages follow Go so that `hcl2_upgrade` fails on exactly the
 * blocks Packer fails on, with the same explanation.
 */

export type ItemType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'identifier'
  | 'field'
  | 'variable'
  | 'string'
  | 'rawString'
  | 'number'
  | 'charConstant'
  | 'bool'
  | 'nil'
  | 'dot'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'char'
  | 'assign'
  | 'declare'
  | 'keyword'
  | 'eof'
  | 'error';

export interface Item {
  readonly type: ItemType;
  readonly value: string;
  /** Index in the input (JS string index). */
  readonly pos: number;
  /** 1-based line of the item's start. */
  readonly line: number;
}

const LEFT = '{{';
const RIGHT = '}}';
const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlphaNumeric = (c: string): boolean => c === '_' || /^[\p{L}\p{Nd}]$/u.test(c);

export function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;

  const emit = (type: ItemType, value = input.slice(start, pos)): void => {
    items.push({ type, value, pos: start, line: startLine });
    start = pos;
    startLine = line;
  };
  const advance = (n: number): void => {
    for (let i = 0; i < n && pos < input.length; i++) {
      if (input[pos] === '\n') line++;
      pos++;
    }
  };
  const ignore = (): void => {
    start = pos;
    startLine = line;
  };
  const fail = (message: string): Item[] => {
    items.push({ type: 'error', value: message, pos: start, line: startLine });
    return items;
  };
  const peekChar = (): string => (pos < input.length ? String.fromCodePoint(input.codePointAt(pos) ?? 0) : '');
  const nextChar = (): string => {
    const c = peekChar();
    advance(c.length);
    return c;
  };
  const hasRightTrim = (at: number): boolean => isSpace(input[at] ?? '') && input[at + 1] === '-' && input.startsWith(RIGHT, at + 2);
  const atTerminator = (): boolean => {
    const c = peekChar();
    if (c === '' || isSpace(c) || '.,|:)('.includes(c)) return true;
    return input.startsWith(RIGHT, pos);
  };

  for (;;) {
    // Text up to the next action.
    const open = input.indexOf(LEFT, pos);
    if (open < 0) {
      advance(input.length - pos);
      if (pos > start) emit('text');
      items.push({ type: 'eof', value: '', pos, line });
      return items;
    }
    const trimLeft = input[open + 2] === '-' && isSpace(input[open + 3] ?? '');
    advance(open - pos);
    let textEnd = pos;
    if (trimLeft) while (textEnd > start && isSpace(input[textEnd - 1])) textEnd--;
    if (textEnd > start) items.push({ type: 'text', value: input.slice(start, textEnd), pos: start, line: startLine });
    ignore();

    // The left delimiter, or a comment.
    advance(LEFT.length + (trimLeft ? 2 : 0));
    if (input.startsWith('/*', pos)) {
      const close = input.indexOf('*/', pos + 2);
      if (close < 0) return fail('unclosed comment');
      advance(close + 2 - pos);
      const trimRight = hasRightTrim(pos);
      if (!trimRight && !input.startsWith(RIGHT, pos)) return fail('comment ends before closing delimiter');
      advance((trimRight ? 2 : 0) + RIGHT.length);
      if (trimRight) while (pos < input.length && isSpace(input[pos])) advance(1);
      ignore();
      continue;
    }
    emit('leftDelim', LEFT);
    parenDepth = 0;

    // Inside the action.
    for (;;) {
      const trimRight = hasRightTrim(pos);
      if (trimRight || input.startsWith(RIGHT, pos)) {
        if (parenDepth !== 0) return fail('unclosed left paren');
        if (trimRight) {
          advance(2);
          ignore();
        }
        advance(RIGHT.length);
        emit('rightDelim');
        if (trimRight) {
          while (pos < input.length && isSpace(input[pos])) advance(1);
          ignore();
        }
        break;
      }
      const c = nextChar();
      if (c === '') return fail('unclosed action');
      if (isSpace(c)) {
        let count = 1;
        while (isSpace(peekChar())) {
          advance(1);
          count++;
        }
        // A space before `-}}` belongs to the trim marker.
        if (hasRightTrim(pos - 1)) {
          pos--;
          if (input[pos] === '\n') line--;
          if (count === 1) continue;
        }
        emit('space');
      } else if (c === '=') emit('assign');
      else if (c === ':') {
        if (nextChar() !== '=') return fail('expected :=');
        emit('declare');
      } else if (c === '|') emit('pipe');
      else if (c === '"') {
        for (;;) {
          const d = nextChar();
          if (d === '\\') {
            const e = nextChar();
            if (e === '' || e === '\n') return fail('unterminated quoted string');
            continue;
          }
          if (d === '' || d === '\n') return fail('unterminated quoted string');
          if (d === '"') break;
        }
        emit('string');
      } else if (c === '`') {
        const close = input.indexOf('`', pos);
        if (close < 0) return fail('unterminated raw quoted string');
        advance(close + 1 - pos);
        emit('rawString');
      } else if (c === '$' || (c === '.' && !/[0-9]/.test(input[pos] ?? ''))) {
        if (atTerminator()) {
          emit(c === '$' ? 'variable' : 'dot');
          continue;
        }
        while (isAlphaNumeric(peekChar())) advance(peekChar().length);
        if (!atTerminator()) return fail(`bad character ${goRune(peekChar())}`);
        emit(c === '$' ? 'variable' : 'field');
      } else if (c === "'") {
        for (;;) {
          const d = nextChar();
          if (d === '\\') {
            const e = nextChar();
            if (e === '' || e === '\n') return fail('unterminated character constant');
            continue;
          }
          if (d === '' || d === '\n') return fail('unterminated character constant');
          if (d === "'") break;
        }
        emit('charConstant');
      } else if (c === '+' || c === '-' || c === '.' || /[0-9]/.test(c)) {
        const m = /^[+-]?(0[xX][0-9a-fA-F_]*(\.[0-9a-fA-F_]*)?([pP][+-]?[0-9_]+)?|0[oObB][0-7_]*|[0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?)i?/.exec(input.slice(pos - 1));
        const text = m ? m[0] : c;
        advance(text.length - 1);
        if (isAlphaNumeric(peekChar()) || !/[0-9]/.test(text)) {
          advance(peekChar().length);
          return fail(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
        }
        emit('number');
      } else if (isAlphaNumeric(c)) {
        while (isAlphaNumeric(peekChar())) advance(peekChar().length);
        if (!atTerminator()) return fail(`bad character ${goRune(peekChar())}`);
        const word = input.slice(start, pos);
        if (KEYWORDS.has(word)) emit('keyword');
        else if (word === 'true' || word === 'false') emit('bool');
        else if (word === 'nil') emit('nil');
        else emit('identifier');
      } else if (c === '(') {
        emit('leftParen');
        parenDepth++;
      } else if (c === ')') {
        parenDepth--;
        if (parenDepth < 0) return fail('unexpected right paren');
        emit('rightParen');
      } else if (c.length === 1 && c >= ' ' && c <= '~') emit('char');
      else return fail(`unrecognized character in action: ${goRune(c)}`);
    }
  }
}

/** Go's `%#U`: `U+0060 '`'`. */
function goRune(c: string): string {
  const cp = c === '' ? 0 : (c.codePointAt(0) ?? 0);
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(c) ? `U+${hex} '${c}'` : `U+${hex}`;
}

/** Go's strconv.Quote (and `%q` of a string). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) out += ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}
