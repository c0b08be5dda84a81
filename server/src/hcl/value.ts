/**
 * Values and types with cty's semantics (what Packer evaluates HCL into).
 * A Value is immutable; `raw` holds the payload for its type:
 *   string → string, number → Decimal, bool → boolean,
 *   list/set/tuple → readonly Value[] (sets kept in cty's canonical order),
 *   map/object → ReadonlyMap<string, Value> (keys sorted lexically, as cty iterates them),
 *   and for any type: null (a null value) or UNKNOWN (known only at build time).
 * Marks (e.g. "sensitive") travel with values through operators and functions.
 */
import Decimal from 'decimal.js';
import { normalizeNumber } from './number.js';

export type Type =
  | { readonly kind: 'string' }
  | { readonly kind: 'number' }
  | { readonly kind: 'bool' }
  /** cty.DynamicPseudoType: "any" in constraints, the type of values whose type is not known yet. */
  | { readonly kind: 'dynamic' }
  | { readonly kind: 'list'; readonly elem: Type }
  | { readonly kind: 'set'; readonly elem: Type }
  | { readonly kind: 'map'; readonly elem: Type }
  | {
      readonly kind: 'object';
      readonly attrs: ReadonlyMap<string, Type>;
      /** Attributes declared with optional() in a type constraint. */
      readonly optional?: ReadonlySet<string>;
      /** Defaults given as optional(type, default) in a type constraint. */
      readonly defaults?: ReadonlyMap<string, Value>;
    }
  | { readonly kind: 'tuple'; readonly elems: readonly Type[] };

export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

export type Raw = null | Unknown | string | boolean | Decimal | readonly Value[] | ReadonlyMap<string, Value>;

export type Mark = 'sensitive';
const NO_MARKS: ReadonlySet<Mark> = new Set();

export class Value {
  constructor(
    readonly type: Type,
    readonly raw: Raw,
    readonly marks: ReadonlySet<Mark> = NO_MARKS,
  ) {}

  get isNull(): boolean {
    return this.raw === null;
  }

  get isKnown(): boolean {
    return this.raw !== UNKNOWN;
  }

  get isSensitive(): boolean {
    return this.marks.has('sensitive');
  }

  withMarks(marks: Iterable<Mark>): Value {
    const merged = new Set<Mark>([...this.marks, ...marks]);
    return merged.size === this.marks.size ? this : new Value(this.type, this.raw, merged);
  }

  unmarked(): Value {
    return this.marks.size === 0 ? this : new Value(this.type, this.raw);
  }
}

export const STRING: Type = { kind: 'string' };
export const NUMBER: Type = { kind: 'number' };
export const BOOL: Type = { kind: 'bool' };
export const DYNAMIC: Type = { kind: 'dynamic' };

export const listOf = (elem: Type): Type => ({ kind: 'list', elem });
export const setOf = (elem: Type): Type => ({ kind: 'set', elem });
export const mapOf = (elem: Type): Type => ({ kind: 'map', elem });
export const tupleOf = (elems: readonly Type[]): Type => ({ kind: 'tuple', elems });
export const objectOf = (attrs: ReadonlyMap<string, Type> | Readonly<Record<string, Type>>): Type => ({
  kind: 'object',
  attrs: attrs instanceof Map ? attrs : new Map(Object.entries(attrs)),
});
export const EMPTY_OBJECT: Type = objectOf(new Map());
export const EMPTY_TUPLE: Type = tupleOf([]);

export const stringVal = (s: string): Value => new Value(STRING, s);
/** Numbers are rounded to cty's 512-bit binary precision so that equal numbers have equal Decimals. */
export const numberVal = (n: Decimal.Value): Value => new Value(NUMBER, normalizeNumber(new Decimal(n)));
export const boolVal = (b: boolean): Value => new Value(BOOL, b);
export const TRUE = boolVal(true);
export const FALSE = boolVal(false);
export const nullVal = (t: Type = DYNAMIC): Value => new Value(t, null);
export const unknownVal = (t: Type = DYNAMIC): Value => new Value(t, UNKNOWN);
export const DYNAMIC_UNKNOWN = unknownVal(DYNAMIC);

