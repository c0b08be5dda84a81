/**
 * cty's JSON mapping: jsondecode infers object/tuple types and keeps numbers exact; jsonencode writes compact
 * JSON with Go's escaping (HTML-safe <, >, &; U+2028/U+2029) and numbers in plain decimal notation.
 */
import { DYNAMIC, Decimal, STRING, BOOL, NUMBER, Value, nullVal, objectOf, tupleOf } from '../value.js';

export class JsonError extends Error {}

class JsonReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  document(): Value {
    this.ws();
    if (this.pos >= this.text.length) throw new JsonError('EOF');
    const v = this.value();
    this.ws();
    if (this.pos < this.text.length) throw new JsonError('extraneous data after JSON object');
    return v;
  }

  private ws(): void {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos])) this.pos++;
  }

  private unexpected(context: string): never {
    if (this.pos >= this.text.length) throw new JsonError('unexpected EOF');
    throw new JsonError(`invalid character ${goQuoteChar(this.text[this.pos])} ${context}`);
  }

  private value(): Value {
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return new Value(STRING, this.string().normalize('NFC'));
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [
      ['true', new Value(BOOL, true)],
      ['false', new Value(BOOL, false)],
      ['null', nullVal(DYNAMIC)],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
      if (c === word[0]) {
        let i = 0;
        while (this.text[this.pos] === word[i]) {
          this.pos++;
          i++;
        }
        this.unexpected(`in literal ${word} (expecting ${goQuoteChar(word[i])})`);
      }
    }
    return this.unexpected('looking for beginning of value');
  }

  private object(): Value {
    this.pos++;
    const attrs = new Map<string, Value>();
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return new Value(objectOf(new Map()), new Map());
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.unexpected('looking for beginning of object key string');
      const key = this.string().normalize('NFC');
      this.ws();
      if (this.text[this.pos] !== ':') this.unexpected('after object key');
      this.pos++;
      this.ws();
      const v = this.value();
      const existing = attrs.get(key);
      if (existing && !sameType(existing, v)) throw new JsonError(`duplicate ${JSON.stringify(key)} property in JSON object`);
      attrs.set(key, v);
      this.ws();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      if (this.text[this.pos] === '}') {
        this.pos++;
        break;
      }
      this.unexpected('after object key:value pair');
    }
    const sorted = new Map([...attrs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return new Value(objectOf(new Map([...sorted].map(([k, v]) => [k, v.type]))), sorted);
  }

  private array(): Value {
    this.pos++;
    const items: Value[] = [];
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return new Value(tupleOf([]), []);
    }
    for (;;) {
      this.ws();
      items.push(this.value());
      this.ws();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      if (this.text[this.pos] === ']') {
        this.pos++;
        break;
      }
      this.unexpected('after array element');
    }
    return new Value(tupleOf(items.map((v) => v.type)), items);
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) throw new JsonError('unexpected EOF');
      if (c === '"') break;
      if (c < ' ') this.unexpected('in string literal');
      if (c === '\\') {
        const e = this.text[this.pos + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
            this.pos += 2;
            while (/[0-9a-fA-F]/.test(this.text[this.pos] ?? '')) this.pos++;
            this.unexpected('in \\u hexadecimal character escape');
          }
          this.pos += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          this.pos++;
          this.unexpected('in string escape code');
        }
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
    this.pos++;
    // The grammar is checked above; JSON.parse applies the escapes (and pairs surrogates) exactly as Go does.
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private number(): Value {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.pos));
    if (!m) {
      this.pos++;
      this.unexpected('in numeric literal');
    }
    this.pos += m![0].length;
    const next = this.text[this.pos];
    if (next === '.' || next === 'e' || next === 'E') {
      this.pos++;
      this.unexpected(next === '.' ? 'after decimal point in numeric literal' : 'in exponent of numeric literal');
    }
    return new Value(NUMBER, new Decimal(m![0]));
  }
}

function goQuoteChar(c: string | undefined): string {
  if (c === undefined) return "''";
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  return `'${JSON.stringify(c).slice(1, -1)}'`;
}

function sameType(a: Value, b: Value): boolean {
  return JSON.stringify(typeKey(a.type)) === JSON.stringify(typeKey(b.type));
}

function typeKey(t: Value['type']): unknown {
  switch (t.kind) {
    case 'object':
      return ['object', [...t.attrs].map(([k, v]) => [k, typeKey(v)])];
    case 'tuple':
      return ['tuple', t.elems.map(typeKey)];
    case 'list':
    case 'set':
    case 'map':
      return [t.kind, typeKey(t.elem)];
    default:
      return t.kind;
  }
}

export function decodeJson(text: string): Value {
  return new JsonReader(text).document();
}

/** Go's encoding/json string escaping (HTML-safe, as json.Marshal does by default). */
export function goJsonString(s: string): string {
  let out = '"';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === '\b') out += '\\b';
    else if (c === '\f') out += '\\f';
    else if (cp < 0x20 || c === '<' || c === '>' || c === '&' || cp === 0x2028 || cp === 0x2029) {
      out += '\\u' + cp.toString(16).padStart(4, '0');
    } else out += c;
  }
  return out + '"';
}

/** cty json.Marshal of a wholly known, unmarked value. */
export function encodeJson(v: Value): string {
  if (!v.isKnown) throw new JsonError('value is not known');
  if (v.isNull) return 'null';
  const raw = v.raw;
  switch (v.type.kind) {
    case 'string':
      return goJsonString(raw as string);
    case 'number': {
      const n = raw as Decimal;
      if (!n.isFinite()) throw new JsonError('cannot serialize infinity as JSON');
      return n.toFixed();
    }
    case 'bool':
      return raw ? 'true' : 'false';
    case 'list':
    case 'set':
    case 'tuple':
      return `[${(raw as readonly Value[]).map(encodeJson).join(',')}]`;
    case 'map':
    case 'object':
      return `{${[...(raw as ReadonlyMap<string, Value>)].map(([k, x]) => `${goJsonString(k)}:${encodeJson(x)}`).join(',')}}`;
    default:
      throw new JsonError('value is not known');
  }
}
