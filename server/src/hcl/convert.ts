/**
 * Value conversion and type unification with cty's rules (zclconf/go-cty cty/convert, the 1.13 line Packer pins):
 * safe conversions (number/bool → string, tuple → list, object → map, ...) and unsafe ones (string → number/bool,
 * list → set, map → object, dynamic → anything), the exact error texts of cty, and Unify for conditionals and
 * collection literals.
 */
import { formatNumber, parseNumber } from './number.js';
import { constraintName, typeConforms, withoutOptional } from './types.js';
import {
  type Mark,
  type Type,
  BOOL,
  DYNAMIC,
  FALSE,
  NUMBER,
  TRUE,
  Value,
  Decimal,
  compareSetElements,
  elementsOf,
  entriesOfValue,
  hasDynamicTypes,
  isCollectionType,
  isPrimitiveType,
  listOf,
  mapOf,
  objectOf,
  rawEquals,
  setOf,
  stringVal,
  tupleOf,
  typeEquals,
  unknownVal,
  unmarkDeep,
} from './value.js';

export { isWhollyKnown } from './value.js';

/** A step into a value: an attribute name / map key (string) or a list, set or tuple index (number). */
export type PathStep = string | number;

export class ConversionError extends Error {
  constructor(
    message: string,
    /** Where inside the value the problem is (empty for the value itself). */
    readonly path: readonly PathStep[] = [],
  ) {
    super(message);
  }
}

type Conversion = (v: Value, path: readonly PathStep[]) => Value;

/**
 * Converts v to the wanted type, or throws ConversionError with cty's message. Unknown and null values convert to
 * unknown/null of the target type. Marks are kept.
 */
export function convert(v: Value, want: Type): Value {
  if (typeEquals(v.type, withoutOptional(want))) return v;
  const conv = getConversion(v.type, want, true);
  if (!conv) throw new ConversionError(mismatchMessage(v.type, want));
  return conv(v, []);
}

/** Whether some value of type `from` may convert to `to` (cty GetConversionUnsafe != nil). */
export function canConvert(from: Type, to: Type): boolean {
  return typeEquals(from, to) || getConversion(from, to, true) !== undefined;
}

/** Whether every value of type `from` converts to `to` without loss (cty GetConversion != nil). */
export function canConvertSafely(from: Type, to: Type): boolean {
  return typeEquals(from, to) || getConversion(from, to, false) !== undefined;
}