export { Decimal };

// ---------------------------------------------------------------------------------------------------------------
// Type predicates

export const isPrimitiveType = (t: Type): boolean => t.kind === 'string' || t.kind === 'number' || t.kind === 'bool';
export const isCollectionType = (t: Type): t is Extract<Type, { kind: 'list' | 'set' | 'map' }> =>
  t.kind === 'list' || t.kind === 'set' || t.kind === 'map';

/** Structural equality of types (cty Type.Equals): optional-attribute sets count, defaults do not. */
export function typeEquals(a: Type, b: Type): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'list':
    case 'set':
    case 'map':
      return b.kind === a.kind && typeEquals(a.elem, (b as typeof a).elem);
    case 'tuple':
      return b.kind === 'tuple' && a.elems.length === b.elems.length && a.elems.every((t, i) => typeEquals(t, b.elems[i]!));
    case 'object': {
      if (b.kind !== 'object' || a.attrs.size !== b.attrs.size) return false;
      for (const [name, t] of a.attrs) {
        const other = b.attrs.get(name);
        if (!other || !typeEquals(t, other)) return false;
      }
      const oa = a.optional ?? new Set<string>();
      const ob = b.optional ?? new Set<string>();
      return oa.size === ob.size && [...oa].every((n) => ob.has(n));
    }
    default:
      return a.kind === b.kind;
  }
}

