/**
 * yamldecode: the `yaml` package parses (failsafe schema, so every scalar arrives as text with its style and
 * tag) and go-cty-yaml's rules turn nodes into values: YAML 1.1 booleans (yes/no/on/off), timestamps as RFC 3339
 * strings, merge keys, aliases, mappings as objects and sequences as tuples.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments, Scalar, type Document, type Node } from 'yaml';
import { BOOL, DYNAMIC, Decimal, NUMBER, STRING, Value, nullVal, objectOf, tupleOf } from '../value.js';
import { formatRfc3339, parseYamlTimestamp } from './go-time.js';

export class YamlDecodeError extends Error {}

const TAG = 'tag:yaml.org,2002:';
const RESOLVABLE = new Set(['', 'str', 'bool', 'int', 'float', 'null', 'timestamp', 'binary'].map((t) => (t ? TAG + t : t)));

const TRUE_WORDS = ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'];
const FALSE_WORDS = ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'];
const NULL_WORDS = ['', '~', 'null', 'Null', 'NULL'];
const POS_INF = ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'];
const NEG_INF = ['-.inf', '-.Inf', '-.INF'];

function wellKnown(src: string): Value | undefined {
  if (TRUE_WORDS.includes(src)) return new Value(BOOL, true);
  if (FALSE_WORDS.includes(src)) return new Value(BOOL, false);
  if (NULL_WORDS.includes(src)) return nullVal(DYNAMIC);
  if (POS_INF.includes(src)) return new Value(NUMBER, new Decimal(Infinity));
  if (NEG_INF.includes(src)) return new Value(NUMBER, new Decimal(-Infinity));
  return undefined;
}

const DECIMAL_NUMBER = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INTEGER_LITERAL = /^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;

const str = (s: string): Value => new Value(STRING, s.normalize('NFC'));

/** Go's strconv.ParseInt with base 0 (0x, 0o, 0b and leading-0 octal prefixes). */
function parseGoInt(text: string): Decimal | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/.exec(text);
  if (!m) return undefined;
  let digits = m[2];
  if (/^0[0-7]/.test(digits)) digits = '0o' + digits.slice(1);
  const n = BigInt(digits.toLowerCase().replace(/^0o/, '0o'));
  return new Decimal((m[1] === '-' ? -n : n).toString());
}

function resolveScalar(tag: string, src: string, quoted: boolean): Value {
  if (!RESOLVABLE.has(tag)) throw new YamlDecodeError(`unsupported tag ${JSON.stringify(tag)}`);
  const first = src[0];
  const hint = src === '' ? 'N' : first === '+' || first === '-' ? 'S' : /[0-9]/.test(first) ? 'D' : 'yYnNtTfFoO~'.includes(first) ? 'M' : first === '.' ? '.' : '';
  let effective = tag;
  if (hint && tag !== TAG + 'str' && tag !== TAG + 'binary') {
    if (quoted) return str(src);
    const known = wellKnown(src);
    if (known) return known;
    if (tag === '' && ['.nan', '.NaN', '.NAN'].includes(src)) throw new YamlDecodeError('floating point NaN is not supported');
    if (hint === '.' && DECIMAL_NUMBER.test(src)) return new Value(NUMBER, new Decimal(src));
    if (hint === 'D' || hint === 'S') {
      if (tag === '' || tag === TAG + 'timestamp') {
        const t = parseYamlTimestamp(src);
        if (t) return str(formatRfc3339(t));
      }
      if (INTEGER_LITERAL.test(src)) effective = TAG + 'int';
      else if (DECIMAL_NUMBER.test(src)) effective = TAG + 'float';
    }
  }
  switch (effective) {
    case TAG + 'binary':
      if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(src)) throw new YamlDecodeError(`cannot parse ${JSON.stringify(src)} as ${tag}: not valid base64`);
      return str(src);
    case TAG + 'str':
    case '':
      return str(src);
    case TAG + 'bool': {
      const v = wellKnown(src);
      if (!v || v.type.kind !== 'bool') throw new YamlDecodeError(`cannot parse ${JSON.stringify(src)} as ${tag}`);
      return v;
    }
    case TAG + 'int':
    case TAG + 'float': {
      const plain = src.replace(/_/g, '');
      if (DECIMAL_NUMBER.test(plain)) return new Value(NUMBER, new Decimal(plain));
      const n = parseGoInt(plain);
      if (n) return new Value(NUMBER, n);
      throw new YamlDecodeError(`cannot parse ${JSON.stringify(src)} as ${effective}`);
    }
    case TAG + 'timestamp': {
      const t = parseYamlTimestamp(src);
      if (!t) throw new YamlDecodeError(`cannot parse ${JSON.stringify(src)} as ${tag}`);
      return str(formatRfc3339(t));
    }
    default:
      return nullVal(DYNAMIC);
  }
}

