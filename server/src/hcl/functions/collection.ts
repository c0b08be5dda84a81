/**
 * Collection functions (cty stdlib collection.go, sequence.go, set.go, sort from string.go, go-cty-funcs
 * coalesce, Packer's length, index, alltrue, anytrue). Result types follow cty's Type callbacks exactly, since
 * they decide between lists and tuples, maps and objects.
 */
import { ConversionError, convert, unifyUnsafe, valueEquals } from '../convert.js';
import { FunctionError, type HclFunction } from '../function.js';
import { add } from '../number.js';
import { typeName } from '../types.js';
import {
  BOOL,
  DYNAMIC,
  Decimal,
  EMPTY_TUPLE,
  EMPTY_TUPLE_VAL,
  FALSE,
  type Mark,
  NUMBER,
  STRING,
  TRUE,
  type Type,
  type Value,
  elementsOf,
  entriesOfValue,
  isWhollyKnown,
  listOf,
  listVal,
  mapOf,
  mapVal,
  numberVal,
  objectOf,
  objectVal,
  setOf,
  setVal,
  stringVal,
  tupleOf,
  tupleVal,
  typeEquals,
  unknownVal,
  rawEquals,
} from '../value.js';
import { asNumber, asString, compareUtf8, goQuote, graphemeClusters, param, pureFunctions, staticFunction, wholeNumber } from './support.js';

const isSequence = (t: Type): boolean => t.kind === 'list' || t.kind === 'set' || t.kind === 'tuple';
const withMarks = (v: Value, marks: Iterable<Mark>): Value => v.withMarks(marks);
const sortedKeys = (v: Value): string[] => [...entriesOfValue(v).keys()].sort(compareUtf8);
const sortedAttrNames = (t: Extract<Type, { kind: 'object' }>): string[] => [...t.attrs.keys()].sort(compareUtf8);