/** Whether the type contains the dynamic pseudo-type anywhere (cty Type.HasDynamicTypes). */
export function hasDynamicTypes(t: Type): boolean {
  switch (t.kind) {
    case 'dynamic':
      return true;
    case 'list':
    case 'set':
    case 'map':
      return hasDynamicTypes(t.elem);
    case 'tuple':
      return t.elems.some(hasDynamicTypes);
    case 'object':
      return [...t.attrs.values()].some(hasDynamicTypes);
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Building collections. Elements keep their own marks, except in sets: a set cannot hold marked elements, so
// their marks move to the set itself (as cty.SetVal does).

const NO_ELEMS: readonly Value[] = [];

function sortedMap(entries: Iterable<[string, Value]>): ReadonlyMap<string, Value> {
  return new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function entriesOf(attrs: ReadonlyMap<string, Value> | Readonly<Record<string, Value>>): [string, Value][] {
  return attrs instanceof Map ? [...(attrs as ReadonlyMap<string, Value>)] : Object.entries(attrs);
}

/** The element type of a non-empty homogeneous list/set/map; elements that are null or unknown of dynamic type adapt. */
function commonElementType(elems: readonly Value[]): Type {
  const typed = elems.find((e) => e.type.kind !== 'dynamic');
  return typed ? typed.type : DYNAMIC;
}

export const emptyList = (elem: Type): Value => new Value(listOf(elem), NO_ELEMS);
export const emptySet = (elem: Type): Value => new Value(setOf(elem), NO_ELEMS);
export const emptyMap = (elem: Type): Value => new Value(mapOf(elem), new Map());
export const EMPTY_OBJECT_VAL = new Value(EMPTY_OBJECT, new Map());
export const EMPTY_TUPLE_VAL = new Value(EMPTY_TUPLE, NO_ELEMS);

/** A list of elements that all have the same type (convert them first when they may not); `elemType` for empty lists. */
export function listVal(elems: readonly Value[], elemType?: Type): Value {
  if (elems.length === 0) return emptyList(elemType ?? DYNAMIC);
  return new Value(listOf(elemType ?? commonElementType(elems)), [...elems]);
}

export function tupleVal(elems: readonly Value[]): Value {
  return new Value(tupleOf(elems.map((e) => e.type)), [...elems]);
}

export function mapVal(elems: ReadonlyMap<string, Value> | Readonly<Record<string, Value>>, elemType?: Type): Value {
  const entries = entriesOf(elems);
  if (entries.length === 0) return emptyMap(elemType ?? DYNAMIC);
  return new Value(mapOf(elemType ?? commonElementType(entries.map(([, v]) => v))), sortedMap(entries));
}

export function objectVal(attrs: ReadonlyMap<string, Value> | Readonly<Record<string, Value>>): Value {
  const entries = entriesOf(attrs);
  return new Value(objectOf(new Map(entries.map(([k, v]) => [k, v.type]))), sortedMap(entries));
}

/**
 * An object from attributes already in cty's order (names ascending), with its type when the caller has it: a
 * caller rebuilding a large object whose names did not change (see packer/memo.ts ReusedObject) skips the sort, and
 * the type's map when no attribute's type changed.
 */
export function orderedObjectVal(attrs: ReadonlyMap<string, Value>, type?: Type): Value {
  return new Value(type ?? objectOf(new Map([...attrs].map(([k, v]) => [k, v.type]))), attrs);
}

/** A set: duplicates removed and elements in cty's order (see compareSetElements). */
export function setVal(elems: readonly Value[], elemType?: Type): Value {
  if (elems.length === 0) return emptySet(elemType ?? DYNAMIC);
  const marks = new Set<Mark>();
  const unique: Value[] = [];
  for (const e of elems) {
    const plain = unmarkDeep(e, marks);
    if (!unique.some((u) => rawEquals(u, plain))) unique.push(plain);
  }
  unique.sort(compareSetElements);
  const set = new Value(setOf(elemType ?? commonElementType(unique)), unique);
  return marks.size ? set.withMarks(marks) : set;
}

// ---------------------------------------------------------------------------------------------------------------
// Marks

/** The value with every mark removed at every depth; the removed marks are added to `into`. */
export function unmarkDeep(v: Value, into?: Set<Mark>): Value {
  if (into) for (const m of v.marks) into.add(m);
  const raw = v.raw;
  if (Array.isArray(raw)) {
    const elems = (raw as readonly Value[]).map((e) => unmarkDeep(e, into));
    return new Value(v.type, elems);
  }
  if (raw instanceof Map) {
    const entries = [...(raw as ReadonlyMap<string, Value>)].map(([k, e]): [string, Value] => [k, unmarkDeep(e, into)]);
    return new Value(v.type, new Map(entries));
  }
  return v.unmarked();
}

/** Whether a mark sits on the value or anything in it (without building an unmarked copy as `unmarkDeep` does). */
export function hasDeepMark(v: Value, mark: Mark): boolean {
  if (v.marks.has(mark)) return true;
  if (Array.isArray(v.raw)) return (v.raw as readonly Value[]).some((e) => hasDeepMark(e, mark));
  if (v.raw instanceof Map) {
    for (const e of (v.raw as ReadonlyMap<string, Value>).values()) if (hasDeepMark(e, mark)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Inspection

/** The elements of a list, set or tuple (empty for null/unknown). */
export function elementsOf(v: Value): readonly Value[] {
  return Array.isArray(v.raw) ? (v.raw as readonly Value[]) : NO_ELEMS;
}

/** The entries of a map or object in key order (empty for null/unknown). */
export function entriesOfValue(v: Value): ReadonlyMap<string, Value> {
  return v.raw instanceof Map ? (v.raw as ReadonlyMap<string, Value>) : new Map();
}

/** Known and not containing unknown values at any depth (cty IsWhollyKnown). */
export function isWhollyKnown(v: Value): boolean {
  if (!v.isKnown) return false;
  if (Array.isArray(v.raw)) return (v.raw as readonly Value[]).every(isWhollyKnown);
  if (v.raw instanceof Map) return [...(v.raw as ReadonlyMap<string, Value>).values()].every(isWhollyKnown);
  return true;
}

/** Identical type, identical payload and identical marks at every depth (cty RawEquals). */
export function rawEquals(a: Value, b: Value): boolean {
  if (!typeEquals(a.type, b.type)) return false;
  if (a.marks.size !== b.marks.size || [...a.marks].some((m) => !b.marks.has(m))) return false;
  if (a.raw === null || b.raw === null || a.raw === UNKNOWN || b.raw === UNKNOWN) return a.raw === b.raw;
  if (a.raw instanceof Decimal) return b.raw instanceof Decimal && a.raw.equals(b.raw);
  if (Array.isArray(a.raw)) {
    const ea = a.raw as readonly Value[];
    const eb = b.raw as readonly Value[];
    return ea.length === eb.length && ea.every((e, i) => rawEquals(e, eb[i]!));
  }
  if (a.raw instanceof Map) {
    const ma = a.raw as ReadonlyMap<string, Value>;
    const mb = b.raw as ReadonlyMap<string, Value>;
    if (ma.size !== mb.size) return false;
    for (const [k, e] of ma) {
      const other = mb.get(k);
      if (!other || !rawEquals(e, other)) return false;
    }
    return true;
  }
  return a.raw === b.raw;
}

/**
 * cty's set ordering: known before unknown, non-null before null; strings lexically (by UTF-16 code unit, close
 * to Go's byte order), numbers numerically, false before true; other types by their set-hash text.
 */
export function compareSetElements(a: Value, b: Value): number {
  if (rawEquals(a, b)) return 0;
  if (a.isNull !== b.isNull) return a.isNull ? 1 : -1;
  if (a.isKnown !== b.isKnown) return a.isKnown ? -1 : 1;
  if (a.isNull || !a.isKnown) return 0;
  switch (a.type.kind) {
    case 'string':
      return compareUtf8(a.raw as string, b.raw as string);
    case 'number':
      return (a.raw as Decimal).comparedTo(b.raw as Decimal);
    case 'bool':
      return a.raw === b.raw ? 0 : a.raw ? 1 : -1;
    default:
      return compareUtf8(setHashText(a), setHashText(b));
  }
}

function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return Buffer.compare(ba, bb);
}

/** cty's appendSetHashBytes: the text sets order their non-primitive elements by. */
function setHashText(v: Value): string {
  if (!v.isKnown) return '?';
  if (v.isNull) return '~';
  switch (v.type.kind) {
    case 'number':
      return goFloatG10(v.raw as Decimal);
    case 'bool':
      return v.raw ? 'T' : 'F';
    case 'string':
      return JSON.stringify(v.raw);
    case 'map':
      return `{${[...entriesOfValue(v)].map(([k, e]) => `${JSON.stringify(k)}:${setHashText(e)};`).join('')}}`;
    case 'list':
    case 'set':
      return `[${elementsOf(v).map((e) => `${setHashText(e)};`).join('')}]`;
    case 'object':
      return `<${[...entriesOfValue(v).values()].map((e) => `${setHashText(e)};`).join('')}>`;
    case 'tuple':
      return `<${elementsOf(v).map((e) => `${setHashText(e)};`).join('')}>`;
    default:
      return '';
  }
}

/** big.Float.String(): %g with 10 significant digits. */
function goFloatG10(d: Decimal): string {
  if (!d.isFinite()) return d.isNegative() ? '-Inf' : '+Inf';
  if (d.isZero()) return '0';
  const rounded = d.toSignificantDigits(10, Decimal.ROUND_HALF_EVEN);
  const exp = rounded.e;
  const digits = rounded.abs().toExponential().split('e')[0]!.replace('.', '');
  const sign = d.isNegative() ? '-' : '';
  const eprec = digits.length < 10 && digits.length >= exp + 1 ? digits.length : 10;
  if (exp < -4 || exp >= eprec) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  return sign + rounded.abs().toFixed();
}