/** convert, but returning the error instead of throwing it. */
export function tryConvert(v: Value, want: Type): Value | ConversionError {
  try {
    return convert(v, want);
  } catch (e) {
    if (e instanceof ConversionError) return e;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Conversion planning (cty getConversion / getConversionKnown)

function getConversion(from: Type, to: Type, unsafe: boolean): Conversion | undefined {
  const conv = getConversionKnown(from, to, unsafe);
  if (!conv) return undefined;
  const run: Conversion = (v, path) => {
    if (v.marks.size > 0) return run(v.unmarked(), path).withMarks(v.marks);
    if (to.kind === 'dynamic') return v;
    if (!v.isKnown) return unknownVal(dynamicReplace(v.type, withoutOptional(to)));
    if (v.isNull) return new Value(dynamicReplace(v.type, withoutOptional(to)), null);
    return conv(v, path);
  };
  return run;
}

function getConversionKnown(from: Type, to: Type, unsafe: boolean): Conversion | undefined {
  if (to.kind === 'dynamic') return (v) => v;
  if (unsafe && from.kind === 'dynamic') {
    return (v, path) => {
      try {
        return convert(v, to);
      } catch (e) {
        if (e instanceof ConversionError) throw new ConversionError(e.message, [...path, ...e.path]);
        throw e;
      }
    };
  }
  if (isPrimitiveType(from) && isPrimitiveType(to)) return primitiveConversion(from, to, unsafe);
  if (to.kind === 'object' && from.kind === 'object') return objectToObject(from, to, unsafe);
  if (to.kind === 'tuple' && from.kind === 'tuple') return tupleToTuple(from, to, unsafe);
  if (to.kind === 'list' && (from.kind === 'list' || from.kind === 'set')) {
    if (typeEquals(from.elem, to.elem)) return collectionToList(to.elem, undefined);
    const elemConv = getConversion(from.elem, to.elem, unsafe);
    return elemConv && collectionToList(to.elem, elemConv);
  }
  if (to.kind === 'set' && (from.kind === 'list' || from.kind === 'set')) {
    if (from.kind === 'list' && !unsafe) return undefined;
    if (typeEquals(from.elem, to.elem)) return collectionToSet(to.elem, undefined);
    const elemConv = getConversion(from.elem, to.elem, unsafe);
    return elemConv && collectionToSet(to.elem, elemConv);
  }
  if (to.kind === 'map' && from.kind === 'map') {
    const elemConv = getConversion(from.elem, to.elem, unsafe);
    return elemConv && collectionToMap(to.elem, elemConv);
  }
  if (to.kind === 'list' && from.kind === 'tuple') return tupleToList(from, to.elem, unsafe);
  if (to.kind === 'set' && from.kind === 'tuple') return tupleToSet(from, to.elem, unsafe);
  if (to.kind === 'map' && from.kind === 'object') return objectToMap(from, to.elem, unsafe);
  if (to.kind === 'object' && from.kind === 'map') return unsafe ? mapToObject(from, to, unsafe) : undefined;
  return undefined;
}

function primitiveConversion(from: Type, to: Type, unsafe: boolean): Conversion | undefined {
  if (from.kind === to.kind) return (v) => v;
  if (to.kind === 'string') {
    if (from.kind === 'number') return (v) => stringVal(formatNumber(v.raw as Decimal));
    if (from.kind === 'bool') return (v) => stringVal(v.raw ? 'true' : 'false');
  }
  if (!unsafe || from.kind !== 'string') return undefined;
  if (to.kind === 'number') {
    return (v, path) => {
      const n = parseNumber(v.raw as string);
      if (!n) throw new ConversionError('a number is required', path);
      return new Value(NUMBER, n);
    };
  }
  if (to.kind === 'bool') {
    return (v, path) => {
      const s = v.raw as string;
      if (s === 'true' || s === '1') return TRUE;
      if (s === 'false' || s === '0') return FALSE;
      const lower = s.toLowerCase();
      if (lower === 'true' || lower === 'false') {
        throw new ConversionError(`a bool is required; to convert from string, use lowercase "${lower}"`, path);
      }
      throw new ConversionError('a bool is required', path);
    };
  }
  return undefined;
}

function nullWithoutOptional(v: Value): Value {
  return v.isNull ? new Value(withoutOptional(v.type), null, v.marks) : v;
}

function collectionToList(elemType: Type, conv: Conversion | undefined): Conversion {
  return (v, path) => {
    const source = elementsOf(v);
    const elems = source.map((e, i) => nullWithoutOptional(conv ? conv(e, [...path, i]) : e));
    if (elems.length === 0) {
      const from = v.type.kind === 'list' || v.type.kind === 'set' ? v.type.elem : DYNAMIC;
      return new Value(listOf(elemType.kind === 'dynamic' ? from : withoutOptional(elemType)), []);
    }
    if (!allSameType(elems)) throw new ConversionError('element types must all match for conversion to list', path);
    return new Value(listOf(elems[0]!.type), elems);
  };
}

function collectionToSet(elemType: Type, conv: Conversion | undefined): Conversion {
  return (v, path) => {
    const source = elementsOf(v);
    const elems = source.map((e, i) => nullWithoutOptional(conv ? conv(e, [...path, i]) : e));
    if (elems.length === 0) {
      const from = v.type.kind === 'list' || v.type.kind === 'set' ? v.type.elem : DYNAMIC;
      return new Value(setOf(elemType.kind === 'dynamic' ? from : withoutOptional(elemType)), []);
    }
    if (!allSameType(elems)) throw new ConversionError('element types must all match for conversion to set', path);
    return buildSet(elems);
  };
}

function collectionToMap(elemType: Type, conv: Conversion): Conversion {
  return (v, path) => {
    let elems = new Map<string, Value>();
    for (const [k, e] of entriesOfValue(v)) elems.set(k, conv(e, [...path, k]));
    if (elems.size === 0) {
      const from = v.type.kind === 'map' ? v.type.elem : DYNAMIC;
      return new Value(mapOf(elemType.kind === 'dynamic' ? from : elemType), new Map());
    }
    if (isCollectionType(elemType) || elemType.kind === 'object') elems = unifyElements(elems, path, false);
    if (!allSameType([...elems.values()])) {
      throw new ConversionError('element types must all match for conversion to map', path);
    }
    return new Value(mapOf([...elems.values()][0]!.type), sorted(elems));
  };
}

function tupleToSet(from: Extract<Type, { kind: 'tuple' }>, setElem: Type, unsafe: boolean): Conversion | undefined {
  if (from.elems.length === 0) return () => new Value(setOf(withoutOptional(setElem)), []);
  const target = structuralElementTarget(from.elems, setElem, unsafe);
  if (!target) return undefined;
  const convs = elementConversions(from.elems, target, unsafe);
  if (!convs) return undefined;
  return (v, path) => {
    const elems = elementsOf(v).map((e, i) => {
      const c = convs[i];
      return nullWithoutOptional(c ? c(e, [...path, i]) : e);
    });
    if (!allSameType(elems)) throw new ConversionError('element types must all match for conversion to set', path);
    return buildSet(elems);
  };
}

function tupleToList(from: Extract<Type, { kind: 'tuple' }>, listElem: Type, unsafe: boolean): Conversion | undefined {
  if (from.elems.length === 0) return () => new Value(listOf(withoutOptional(listElem)), []);
  const target = structuralElementTarget(from.elems, listElem, unsafe);
  if (!target) return undefined;
  const convs = elementConversions(from.elems, target, unsafe);
  if (!convs) return undefined;
  return (v, path) => {
    const converted = elementsOf(v).map((e, i) => {
      const c = convs[i];
      return c ? c(e, [...path, i]) : e;
    });
    const elems = unifyListElements(converted, path, unsafe);
    if (!allSameType(elems)) throw new ConversionError('element types must all match for conversion to list', path);
    return new Value(listOf(elems[0]!.type), elems);
  };
}

function objectToMap(from: Extract<Type, { kind: 'object' }>, mapElem: Type, unsafe: boolean): Conversion | undefined {
  if (from.attrs.size === 0) return () => new Value(mapOf(withoutOptional(mapElem)), new Map());
  let target = mapElem;
  if (target.kind === 'dynamic') {
    const unified = unifyTypes([...from.attrs.values()], unsafe);
    if (!unified) return undefined;
    target = unified.type;
  }
  const convs = new Map<string, Conversion>();
  for (const [name, t] of from.attrs) {
    if (typeEquals(t, target)) continue;
    const c = getConversion(t, target, unsafe);
    if (!c) return undefined;
    convs.set(name, c);
  }
  return (v, path) => {
    let elems = new Map<string, Value>();
    for (const [k, e] of entriesOfValue(v)) {
      const c = convs.get(k);
      elems.set(k, c ? c(e, [...path, k]) : e);
    }
    if (isCollectionType(target) || target.kind === 'object') elems = unifyElements(elems, path, unsafe);
    if (!allSameType([...elems.values()])) {
      throw new ConversionError('attribute types must all match for conversion to map', path);
    }
    return new Value(mapOf([...elems.values()][0]!.type), sorted(elems));
  };
}

function mapToObject(
  from: Extract<Type, { kind: 'map' }>,
  to: Extract<Type, { kind: 'object' }>,
  unsafe: boolean,
): Conversion | undefined {
  const convs = new Map<string, Conversion | undefined>();
  for (const [name, t] of to.attrs) {
    if (typeEquals(t, from.elem)) continue;
    const c = getConversion(from.elem, t, unsafe);
    if (!c && !(to.optional?.has(name) && unsafe)) return undefined;
    convs.set(name, c);
  }
  return (v, path) => {
    const elems = new Map<string, Value>();
    for (const [k, e] of entriesOfValue(v)) {
      const want = to.attrs.get(k);
      if (!want) continue;
      let out = e;
      if (convs.has(k)) {
        const c = convs.get(k);
        if (!c) {
          throw new ConversionError(
            `map element type is incompatible with attribute "${k}": ${mismatchMessage(e.type, want)}`,
            path,
          );
        }
        out = c(e, [...path, k]);
      }
      elems.set(k, nullWithoutOptional(out));
    }
    for (const [name, t] of to.attrs) {
      if (elems.has(name)) continue;
      if (!to.optional?.has(name)) throw new ConversionError(`map has no element for required attribute "${name}"`, path);
      elems.set(name, new Value(withoutOptional(t), null));
    }
    return objectFrom(elems);
  };
}

function objectToObject(
  from: Extract<Type, { kind: 'object' }>,
  to: Extract<Type, { kind: 'object' }>,
  unsafe: boolean,
): Conversion | undefined {
  const convs = new Map<string, Conversion | undefined>();
  for (const [name, t] of to.attrs) {
    const given = from.attrs.get(name);
    if (!given) {
      if (to.optional?.has(name)) continue;
      return undefined;
    }
    if (typeEquals(given, t)) {
      convs.set(name, undefined);
      continue;
    }
    const c = getConversion(given, t, unsafe);
    if (!c) return undefined;
    convs.set(name, c);
  }
  return (v, path) => {
    const attrs = new Map<string, Value>();
    for (const [k, e] of entriesOfValue(v)) {
      if (!convs.has(k)) continue;
      const c = convs.get(k);
      attrs.set(k, nullWithoutOptional(c ? c(e, [...path, k]) : e));
    }
    for (const name of to.optional ?? []) {
      if (!attrs.has(name)) attrs.set(name, new Value(withoutOptional(to.attrs.get(name)!), null));
    }
    return objectFrom(attrs);
  };
}

function tupleToTuple(
  from: Extract<Type, { kind: 'tuple' }>,
  to: Extract<Type, { kind: 'tuple' }>,
  unsafe: boolean,
): Conversion | undefined {
  if (from.elems.length !== to.elems.length) return undefined;
  const convs: (Conversion | undefined)[] = [];
  for (let i = 0; i < to.elems.length; i++) {
    if (typeEquals(from.elems[i]!, to.elems[i]!)) {
      convs.push(undefined);
      continue;
    }
    const c = getConversion(from.elems[i]!, to.elems[i]!, unsafe);
    if (!c) return undefined;
    convs.push(c);
  }
  return (v, path) => {
    const elems = elementsOf(v).map((e, i) => {
      const c = convs[i];
      return c ? c(e, [...path, i]) : e;
    });
    return new Value(tupleOf(elems.map((e) => e.type)), elems);
  };
}

/** For tuple → list/set: the element type to aim for (unified when the target element type is dynamic). */
function structuralElementTarget(elems: readonly Type[], want: Type, unsafe: boolean): Type | undefined {
  if (want.kind !== 'dynamic') return want;
  const unified = unifyTypes(elems, unsafe);
  if (!unified) return undefined;
  if (unified.type.kind === 'dynamic' && !elems.every((t) => t.kind === 'dynamic')) return undefined;
  return unified.type;
}

function elementConversions(elems: readonly Type[], target: Type, unsafe: boolean): (Conversion | undefined)[] | undefined {
  const convs: (Conversion | undefined)[] = [];
  for (const t of elems) {
    if (typeEquals(t, target)) {
      convs.push(undefined);
      continue;
    }
    const c = getConversion(t, target, unsafe);
    if (!c) return undefined;
    convs.push(c);
  }
  return convs;
}

function unifyListElements(elems: readonly Value[], path: readonly PathStep[], unsafe: boolean): Value[] {
  const unified = unifyTypes(
    elems.map((e) => e.type),
    unsafe,
  );
  if (!unified) throw new ConversionError('cannot find a common base type for all elements', path);
  return elems.map((e, i) => {
    if (typeEquals(e.type, unified.type)) return e;
    const c = getConversion(e.type, unified.type, unsafe);
    if (!c) throw new ConversionError('cannot find a common base type for all elements', path);
    return c(e, [...path, i]);
  });
}

function unifyElements(elems: Map<string, Value>, path: readonly PathStep[], unsafe: boolean): Map<string, Value> {
  const unified = unifyTypes(
    [...elems.values()].map((e) => e.type),
    unsafe,
  );
  if (!unified) throw new ConversionError('cannot find a common base type for all elements', path);
  const out = new Map<string, Value>();
  for (const [k, e] of elems) {
    if (typeEquals(e.type, unified.type)) {
      out.set(k, e);
      continue;
    }
    const c = getConversion(e.type, unified.type, unsafe);
    if (!c) throw new ConversionError('cannot find a common base type for all elements', path);
    out.set(k, c(e, [...path, k]));
  }
  return out;
}

function allSameType(elems: readonly Value[]): boolean {
  return elems.every((e) => typeEquals(e.type, elems[0]!.type));
}

function sorted(elems: ReadonlyMap<string, Value>): Map<string, Value> {
  return new Map([...elems].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function objectFrom(attrs: ReadonlyMap<string, Value>): Value {
  const s = sorted(attrs);
  return new Value(objectOf(new Map([...s].map(([k, e]) => [k, e.type]))), s);
}

/** A set of same-typed values; element marks move to the set (cty.SetVal). */
function buildSet(elems: readonly Value[]): Value {
  const marks = new Set<Mark>();
  const unique: Value[] = [];
  for (const e of elems) {
    const plain = unmarkDeep(e, marks);
    if (!unique.some((u) => rawEquals(u, plain))) unique.push(plain);
  }
  unique.sort(compareSetElements);
  const set = new Value(setOf(unique[0]!.type), unique);
  return marks.size ? set.withMarks(marks) : set;
}

/** cty dynamicReplace: the type a null/unknown gets when converted, keeping what is known of its own type. */
function dynamicReplace(from: Type, to: Type): Type {
  if (from.kind === 'dynamic') return to;
  switch (to.kind) {
    case 'dynamic':
      return from;
    case 'string':
    case 'number':
    case 'bool':
      return to;
    case 'map': {
      if (from.kind === 'map') return mapOf(dynamicReplace(from.elem, to.elem));
      if (from.kind === 'object') {
        const unified = unifyTypes([...from.attrs.values()], true);
        return mapOf(unified ? dynamicReplace(unified.type, to.elem) : to.elem);
      }
      return mapOf(DYNAMIC);
    }
    case 'object': {
      const attrs = new Map<string, Type>();
      for (const [name, t] of to.attrs) {
        if (from.kind === 'map') attrs.set(name, dynamicReplace(from.elem, t));
        else if (from.kind === 'object') {
          const given = from.attrs.get(name);
          attrs.set(name, given ? dynamicReplace(given, t) : t);
        }
      }
      return objectOf(attrs);
    }
    case 'set':
    case 'list': {
      const make = to.kind === 'set' ? setOf : listOf;
      if (from.kind === 'set' || from.kind === 'list') return make(dynamicReplace(from.elem, to.elem));
      if (from.kind === 'tuple') {
        const unified = unifyTypes(from.elems, true);
        return make(unified ? dynamicReplace(unified.type, to.elem) : to.elem);
      }
      return make(DYNAMIC);
    }
    case 'tuple':
      return tupleOf(
        to.elems.map((t, i) => dynamicReplace(from.kind === 'tuple' ? (from.elems[i] ?? DYNAMIC) : DYNAMIC, t)),
      );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Mismatch messages (cty MismatchMessage, 1.13 wording: "<type> required")

/** cty's English explanation of why a value of type `got` cannot become `want`. */
export function mismatchMessage(got: Type, want: Type): string {
  if (got.kind === 'object' && want.kind === 'object') return mismatchObjects(got, want);
  if (got.kind === 'tuple' && want.kind === 'list' && want.elem.kind === 'dynamic') {
    return 'all list elements must have the same type';
  }
  if (got.kind === 'tuple' && want.kind === 'set' && want.elem.kind === 'dynamic') {
    return 'all set elements must have the same type';
  }
  if (got.kind === 'object' && want.kind === 'map' && want.elem.kind === 'dynamic') {
    return 'all map elements must have the same type';
  }
  if ((got.kind === 'tuple' || got.kind === 'object') && isCollectionType(want)) {
    return mismatchStructuralToCollection(got, want);
  }
  if (isCollectionType(got) && isCollectionType(want)) return mismatchCollections(got, want);
  return `${constraintName(want)} required`;
}

function mismatchObjects(got: Extract<Type, { kind: 'object' }>, want: Extract<Type, { kind: 'object' }>): string {
  const missing: string[] = [];
  let unsafeMismatch = '';
  let safeMismatch = '';
  for (const [name, wantType] of want.attrs) {
    const gotType = got.attrs.get(name);
    if (!gotType) {
      if (!want.optional?.has(name)) missing.push(name);
      continue;
    }
    if (typeEquals(gotType, wantType)) continue;
    if (unsafeMismatch) continue;
    if (!getConversion(gotType, wantType, true)) {
      unsafeMismatch = `attribute "${name}": ${mismatchMessage(gotType, wantType)}`;
    }
    if (safeMismatch) continue;
    if (!getConversion(gotType, wantType, false)) {
      safeMismatch = `attribute "${name}": ${mismatchMessage(gotType, wantType)}`;
    }
  }
  if (missing.length > 0) {
    missing.sort();
    const q = missing.map((m) => `"${m}"`);
    if (q.length === 1) return `attribute ${q[0]} is required`;
    if (q.length === 2) return `attributes ${q[0]} and ${q[1]} are required`;
    return `attributes ${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]} are required`;
  }
  return unsafeMismatch || safeMismatch || 'incorrect object attributes';
}

function mismatchStructuralToCollection(
  got: Extract<Type, { kind: 'tuple' | 'object' }>,
  want: Extract<Type, { kind: 'list' | 'set' | 'map' }>,
): string {
  if ((want.kind === 'list' || want.kind === 'set') && got.kind !== 'tuple') return `${constraintName(want)} required`;
  if (want.kind === 'map' && got.kind !== 'object') return `${constraintName(want)} required`;
  const elemTypes: [string, Type][] =
    got.kind === 'tuple' ? got.elems.map((t, i) => [String(i), t]) : [...got.attrs].map(([k, t]) => [`"${k}"`, t]);
  for (const [label, t] of elemTypes) {
    if (typeEquals(t, want.elem) || getConversion(t, want.elem, true)) continue;
    return `element ${label}: ${mismatchMessage(t, want.elem)}`;
  }
  return `all elements must be ${constraintName(want.elem)}`;
}

function mismatchCollections(
  got: Extract<Type, { kind: 'list' | 'set' | 'map' }>,
  want: Extract<Type, { kind: 'list' | 'set' | 'map' }>,
): string {
  const seqLike = got.kind === 'list' || got.kind === 'set';
  if ((want.kind === 'list' || want.kind === 'set') && !seqLike) return `${constraintName(want)} required`;
  if (want.kind === 'map' && got.kind !== 'map') return `${constraintName(want)} required`;
  return `incorrect ${want.kind} element type: ${mismatchMessage(got.elem, want.elem)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Unification (cty convert.Unify / UnifyUnsafe)

interface Unified {
  readonly type: Type;
  /** Per input: how to convert a value of that type to the unified type (undefined: already that type). */
  readonly conversions: readonly (((v: Value) => Value) | undefined)[];
}

/** The single type all the given types can safely convert to, or undefined when there is none. */
export function unify(types: readonly Type[]): Type | undefined {
  return unifyTypes(types, false)?.type;
}

/** Like unify, allowing unsafe conversions (string → number, ...), as HCL conditionals and collections do. */
export function unifyUnsafe(types: readonly Type[]): Type | undefined {
  return unifyTypes(types, true)?.type;
}

/** Unifies the types of the given values and converts each value to the result; undefined when impossible. */
export function unifyValues(values: readonly Value[], unsafe = true): { type: Type; values: Value[] } | undefined {
  const unified = unifyTypes(
    values.map((v) => v.type),
    unsafe,
  );
  if (!unified) return undefined;
  return {
    type: unified.type,
    values: values.map((v, i) => {
      const c = unified.conversions[i];
      return c ? c(v) : v;
    }),
  };
}

function toPublic(c: Conversion | undefined): ((v: Value) => Value) | undefined {
  return c && ((v: Value) => c(v, []));
}

function conversionsTo(types: readonly Type[], target: Type, unsafe: boolean): Unified | undefined {
  const conversions: (((v: Value) => Value) | undefined)[] = [];
  for (const t of types) {
    if (typeEquals(t, target)) {
      conversions.push(undefined);
      continue;
    }
    const c = getConversion(t, target, unsafe);
    if (!c) return undefined;
    conversions.push(toPublic(c));
  }
  return { type: target, conversions };
}

function unifyTypes(types: readonly Type[], unsafe: boolean): Unified | undefined {
  if (types.length === 0) return undefined;
  const count = (k: Type['kind']): number => types.filter((t) => t.kind === k).length;
  const [mapCt, listCt, setCt, objectCt, tupleCt, dynamicCt] = (
    ['map', 'list', 'set', 'object', 'tuple', 'dynamic'] as const
  ).map(count) as [number, number, number, number, number, number];
  const n = types.length;
  if (mapCt > 0 && mapCt + dynamicCt === n) return unifyCollections(mapOf, types, unsafe, dynamicCt > 0);
  if (mapCt > 0 && mapCt + objectCt + dynamicCt === n) {
    const r = unifyObjectsAsMaps(types, unsafe);
    if (r) return r;
  } else if (listCt > 0 && listCt + dynamicCt === n) {
    return unifyCollections(listOf, types, unsafe, dynamicCt > 0);
  } else if (listCt > 0 && listCt + tupleCt + dynamicCt === n) {
    const r = unifyTuplesAsList(types, unsafe);
    if (r) return r;
  } else if (setCt > 0 && setCt + dynamicCt === n) {
    return unifyCollections(setOf, types, unsafe, dynamicCt > 0);
  } else if (objectCt > 0 && objectCt + dynamicCt === n) {
    return unifyObjects(types, unsafe, dynamicCt > 0);
  } else if (tupleCt > 0 && tupleCt + dynamicCt === n) {
    return unifyTuples(types, unsafe, dynamicCt > 0);
  } else if (objectCt > 0 && tupleCt > 0) {
    return undefined;
  }
  for (const idx of preferenceOrder(types)) {
    const r = conversionsTo(types, types[idx]!, unsafe);
    if (r) return r;
  }
  return undefined;
}

/** When any input is dynamic, cty gives up on a precise type: everything becomes an unknown of dynamic type. */
function allAsDynamic(types: readonly Type[]): Unified {
  return { type: DYNAMIC, conversions: types.map(() => () => unknownVal(DYNAMIC)) };
}

function unifyCollections(
  make: (elem: Type) => Type,
  types: readonly Type[],
  unsafe: boolean,
  hasDynamic: boolean,
): Unified | undefined {
  if (hasDynamic) return allAsDynamic(types);
  const elem = unifyTypes(
    types.map((t) => (isCollectionType(t) ? t.elem : DYNAMIC)),
    unsafe,
  );
  if (!elem) return undefined;
  return conversionsTo(types, make(elem.type), unsafe);
}

function unifyObjectsAsMaps(types: readonly Type[], unsafe: boolean): Unified | undefined {
  const objIdx = types.flatMap((t, i) => (t.kind === 'object' ? [i] : []));
  const asMap = unifyObjectsToMap(
    objIdx.map((i) => types[i]!),
    unsafe,
  );
  if (!asMap || asMap.type.kind !== 'map') return undefined;
  const mapped = types.map((t) => (t.kind === 'object' ? asMap.type : t));
  const r = unifyTypes(mapped, unsafe);
  if (!r || r.type.kind !== 'map') return undefined;
  const conversions = [...r.conversions];
  objIdx.forEach((idx, j) => {
    const objConv = asMap.conversions[j];
    const mapConv = conversions[idx];
    conversions[idx] = mapConv && objConv ? (v) => mapConv(objConv(v)) : (objConv ?? mapConv);
  });
  return { type: r.type, conversions };
}

function unifyTuplesAsList(types: readonly Type[], unsafe: boolean): Unified | undefined {
  const tupleIdx = types.flatMap((t, i) => (t.kind === 'tuple' ? [i] : []));
  const asList = unifyTuplesToList(
    tupleIdx.map((i) => types[i]!),
    unsafe,
  );
  if (!asList || asList.type.kind !== 'list') return undefined;
  const listed = types.map((t) => (t.kind === 'tuple' ? asList.type : t));
  const r = unifyTypes(listed, unsafe);
  if (!r || r.type.kind !== 'list') return undefined;
  const conversions = [...r.conversions];
  tupleIdx.forEach((idx, j) => {
    const tupleConv = asList.conversions[j];
    const listConv = conversions[idx];
    conversions[idx] = listConv && tupleConv ? (v) => listConv(tupleConv(v)) : (tupleConv ?? listConv);
  });
  return { type: r.type, conversions };
}

function unifyObjects(types: readonly Type[], unsafe: boolean, hasDynamic: boolean): Unified | undefined {
  if (hasDynamic) return allAsDynamic(types);
  const objects = types as readonly Extract<Type, { kind: 'object' }>[];
  const first = objects[0]!.attrs;
  for (const t of objects.slice(1)) {
    if (t.attrs.size !== first.size || [...t.attrs.keys()].some((k) => !first.has(k))) {
      return unifyObjectsToMap(types, unsafe);
    }
  }
  const attrs = new Map<string, Type>();
  for (const name of first.keys()) {
    const u = unifyTypes(
      objects.map((t) => t.attrs.get(name)!),
      unsafe,
    );
    if (!u) return undefined;
    attrs.set(name, u.type);
  }
  return conversionsTo(types, objectOf(attrs), unsafe) ?? unifyObjectsToMap(types, unsafe);
}

function unifyObjectsToMap(types: readonly Type[], unsafe: boolean): Unified | undefined {
  const attrTypes = types.flatMap((t) => (t.kind === 'object' ? [...t.attrs.values()] : []));
  const elem = unifyTypes(attrTypes, unsafe);
  if (!elem) return undefined;
  return conversionsTo(types, mapOf(elem.type), unsafe);
}

function unifyTuples(types: readonly Type[], unsafe: boolean, hasDynamic: boolean): Unified | undefined {
  if (hasDynamic) return allAsDynamic(types);
  const tuples = types as readonly Extract<Type, { kind: 'tuple' }>[];
  const len = tuples[0]!.elems.length;
  if (tuples.some((t) => t.elems.length !== len)) return unifyTuplesToList(types, unsafe);
  const elems: Type[] = [];
  for (let i = 0; i < len; i++) {
    const u = unifyTypes(
      tuples.map((t) => t.elems[i]!),
      unsafe,
    );
    if (!u) return undefined;
    elems.push(u.type);
  }
  return conversionsTo(types, tupleOf(elems), unsafe) ?? unifyTuplesToList(types, unsafe);
}

function unifyTuplesToList(types: readonly Type[], unsafe: boolean): Unified | undefined {
  const elemTypes = types.flatMap((t) => (t.kind === 'tuple' ? t.elems : []));
  const elem = unifyTypes(elemTypes, unsafe);
  if (!elem) return undefined;
  return conversionsTo(types, listOf(elem.type), unsafe);
}

/** cty sortTypes: a topological order where more general types (string over number, dynamic last) come first. */
function preferenceOrder(types: readonly Type[]): number[] {
  const n = types.length;
  const edges: number[][] = types.map(() => []);
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const cmp = compareTypes(types[i]!, types[j]!);
      if (cmp < 0) edges[i]!.push(j);
      else if (cmp > 0) edges[j]!.push(i);
    }
  }
  const inDegree = new Array<number>(n).fill(0);
  for (const outs of edges) for (const j of outs) inDegree[j]!++;
  const queue: number[] = [];
  inDegree.forEach((d, i) => {
    if (d === 0) queue.push(i);
  });
  for (let head = 0; head < queue.length; head++) {
    for (const j of edges[queue[head]!]!) {
      if (--inDegree[j]! === 0) queue.push(j);
    }
  }
  return queue;
}

function compareTypes(a: Type, b: Type): number {
  if (a.kind === 'dynamic' || b.kind === 'dynamic') {
    if (a.kind !== 'dynamic') return -1;
    if (b.kind !== 'dynamic') return 1;
    return 0;
  }
  if (isPrimitiveType(a) && isPrimitiveType(b) && (a.kind === 'string' || b.kind === 'string')) {
    if (a.kind !== 'string') return 1;
    if (b.kind !== 'string') return -1;
    return 0;
  }
  if (isCollectionType(a) && isCollectionType(b) && a.kind === b.kind) return compareTypes(a.elem, b.elem);
  let swap = 1;
  if (
    (a.kind === 'tuple' && b.kind === 'list') ||
    (a.kind === 'object' && b.kind === 'map') ||
    (a.kind === 'set' && b.kind === 'tuple') ||
    (a.kind === 'set' && b.kind === 'list')
  ) {
    [a, b] = [b, a];
    swap = -1;
  }
  if (b.kind === 'set' && (a.kind === 'tuple' || a.kind === 'list')) return -1 * swap;
  if (a.kind === 'list' && b.kind === 'tuple') return -1 * swap;
  if (a.kind === 'map' && b.kind === 'object') return -1 * swap;
  if (a.kind === 'object' && b.kind === 'object') {
    if (a.attrs.size !== b.attrs.size) return 0;
    let aSuper = false;
    let bSuper = false;
    for (const [k, t] of a.attrs) {
      const other = b.attrs.get(k);
      if (!other) return 0;
      const cmp = compareTypes(t, other);
      if (cmp < 0) aSuper = true;
      else if (cmp > 0) bSuper = true;
    }
    return aSuper === bSuper ? 0 : aSuper ? -1 * swap : swap;
  }
  if (a.kind === 'tuple' && b.kind === 'tuple') {
    if (a.elems.length !== b.elems.length) return 0;
    let aSuper = false;
    let bSuper = false;
    a.elems.forEach((t, i) => {
      const cmp = compareTypes(t, b.elems[i]!);
      if (cmp < 0) aSuper = true;
      else if (cmp > 0) bSuper = true;
    });
    return aSuper === bSuper ? 0 : aSuper ? -1 * swap : swap;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Equality (cty Value.Equals)

/**
 * cty's == : a bool, unknown when the answer depends on unknown parts, true for two nulls of any type, false for
 * values of different types. Marks of both operands (at any depth) are carried on the result.
 */
export function valueEquals(a: Value, b: Value): Value {
  const marks = new Set<Mark>();
  const pa = unmarkDeep(a, marks);
  const pb = unmarkDeep(b, marks);
  const r = equalsPlain(pa, pb);
  return marks.size ? r.withMarks(marks) : r;
}

const UNKNOWN_BOOL = unknownVal(BOOL);

function equalsPlain(a: Value, b: Value): Value {
  if (!a.isKnown && !b.isKnown) return UNKNOWN_BOOL;
  if (a.isKnown !== b.isKnown) {
    const [known, unknown] = a.isKnown ? [a, b] : [b, a];
    if (known.isNull || hasDynamicTypes(unknown.type)) return UNKNOWN_BOOL;
    return typeEquals(known.type, unknown.type) ? UNKNOWN_BOOL : FALSE;
  }
  if (a.isNull && b.isNull) return TRUE;
  if (a.isNull || b.isNull) return FALSE;
  if (hasDynamicTypes(a.type) || hasDynamicTypes(b.type)) {
    if (!typeConforms(a.type, b.type) && !typeConforms(b.type, a.type)) return FALSE;
    return UNKNOWN_BOOL;
  }
  if (!typeEquals(a.type, b.type)) return FALSE;
  switch (a.type.kind) {
    case 'number':
      return (a.raw as Decimal).equals(b.raw as Decimal) ? TRUE : FALSE;
    case 'string':
    case 'bool':
      return a.raw === b.raw ? TRUE : FALSE;
    case 'list':
    case 'tuple': {
      const ea = elementsOf(a);
      const eb = elementsOf(b);
      if (ea.length !== eb.length) return FALSE;
      for (let i = 0; i < ea.length; i++) {
        const eq = equalsPlain(ea[i]!, eb[i]!);
        if (!eq.isKnown) return UNKNOWN_BOOL;
        if (eq.raw === false) return FALSE;
      }
      return TRUE;
    }
    case 'set': {
      const ea = elementsOf(a);
      const eb = elementsOf(b);
      if (ea.some((e) => !e.isKnown) || eb.some((e) => !e.isKnown)) return UNKNOWN_BOOL;
      const has = (xs: readonly Value[], x: Value): boolean => xs.some((y) => rawEquals(x, y));
      return ea.every((e) => has(eb, e)) && eb.every((e) => has(ea, e)) ? TRUE : FALSE;
    }
    case 'map':
    case 'object': {
      const ma = entriesOfValue(a);
      const mb = entriesOfValue(b);
      if (ma.size !== mb.size) return FALSE;
      for (const [k, e] of ma) {
        const other = mb.get(k);
        if (!other) return FALSE;
        const eq = equalsPlain(e, other);
        if (!eq.isKnown) return UNKNOWN_BOOL;
        if (eq.raw === false) return FALSE;
      }
      return TRUE;
    }
    default:
      return UNKNOWN_BOOL;
  }
}