function convertOrFail(v: Value, type: Type, argIndex?: number): Value {
  try {
    return convert(v, type);
  } catch (e) {
    if (e instanceof ConversionError) throw new FunctionError(e.message, argIndex);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Booleans over lists

const alltrue = staticFunction('Tells whether every element of a list is true (true for an empty list).', [param('list', listOf(BOOL))], BOOL, ([list]) => {
  for (const e of elementsOf(list!)) {
    if (!e.isKnown) return unknownVal(BOOL);
    if (e.isNull || e.raw === false) return FALSE;
  }
  return TRUE;
});

const anytrue = staticFunction('Tells whether any element of a list is true.', [param('list', listOf(BOOL))], BOOL, ([list]) => {
  let unknown = false;
  for (const e of elementsOf(list!)) {
    if (!e.isKnown) unknown = true;
    else if (e.raw === true) return TRUE;
  }
  return unknown ? unknownVal(BOOL) : FALSE;
});

// ---------------------------------------------------------------------------------------------------------------
// Building and reshaping sequences

const chunklist: HclFunction = {
  description: 'Splits a list into lists of at most the given size.',
  params: [param('list', listOf(DYNAMIC)), param('size', NUMBER)],
  returnType: ([list]) => listOf(list!.type),
  impl([list, sizeArg]) {
    let size: number;
    try {
      size = wholeNumber(sizeArg!);
    } catch (e) {
      throw new FunctionError(`invalid size: ${(e as Error).message}`);
    }
    if (size < 0) throw new FunctionError('the size argument must be positive');
    const elems = elementsOf(list!);
    if (elems.length === 0) return listVal([], list!.type);
    if (size === 0) return listVal([list!]);
    const chunks: Value[] = [];
    for (let i = 0; i < elems.length; i += size) chunks.push(listVal(elems.slice(i, i + size), (list!.type as { elem: Type }).elem));
    return listVal(chunks);
  },
};

const compact = staticFunction('Removes null and empty-string elements from a list of strings.', [param('list', listOf(STRING))], listOf(STRING), ([list]) => {
  if (!isWhollyKnown(list!)) return unknownVal(listOf(STRING));
  return listVal(
    elementsOf(list!).filter((e) => !e.isNull && e.raw !== ''),
    STRING,
  );
});

const concat: HclFunction = {
  description: 'Joins lists or tuples into one sequence.',
  params: [],
  varParam: param('seqs', DYNAMIC),
  returnType(args) {
    if (args.length === 0) throw new FunctionError('at least one argument is required');
    if (args[0]!.type.kind === 'list' && args.every((a) => a.type.kind === 'list')) {
      const common = unifyUnsafe(args.map((a) => a.type));
      if (common) return common;
    }
    const elemTypes: Type[] = [];
    for (const [i, a] of args.entries()) {
      if (a.type.kind === 'tuple') elemTypes.push(...a.type.elems);
      else if (a.type.kind === 'list') {
        if (!a.isKnown) return DYNAMIC;
        for (let j = 0; j < elementsOf(a).length; j++) elemTypes.push(a.type.elem);
      } else throw new FunctionError(`all arguments must be lists or tuples; got ${typeName(a.type)}`, i);
    }
    return tupleOf(elemTypes);
  },
  impl(args, returnType) {
    if (returnType.kind === 'list') {
      const elems = args.flatMap((a, i) => elementsOf(convertOrFail(a, returnType, i)));
      return listVal(elems, returnType.elem);
    }
    return tupleVal(args.flatMap((a) => elementsOf(a)));
  },
};

const distinct: HclFunction = {
  description: 'Removes duplicate elements from a list, keeping the first of each.',
  params: [param('list', listOf(DYNAMIC))],
  returnType: ([list]) => list!.type,
  impl([list], returnType) {
    if (!isWhollyKnown(list!)) return unknownVal(returnType);
    const kept: Value[] = [];
    for (const e of elementsOf(list!)) if (!kept.some((k) => valueEquals(k, e).raw === true)) kept.push(e);
    return listVal(kept, (returnType as { elem: Type }).elem);
  },
};

/** cty's flattener: nested lists, sets and tuples are spliced in; anything else (and nulls) is kept as is. */
function flattenInto(v: Value, out: Value[]): boolean {
  let known = true;
  for (const e of elementsOf(v)) {
    if (e.type.kind === 'dynamic' && !e.isKnown) known = false;
    if (!e.isNull && isSequence(e.type)) {
      if (!e.isKnown) known = false;
      else if (!flattenInto(e, out)) known = false;
    } else {
      out.push(e);
    }
  }
  return known;
}

const flatten: HclFunction = {
  description: 'Replaces nested lists, sets and tuples with their elements, recursively.',
  params: [param('list', DYNAMIC)],
  returnType([list]) {
    if (!isWhollyKnown(list!)) return DYNAMIC;
    if (!isSequence(list!.type)) throw new FunctionError('can only flatten lists, sets and tuples');
    const out: Value[] = [];
    if (!flattenInto(list!, out)) return DYNAMIC;
    return tupleOf(out.map((v) => v.type));
  },
  impl([list], returnType) {
    if (elementsOf(list!).length === 0) return EMPTY_TUPLE_VAL;
    const out: Value[] = [];
    if (!flattenInto(list!, out)) return unknownVal(returnType);
    return tupleVal(out);
  },
};

const range: HclFunction = {
  description: 'Generates a list of numbers from start (default 0) up to but not including end, by step.',
  params: [],
  varParam: param('params', NUMBER),
  returnType: () => listOf(NUMBER),
  impl(args) {
    const n = args.map(asNumber);
    const ZERO = new Decimal(0);
    const unitTowards = (from: Decimal, to: Decimal): Decimal => new Decimal(to.lessThan(from) ? -1 : 1);
    let start: Decimal;
    let end: Decimal;
    let step: Decimal;
    if (n.length === 1) [start, end, step] = [ZERO, n[0]!, unitTowards(ZERO, n[0]!)];
    else if (n.length === 2) [start, end, step] = [n[0]!, n[1]!, unitTowards(n[0]!, n[1]!)];
    else if (n.length === 3) [start, end, step] = [n[0]!, n[1]!, n[2]!];
    else throw new FunctionError('must have one, two, or three arguments');
    if (step.isZero()) throw new FunctionError('step must not be zero', 2);
    const down = step.isNegative();
    if (down && end.greaterThan(start)) throw new FunctionError('end must be less than start when step is negative', 1);
    if (!down && end.lessThan(start)) throw new FunctionError('end must be greater than start when step is positive', 1);
    const values: Value[] = [];
    for (let x = start; down ? x.greaterThan(end) : x.lessThan(end); x = add(x, step)) {
      if (values.length >= 1024) {
        throw new FunctionError(
          'more than 1024 values were generated; either decrease the difference between start and end or use a smaller step',
        );
      }
      values.push(numberVal(x));
    }
    return listVal(values, NUMBER);
  },
};

const reverse: HclFunction = {
  description: 'Reverses the order of the elements of a list or tuple.',
  params: [param('list', DYNAMIC)],
  returnType([list]) {
    const t = list!.type;
    if (t.kind === 'tuple') return tupleOf([...t.elems].reverse());
    if (t.kind === 'list' || t.kind === 'set') return listOf(t.elem);
    throw new FunctionError(`can only reverse list or tuple values, not ${typeName(t)}`, 0);
  },
  impl([list], returnType) {
    const elems = [...elementsOf(list!)].reverse();
    return returnType.kind === 'tuple' ? tupleVal(elems) : listVal(elems, (returnType as { elem: Type }).elem);
  },
};

const slice: HclFunction = {
  description: 'Extracts the elements from start_index up to but not including end_index.',
  params: [param('list', DYNAMIC), param('start_index', NUMBER), param('end_index', NUMBER)],
  returnType(args) {
    const t = args[0]!.type;
    if (t.kind === 'set') {
      throw new FunctionError(
        'cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important',
        0,
      );
    }
    if (t.kind !== 'list' && t.kind !== 'tuple') throw new FunctionError('must be a list or tuple value', 0);
    const idx = sliceIndexes(args);
    if (t.kind === 'list') return t;
    if (!idx) return DYNAMIC;
    return tupleOf(t.elems.slice(idx[0], idx[1]));
  },
  impl(args, returnType) {
    const [start, end] = sliceIndexes(args)!;
    const elems = elementsOf(args[0]!).slice(start, end);
    return returnType.kind === 'tuple' ? tupleVal(elems) : listVal(elems, (returnType as { elem: Type }).elem);
  },
};

function sliceIndexes(args: readonly Value[]): [number, number] | undefined {
  const list = args[0]!;
  const length = list.type.kind === 'tuple' ? list.type.elems.length : list.isKnown ? elementsOf(list).length : undefined;
  const read = (v: Value, argIndex: number, what: string): number | undefined => {
    if (!v.isKnown) return undefined;
    let i: number;
    try {
      i = wholeNumber(v);
    } catch (e) {
      throw new FunctionError(`invalid ${what} index: ${(e as Error).message}`, argIndex);
    }
    if (i < 0) throw new FunctionError(`${what} index must not be less than zero`, argIndex);
    if (length !== undefined && i > length) throw new FunctionError(`${what} index must not be greater than the length of the list`, argIndex);
    return i;
  };
  const start = read(args[1]!, 1, 'start');
  const end = read(args[2]!, 2, 'end');
  if (start === undefined || end === undefined) return undefined;
  if (start > end) throw new FunctionError('start index must not be greater than end index', 1);
  return [start, end];
}

const sort = staticFunction(
  'Sorts a list of strings lexically (by UTF-8 bytes).',
  [param('list', listOf(STRING), { allowUnknown: true })],
  listOf(STRING),
  ([list]) => {
    if (!isWhollyKnown(list!)) return unknownVal(listOf(STRING));
    const strings = elementsOf(list!).map((e, i) => {
      if (e.isNull) throw new FunctionError(`given list element ${i} is null; a null string cannot be sorted`);
      return asString(e);
    });
    return listVal(strings.sort(compareUtf8).map(stringVal), STRING);
  },
);

// ---------------------------------------------------------------------------------------------------------------
// Searching

const coalesce: HclFunction = {
  description: 'Returns the first argument that is neither null nor an empty string.',
  params: [],
  varParam: param('vals', DYNAMIC, { allowUnknown: true, allowDynamicType: true, allowNull: true }),
  returnType(args) {
    const t = args.length > 0 ? unifyUnsafe(args.map((a) => a.type)) : undefined;
    if (!t) throw new FunctionError('all arguments must have the same type');
    return t;
  },
  impl(args, returnType) {
    for (const a of args) {
      const v = convert(a, returnType);
      if (!v.isKnown) return unknownVal(returnType);
      if (v.isNull) continue;
      if (typeEquals(returnType, STRING) && v.raw === '') continue;
      return v;
    }
    throw new FunctionError('no non-null, non-empty-string arguments');
  },
};

const coalescelist: HclFunction = {
  description: 'Returns the first non-empty list or tuple argument.',
  params: [],
  varParam: param('vals', DYNAMIC, { allowUnknown: true, allowDynamicType: true, allowNull: true }),
  returnType(args) {
    if (args.length === 0) throw new FunctionError('at least one argument is required');
    for (const a of args) {
      if (!a.isKnown) return DYNAMIC;
      if (a.type.kind !== 'list' && a.type.kind !== 'tuple') throw new FunctionError('coalescelist arguments must be lists or tuples');
    }
    const first = args[0]!.type;
    return args.every((a) => typeEquals(a.type, first)) ? first : DYNAMIC;
  },
  impl(args, returnType) {
    for (const a of args) {
      if (!a.isKnown) return unknownVal(returnType);
      if (!a.isNull && elementsOf(a).length > 0) return a;
    }
    throw new FunctionError('no non-null arguments');
  },
};

const contains = staticFunction('Tells whether a list, tuple or set contains the given value.', [param('list', DYNAMIC), param('value', DYNAMIC)], BOOL, ([list, value]) => {
  if (!isSequence(list!.type)) throw new FunctionError('argument must be list, tuple, or set');
  const elems = elementsOf(list!);
  if (elems.length === 0) return FALSE;
  let unknown = false;
  for (const e of elems) {
    const eq = valueEquals(value!, e);
    if (!eq.isKnown) unknown = true;
    else if (eq.raw === true) return TRUE;
  }
  return unknown ? unknownVal(BOOL) : FALSE;
});

const index = staticFunction('Returns the position of the first element equal to the given value.', [param('list', DYNAMIC), param('value', DYNAMIC)], NUMBER, ([list, value]) => {
  if (list!.type.kind !== 'list' && list!.type.kind !== 'tuple') throw new FunctionError('argument must be a list or tuple');
  const elems = elementsOf(list!);
  if (elems.length === 0) throw new FunctionError('cannot search an empty list');
  for (const [i, e] of elems.entries()) {
    const eq = valueEquals(e, value!);
    if (!eq.isKnown) return unknownVal(NUMBER);
    if (eq.raw === true) return numberVal(i);
  }
  throw new FunctionError('item not found');
});

const element: HclFunction = {
  description: 'Returns the element at an index, wrapping around past the end.',
  params: [param('list', DYNAMIC, { allowMarked: true }), param('index', NUMBER)],
  returnType([list, idx]) {
    if (idx!.isKnown && asNumber(idx!).isNegative() && !asNumber(idx!).isZero()) {
      throw new FunctionError('cannot use element function with a negative index');
    }
    const t = list!.type;
    if (t.kind === 'list') return t.elem;
    if (t.kind === 'tuple') {
      if (!idx!.isKnown) return DYNAMIC;
      const i = elementIndex(idx!);
      if (t.elems.length === 0) throw new FunctionError('cannot use element function with an empty list');
      return t.elems[i % t.elems.length]!;
    }
    throw new FunctionError(`cannot read elements from ${typeName(t)}`);
  },
  impl([list, idx], returnType) {
    const i = elementIndex(idx!);
    if (!list!.isKnown) return unknownVal(returnType).withMarks(list!.marks);
    const elems = elementsOf(list!);
    if (elems.length === 0) throw new FunctionError('cannot use element function with an empty list');
    return withMarks(elems[i % elems.length]!, list!.marks);
  },
};

function elementIndex(idx: Value): number {
  try {
    return wholeNumber(idx);
  } catch (e) {
    throw new FunctionError(`invalid index: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Maps and objects

const keys: HclFunction = {
  description: 'Returns the keys of a map or the attribute names of an object, sorted.',
  params: [param('inputMap', DYNAMIC, { allowUnknown: true, allowMarked: true })],
  returnType([m]) {
    const t = m!.type;
    if (t.kind === 'map') return listOf(STRING);
    if (t.kind === 'object') return t.attrs.size === 0 ? EMPTY_TUPLE : tupleOf([...t.attrs.keys()].map(() => STRING));
    throw new FunctionError('must have map or object type', 0);
  },
  impl([m], returnType) {
    const t = m!.type;
    if (t.kind === 'object') return withMarks(tupleVal(sortedAttrNames(t).map(stringVal)), m!.marks);
    if (!m!.isKnown) return unknownVal(returnType).withMarks(m!.marks);
    return withMarks(listVal(sortedKeys(m!).map(stringVal), STRING), m!.marks);
  },
};

const values: HclFunction = {
  description: 'Returns the values of a map or object, ordered by key.',
  params: [param('mapping', DYNAMIC, { allowMarked: true })],
  returnType([m]) {
    const t = m!.type;
    if (t.kind === 'map') return listOf(t.elem);
    if (t.kind === 'object') return t.attrs.size === 0 ? EMPTY_TUPLE : tupleOf(sortedAttrNames(t).map((n) => t.attrs.get(n)!));
    throw new FunctionError('values() requires a map as the first argument');
  },
  impl([m], returnType) {
    const entries = entriesOfValue(m!);
    const vals = sortedKeys(m!).map((k) => entries.get(k)!);
    const result = returnType.kind === 'tuple' ? tupleVal(vals) : listVal(vals, (returnType as { elem: Type }).elem);
    return withMarks(result, m!.marks);
  },
};

const lookup: HclFunction = {
  description: 'Returns the value for a key of a map or object, or the default when it is missing.',
  params: [
    param('inputMap', DYNAMIC, { allowMarked: true }),
    param('key', STRING, { allowMarked: true }),
    param('default', DYNAMIC, { allowMarked: true }),
  ],
  returnType([m, key, dflt]) {
    const t = m!.type;
    if (t.kind === 'object') {
      if (!key!.isKnown) return DYNAMIC;
      return t.attrs.get(asString(key!)) ?? dflt!.type;
    }
    if (t.kind === 'map') {
      try {
        convert(dflt!, t.elem);
      } catch (e) {
        if (e instanceof ConversionError) throw new FunctionError('the default value must have the same type as the map elements', 2);
        throw e;
      }
      return t.elem;
    }
    throw new FunctionError('lookup() requires a map as the first argument', 0);
  },
  impl([m, key, dflt], returnType) {
    const marks = [...m!.marks, ...key!.marks];
    if (!isWhollyKnown(m!)) return unknownVal(returnType).withMarks(marks);
    const found = entriesOfValue(m!).get(asString(key!));
    if (found) return found.withMarks(marks);
    return convertOrFail(dflt!, returnType).withMarks(marks);
  },
};

const merge: HclFunction = {
  description: 'Merges maps or objects; later arguments win for the same key.',
  params: [],
  varParam: param('maps', DYNAMIC, { allowDynamicType: true, allowNull: true, allowMarked: true }),
  returnType(args) {
    if (args.length === 0) return objectOf(new Map());
    const attrs = new Map<string, Type>();
    let matching = true;
    let attrsKnown = true;
    for (const a of args) {
      const t = a.type;
      if (t.kind === 'dynamic') return DYNAMIC;
      if (t.kind !== 'map' && t.kind !== 'object') throw new FunctionError(`arguments must be maps or objects, got ${goQuote(typeName(t))}`);
      if (t.kind === 'object' && !a.isNull) for (const [k, at] of t.attrs) attrs.set(k, at);
      if (t.kind === 'map' && !a.isNull) {
        if (a.isKnown) for (const k of entriesOfValue(a).keys()) attrs.set(k, t.elem);
        else attrsKnown = false;
      }
      if (!typeEquals(t, args[0]!.type)) matching = false;
    }
    if (matching) return args[0]!.type;
    if (!attrsKnown) return DYNAMIC;
    return objectOf(attrs);
  },
  impl(args, returnType) {
    const out = new Map<string, Value>();
    const marks: Mark[] = [];
    for (const a of args) {
      if (a.isNull) continue;
      marks.push(...a.marks);
      for (const [k, v] of entriesOfValue(a)) out.set(k, v);
    }
    const result = returnType.kind === 'map' ? mapVal(out, returnType.elem) : objectVal(out);
    return result.withMarks(marks);
  },
};

const zipmap: HclFunction = {
  description: 'Builds a map (or object) from a list of keys and a list (or tuple) of values.',
  params: [param('keys', listOf(STRING), { allowMarked: true }), param('values', DYNAMIC, { allowMarked: true })],
  returnType([keysArg, valuesArg]) {
    const vt = valuesArg!.type;
    if (vt.kind === 'list') return mapOf(vt.elem);
    if (vt.kind === 'tuple') {
      if (!isWhollyKnown(keysArg!)) return DYNAMIC;
      const ks = elementsOf(keysArg!);
      if (ks.length !== vt.elems.length) {
        throw new FunctionError(`number of keys (${ks.length}) does not match number of values (${vt.elems.length})`);
      }
      const attrs = new Map<string, Type>();
      ks.forEach((k, i) => {
        if (k.isNull) throw new FunctionError(`keys list has null value at index ${i}`);
        attrs.set(asString(k), vt.elems[i]!);
      });
      return objectOf(attrs);
    }
    throw new FunctionError('values argument must be a list or tuple value');
  },
  impl([keysArg, valuesArg], returnType) {
    const marks = [...keysArg!.marks, ...valuesArg!.marks];
    if (!isWhollyKnown(keysArg!)) return unknownVal(returnType).withMarks(marks);
    const ks = elementsOf(keysArg!);
    const vs = elementsOf(valuesArg!);
    if (ks.length !== vs.length) throw new FunctionError(`number of keys (${ks.length}) does not match number of values (${vs.length})`);
    const out = new Map<string, Value>();
    ks.forEach((k, i) => {
      if (k.isNull) throw new FunctionError(`keys list has null value at index ${i}`);
      marks.push(...k.marks);
      out.set(asString(k), vs[i]!);
    });
    const result = returnType.kind === 'map' ? mapVal(out, returnType.elem) : objectVal(out);
    return result.withMarks(marks);
  },
};

const length: HclFunction = {
  description: 'Returns the number of elements, attributes or characters (grapheme clusters).',
  params: [param('value', DYNAMIC, { allowDynamicType: true, allowUnknown: true })],
  returnType([v]) {
    const k = v!.type.kind;
    if (k === 'bool' || k === 'number') throw new FunctionError('argument must be a string, a collection type, or a structural type');
    return NUMBER;
  },
  impl([v]) {
    const t = v!.type;
    if (t.kind === 'tuple') return numberVal(t.elems.length);
    if (t.kind === 'object') return numberVal(t.attrs.size);
    if (!v!.isKnown || t.kind === 'dynamic') return unknownVal(NUMBER);
    if (t.kind === 'string') return numberVal(graphemeClusters(asString(v!)).length);
    return numberVal(v!.raw instanceof Map ? v!.raw.size : elementsOf(v!).length);
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Sets

function setOperation(description: string, combine: (a: readonly Value[], b: readonly Value[]) => Value[], allowUnknown: boolean): HclFunction {
  return {
    description,
    params: [param('first_set', setOf(DYNAMIC), { allowDynamicType: true })],
    varParam: param('other_sets', setOf(DYNAMIC), { allowDynamicType: true }),
    returnType(args) {
      const elemTypes = args
        .filter((a) => !(a.isKnown && elementsOf(a).length === 0 && (a.type as { elem?: Type }).elem?.kind === 'dynamic'))
        .map((a) => (a.type as { elem?: Type }).elem ?? DYNAMIC);
      if (elemTypes.length === 0) return setOf(DYNAMIC);
      const common = unifyUnsafe(elemTypes);
      if (!common) throw new FunctionError('given sets must all have compatible element types');
      return setOf(common);
    },
    impl(args, returnType) {
      const sets = args.map((a, i) => convertOrFail(a, returnType, i));
      if (!allowUnknown && !sets.every(isWhollyKnown)) return unknownVal(returnType);
      let acc = elementsOf(sets[0]!);
      for (const s of sets.slice(1)) acc = combine(acc, elementsOf(s));
      return setVal(acc, (returnType as { elem: Type }).elem);
    },
  };
}

const setunion = setOperation('Returns the set of elements in any of the given sets.', (a, b) => [...a, ...b], true);
const setintersection = setOperation(
  'Returns the set of elements in all of the given sets.',
  (a, b) => a.filter((x) => b.some((y) => rawEquals(x, y))),
  false,
);

const setproduct: HclFunction = {
  description: 'Returns every combination of one element from each of the given lists or sets.',
  params: [],
  varParam: param('sets', DYNAMIC),
  returnType(args) {
    if (args.length < 2) throw new FunctionError('at least two arguments are required');
    let lists = 0;
    const elemTypes = args.map((a, i): Type => {
      const t = a.type;
      if (t.kind === 'set') return t.elem;
      if (t.kind === 'list') {
        lists++;
        return t.elem;
      }
      if (t.kind === 'tuple') {
        lists++;
        if (t.elems.length === 0) return DYNAMIC;
        const common = unifyUnsafe(t.elems);
        if (!common) throw new FunctionError('all elements must be of the same type', i);
        return common;
      }
      throw new FunctionError('a set or a list is required', i);
    });
    const tuple = tupleOf(elemTypes);
    return lists === args.length ? listOf(tuple) : setOf(tuple);
  },
  impl(args, returnType) {
    const tupleType = (returnType as { elem: Extract<Type, { kind: 'tuple' }> }).elem;
    const columns = args.map((a, j) => elementsOf(a).map((e) => convert(e, tupleType.elems[j]!)));
    let rows: Value[][] = [[]];
    for (const column of columns) rows = rows.flatMap((row) => column.map((e) => [...row, e]));
    const tuples = rows.map(tupleVal);
    return returnType.kind === 'list' ? listVal(tuples, tupleType) : setVal(tuples, tupleType);
  },
};

export const collectionFunctions: Readonly<Record<string, HclFunction>> = pureFunctions({
  alltrue,
  anytrue,
  chunklist,
  coalesce,
  coalescelist,
  compact,
  concat,
  contains,
  distinct,
  element,
  flatten,
  index,
  keys,
  length,
  lookup,
  merge,
  range,
  reverse,
  setintersection,
  setproduct,
  setunion,
  slice,
  sort,
  values,
  zipmap,
});
