/**
 * A JSON parser that keeps source ranges, member order and duplicate keys (HCL-JSON needs all three; Go's
 * encoding/json keeps none of them). Syntax errors carry Go's encoding/json wording and byte offset, because
 * Packer prints those for legacy JSON templates. Pure; never throws.
 */
import type { Range } from '../diagnostic.js';
import { LineIndex, utf8Length } from '../text.js';

export type JsonNode = JsonObject | JsonArray | JsonString | JsonNumber | JsonBool | JsonNull;

export interface JsonMember {
  readonly key: string;
  readonly keyRange: Range;
  readonly value: JsonNode;
}

export interface JsonObject {
  readonly kind: 'object';
  readonly members: readonly JsonMember[];
  readonly range: Range;
}
export interface JsonArray {
  readonly kind: 'array';
  readonly items: readonly JsonNode[];
  readonly range: Range;
}
export interface JsonString {
  readonly kind: 'string';
  readonly value: string;
  readonly range: Range;
}
export interface JsonNumber {
  readonly kind: 'number';
  /** The literal as written (HCL keeps arbitrary precision). */
  readonly raw: string;
  readonly value: number;
  readonly range: Range;
}
export interface JsonBool {
  readonly kind: 'bool';
  readonly value: boolean;
  readonly range: Range;
}
export interface JsonNull {
  readonly kind: 'null';
  readonly range: Range;
}

export interface JsonSyntaxError {
  /** encoding/json's message, e.g. `invalid character '}' looking for beginning of object key string`. */
  readonly message: string;
  /** UTF-16 offset of the offending character (or the end of the text). */
  readonly offset: number;
  /** Go's SyntaxError.Offset: UTF-8 bytes read before the failure. */
  readonly goOffset: number;
  readonly range: Range;
}

export type JsonParseResult = { readonly value: JsonNode; readonly error?: undefined } | { readonly value?: undefined; readonly error: JsonSyntaxError };

class Failure {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

const WS = new Set([' ', '\t', '\n', '\r']);

export interface JsonParseOptions {
  /** Stop after the first value and ignore what follows, like Go's json.Decoder.Decode. */
  readonly firstValueOnly?: boolean;
}

export function parseJson(text: string, file = '', options: JsonParseOptions = {}): JsonParseResult {
  const lines = new LineIndex(text);
  let pos = 0;
  const range = (start: number, end: number): Range => lines.range(file, start, end);
  const fail = (context: string): never => {
    if (pos >= text.length) throw new Failure('unexpected end of JSON input', text.length);
    throw new Failure(`invalid character ${quoteChar(String.fromCodePoint(text.codePointAt(pos) ?? 0))} ${context}`, pos);
  };
  const skip = (): void => {
    while (pos < text.length && WS.has(text[pos])) pos++;
  };

  const value = (): JsonNode => {
    skip();
    const start = pos;
    const c = text[pos];
    if (c === '{') {
      pos++;
      const members: JsonMember[] = [];
      skip();
      if (text[pos] === '}') {
        pos++;
        return { kind: 'object', members, range: range(start, pos) };
      }
      for (;;) {
        skip();
        if (text[pos] !== '"') fail('looking for beginning of object key string');
        const keyStart = pos;
        const key = string();
        const keyRange = range(keyStart, pos);
        skip();
        if (text[pos] !== ':') fail('after object key');
        pos++;
        members.push({ key, keyRange, value: value() });
        skip();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return { kind: 'object', members, range: range(start, pos) };
        }
        fail('after object key:value pair');
      }
    }
    if (c === '[') {
      pos++;
      const items: JsonNode[] = [];
      skip();
      if (text[pos] === ']') {
        pos++;
        return { kind: 'array', items, range: range(start, pos) };
      }
      for (;;) {
        items.push(value());
        skip();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return { kind: 'array', items, range: range(start, pos) };
        }
        fail('after array element');
      }
    }
    if (c === '"') {
      const s = string();
      return { kind: 'string', value: s, range: range(start, pos) };
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const [word, node] of [
      ['true', { kind: 'bool', value: true }],
      ['false', { kind: 'bool', value: false }],
      ['null', { kind: 'null' }],
    ] as const) {
      if (c !== word[0]) continue;
      for (let i = 1; i < word.length; i++) {
        pos = start + i;
        if (text[pos] !== word[i]) fail(`in literal ${word} (expecting '${word[i]}')`);
      }
      pos = start + word.length;
      return { ...node, range: range(start, pos) } as JsonNode;
    }
    return fail('looking for beginning of value');
  };

  const string = (): string => {
    pos++;
    let out = '';
    for (;;) {
      if (pos >= text.length) fail('');
      const c = text[pos];
      if (c === '"') {
        pos++;
        return out;
      }
      if (c < ' ') fail('in string literal');
      if (c !== '\\') {
        out += c;
        pos++;
        continue;
      }
      pos++;
      const e = text[pos];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        pos++;
      } else if (e === 'u') {
        for (let i = 1; i <= 4; i++) {
          pos++;
          if (!/[0-9a-fA-F]/.test(text[pos] ?? '')) fail('in \\u hexadecimal character escape');
        }
        out += String.fromCharCode(parseInt(text.slice(pos - 3, pos + 1), 16));
        pos++;
      } else fail('in string escape code');
    }
  };

  const number = (): JsonNumber => {
    const start = pos;
    if (text[pos] === '-') pos++;
    if (text[pos] === '0') pos++;
    else if (/[1-9]/.test(text[pos] ?? '')) while (/[0-9]/.test(text[pos] ?? '')) pos++;
    else fail('in numeric literal');
    if (text[pos] === '.') {
      pos++;
      if (!/[0-9]/.test(text[pos] ?? '')) fail('after decimal point in numeric literal');
      while (/[0-9]/.test(text[pos] ?? '')) pos++;
    }
    if (text[pos] === 'e' || text[pos] === 'E') {
      pos++;
      if (text[pos] === '+' || text[pos] === '-') pos++;
      if (!/[0-9]/.test(text[pos] ?? '')) fail('in exponent of numeric literal');
      while (/[0-9]/.test(text[pos] ?? '')) pos++;
    }
    const raw = text.slice(start, pos);
    return { kind: 'number', raw, value: Number(raw), range: range(start, pos) };
  };

  try {
    const v = value();
    skip();
    if (pos < text.length && !options.firstValueOnly) fail('after top-level value');
    return { value: v };
  } catch (err) {
    if (!(err instanceof Failure)) throw err;
    const offset = err.offset;
    const goOffset = utf8Length(text, 0, offset) + (offset < text.length ? 1 : 0);
    return { error: { message: err.message, offset, goOffset, range: range(offset, Math.min(text.length, offset + 1)) } };
  }
}

/** encoding/json's quoteChar. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const q = JSON.stringify(c);
  return `'${q.slice(1, -1)}'`;
}

/** The plain JavaScript value of a node (objects as Maps to keep order and allow any key). */
export type PlainJson = null | boolean | number | string | PlainJson[] | Map<string, PlainJson>;

/** Like Go's json.Unmarshal into interface{}: the last of duplicate keys wins. */
export function toPlain(node: JsonNode): PlainJson {
  switch (node.kind) {
    case 'object':
      return new Map(node.members.map((m) => [m.key, toPlain(m.value)]));
    case 'array':
      return node.items.map(toPlain);
    case 'null':
      return null;
    default:
      return node.value;
  }
}
