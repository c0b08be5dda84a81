/**
 * hclsyntax's tokens, read from the text where the tree-sitter tree cannot tell what hclsyntax would see (see
 * explain.ts): its main-mode scanner one token at a time, and the skips its parser's recovery makes.
 */

export type TokenType =
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

export interface Token {
  readonly type: TokenType;
  readonly start: number;
  readonly end: number;
}

const HEREDOC_START = /^<<-?([\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_-]*)\r?\n/u;

/** Whether a heredoc's opening marker (`<<ID` or `<<-ID` and a line break) is at `at`. */
export function opensHeredoc(text: string, at: number): boolean {
  return HEREDOC_START.test(text.slice(at, at + 300));
}

/**
 * Where the heredoc starting at `at` ends: after its closing marker (before that line's newline). Its text is
 * not read for errors; undefined when it has no closing marker.
 */
export function heredocEnd(text: string, at: number): number | undefined {
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

/** The range of the first token inside a quoted string opened just before `at` (hclsyntax's startRange). */
export function firstStringToken(text: string, at: number): readonly [number, number] {
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

/**
 * The newline tokens hclsyntax's scanner finds in a quoted string from `at` up to its closing quote (or the
 * end): consecutive newlines are one token.
 */
export function quotedNewlines(text: string, at: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === '"') break;
    if (c === '\\') i++;
    else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      const last = out[out.length - 1];
      const end = c === '\r' ? i + 2 : i + 1;
      if (last && last[1] === i) last[1] = end;
      else out.push([i, end]);
      i = end - 1;
    }
  }
  return out;
}

export function closingQuote(text: string, at: number): number | undefined {
  for (let i = at; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return undefined;
}

/** After the closer matching an unclosed one at `from`, or the end of the text (hclsyntax's recover). */
export function seekCloser(text: string, from: number, closer: ']' | ')' | '}'): number {
  const at = closerAt(text, from, closer);
  return at === undefined ? text.length : at + 1;
}

/** Where the closer matching an unclosed one at `from` starts (nested pairs of its kind counted), if anywhere. */
export function closerAt(text: string, from: number, closer: ']' | ')' | '}'): number | undefined {
  const opener = closer === ']' ? '[' : closer === ')' ? '(' : '{';
  let nest = 0;
  for (let at = from; ; ) {
    const tok = scanToken(text, at, false);
    if (tok.type === 'eof') return undefined;
    if (tok.type === 'oquote') {
      at = closingQuote(text, tok.end) ?? text.length;
      continue;
    }
    if (tok.type === opener) nest++;
    else if (tok.type === closer) {
      if (nest === 0) return tok.start;
      nest--;
    }
    at = tok.end;
  }
}

export function endOfLine(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl === -1 ? text.length : nl + 1;
}

/** hclsyntax's recoverAfterBodyItem: past the next newline outside brackets (or the end of the text). */
export function afterItem(text: string, from: number): number {
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

const BINARY_OPS = new Set(['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', '&&', '||']);
/** hclsyntax's identifier characters (Unicode ID_Start or "_", then ID_Continue or "-"). */
export const IDENT_START = /[\p{L}\p{Nl}_]/u;
export const IDENT_PART = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_-]/u;
const TWO_CHAR_OPS = new Set(['==', '!=', '<=', '>=', '&&', '||', '=>', '::']);

/**
 * The next token of hclsyntax's main scanner mode at or after `at`. Spaces and `/* *\/` comments are skipped;
 * newlines (and line comments, which end with one) are a token only when `newlines` is set.
 */
export function scanToken(text: string, at: number, newlines: boolean): Token {
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