function objectValue(attrs: ReadonlyMap<string, Value>): Value {
  const sorted = new Map([...attrs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return new Value(objectOf(new Map([...sorted].map(([k, v]) => [k, v.type]))), sorted);
}

class Converter {
  private readonly resolving = new Set<Node>();

  constructor(
    private readonly doc: Document,
    private readonly src: string,
    private readonly lines: LineCounter,
  ) {}

  /** go-cty-yaml's error prefix, whose line number is libyaml's 0-based mark (and absent on the first line). */
  fail(node: { range?: readonly number[] | null } | null | undefined, message: string): never {
    const offset = node?.range?.[0];
    if (offset === undefined) throw new YamlDecodeError(message);
    const { line, col } = this.lines.linePos(offset);
    if (line - 1 === 0) throw new YamlDecodeError(message);
    throw new YamlDecodeError(`on line ${line - 1}, column ${col}: ${message}`);
  }

  value(node: unknown): Value {
    if (node === null || node === undefined) return nullVal(DYNAMIC);
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target || this.resolving.has(target)) this.fail(node, `anchor ${JSON.stringify(node.source)} is not yet complete`);
      return this.value(target);
    }
    if (isScalar(node)) return this.scalar(node);
    if (isSeq(node)) {
      if (node.tag && node.tag !== TAG + 'seq') this.fail(node, `can't interpret sequence as ${node.tag}`);
      return this.guard(node, () => {
        const items = node.items.map((i) => this.value(i));
        return new Value(tupleOf(items.map((v) => v.type)), items);
      });
    }
    if (isMap(node)) {
      if (node.tag && node.tag !== TAG + 'map') this.fail(node, `can't interpret mapping as ${node.tag}`);
      return this.guard(node, () => {
        const attrs = new Map<string, Value>();
        for (const pair of node.items) {
          const key = pair.key as Node | null;
          if (isScalar(key) && ((key.source === '<<' && !key.tag && key.type === Scalar.PLAIN) || key.tag === TAG + 'merge')) {
            this.merge(attrs, pair.value, key);
            continue;
          }
          if (!isScalar(key)) this.fail(key, 'only strings are allowed as mapping keys');
          const k = this.scalar(key);
          if (k.isNull) this.fail(key, 'mapping key cannot be null');
          const text = k.type.kind === 'number' ? (k.raw as Decimal).toFixed() : k.type.kind === 'bool' ? String(k.raw) : (k.raw as string);
          attrs.set(text, this.value(pair.value));
        }
        return objectValue(attrs);
      });
    }
    return this.fail(null, 'unexpected YAML node');
  }

  private guard(node: Node, build: () => Value): Value {
    this.resolving.add(node);
    try {
      return build();
    } finally {
      this.resolving.delete(node);
    }
  }

  private merge(attrs: Map<string, Value>, source: unknown, at: Node): void {
    const v = this.value(source);
    const kind = v.type.kind;
    const copy = (m: Value): void => {
      for (const [k, x] of m.raw as ReadonlyMap<string, Value>) attrs.set(k, x);
    };
    if (kind === 'object' || kind === 'map') {
      copy(v);
    } else if (kind === 'tuple' || kind === 'list') {
      for (const m of v.raw as readonly Value[]) {
        if (m.type.kind !== 'object' && m.type.kind !== 'map') this.fail(at, `cannot merge ${m.type.kind} (from sequence) into mapping`);
        copy(m);
      }
    } else {
      this.fail(at, `cannot merge ${kind} into mapping`);
    }
  }

  private scalar(node: Scalar): Value {
    const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
    let text = String(node.value ?? '');
    // The yaml package keeps a clipped block scalar's final newline even when the document ends without one; libyaml does not.
    const isBlock = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
    const end = node.range?.[1] ?? 0;
    if (isBlock && end >= this.src.length && !/[\r\n]$/.test(this.src) && text.endsWith('\n')) text = text.slice(0, -1);
    try {
      return resolveScalar(node.tag ?? '', text, quoted);
    } catch (e) {
      return this.fail(node, (e as Error).message);
    }
  }
}

export function decodeYaml(src: string): Value {
  const lines = new LineCounter();
  const docs = parseAllDocuments(src, { schema: 'failsafe', lineCounter: lines, uniqueKeys: false, merge: false });
  if (!Array.isArray(docs) || docs.length === 0) {
    throw new YamlDecodeError('on line 1, column 1: missing start of document');
  }
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const [pos] = err.linePos ?? [{ line: 1, col: 1 }];
      throw new YamlDecodeError(`on line ${pos.line}, column ${pos.col}: ${err.message.split(' at line ')[0]}`);
    }
  }
  if (docs.length > 1) {
    const second = docs[1];
    const { line, col } = lines.linePos(second.range[0]);
    throw new YamlDecodeError(`on line ${line - 1}, column ${col}: unexpected extra content after value`);
  }
  return new Converter(docs[0], src, lines).value(docs[0].contents);
}
