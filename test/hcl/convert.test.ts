import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConversionError,
  canConvert,
  convert,
  mismatchMessage,
  unify,
  unifyUnsafe,
  valueEquals,
} from '../../server/src/hcl/convert.js';
import { typeName, constraintName } from '../../server/src/hcl/types.js';
import {
  BOOL,
  DYNAMIC,
  NUMBER,
  STRING,
  Value,
  boolVal,
  elementsOf,
  listOf,
  listVal,
  mapOf,
  mapVal,
  nullVal,
  numberVal,
  objectOf,
  objectVal,
  rawEquals,
  setOf,
  setVal,
  stringVal,
  tupleOf,
  tupleVal,
  typeEquals,
  unknownVal,
} from '../../server/src/hcl/value.js';

function convertError(v: Value, t: Parameters<typeof convert>[1]): ConversionError {
  try {
    convert(v, t);
  } catch (e) {
    assert.ok(e instanceof ConversionError);
    return e;
  }
  assert.fail('conversion succeeded');
}

test('typeName and constraintName use cty friendly names', () => {
  assert.equal(typeName(listOf(STRING)), 'list of string');
  assert.equal(typeName(mapOf(NUMBER)), 'map of number');
  assert.equal(typeName(setOf(listOf(BOOL))), 'set of list of bool');
  assert.equal(typeName(objectOf({ a: STRING })), 'object');
  assert.equal(typeName(tupleOf([STRING])), 'tuple');
  assert.equal(typeName(DYNAMIC), 'dynamic');
  assert.equal(constraintName(DYNAMIC), 'any type');
  assert.equal(constraintName(listOf(DYNAMIC)), 'list of any single type');
});

test('primitive conversions follow cty', () => {
  assert.equal(convert(numberVal('5'), STRING).raw, '5');
  assert.equal(convert(numberVal('1.5e3'), STRING).raw, '1500');
  assert.equal(convert(boolVal(true), STRING).raw, 'true');
  assert.equal(String(convert(stringVal('12.50'), NUMBER).raw), '12.5');
  assert.equal(convert(stringVal('1'), BOOL).raw, true);
  assert.equal(convert(stringVal('false'), BOOL).raw, false);
  assert.equal(convertError(stringVal('abc'), NUMBER).message, 'a number is required');
  assert.equal(convertError(stringVal(' 1'), NUMBER).message, 'a number is required');
  assert.equal(convertError(stringVal('yes'), BOOL).message, 'a bool is required');
  assert.equal(
    convertError(stringVal('True'), BOOL).message,
    'a bool is required; to convert from string, use lowercase "true"',
  );
  assert.equal(convertError(numberVal(1), BOOL).message, 'bool required');
  assert.equal(convertError(tupleVal([]), STRING).message, 'string required');
});

test('structural to collection conversions and their errors', () => {
  const l = convert(tupleVal([stringVal('a'), numberVal(1)]), listOf(STRING));
  assert.ok(typeEquals(l.type, listOf(STRING)));
  assert.deepEqual(
    elementsOf(l).map((e) => e.raw),
    ['a', '1'],
  );
  // tuple → list(any) unifies elements: number and string become strings.
  const any = convert(tupleVal([numberVal(1), stringVal('b')]), listOf(DYNAMIC));
  assert.ok(typeEquals(any.type, listOf(STRING)));
  assert.equal(convertError(tupleVal([tupleVal([])]), listOf(STRING)).message, 'element 0: string required');
  assert.equal(
    convertError(tupleVal([objectVal({}), tupleVal([])]), listOf(DYNAMIC)).message,
    'all list elements must have the same type',
  );
  const e = convertError(tupleVal([stringVal('x'), stringVal('y')]), listOf(NUMBER));
  assert.equal(e.message, 'a number is required');
  assert.deepEqual(e.path, [0]);
  assert.equal(convertError(stringVal('x'), listOf(STRING)).message, 'list of string required');
  assert.equal(convertError(listVal([stringVal('a')]), mapOf(STRING)).message, 'map of string required');
  assert.equal(
    convertError(listVal([listVal([stringVal('a')])]), listOf(STRING)).message,
    'incorrect list element type: string required',
  );
});

test('object conversions report missing attributes and apply optional ones', () => {
  const want = objectOf({ a: STRING, b: NUMBER, c: BOOL });
  assert.equal(convertError(objectVal({ a: stringVal('x') }), want).message, 'attributes "b" and "c" are required');
  assert.equal(convertError(objectVal({}), want).message, 'attributes "a", "b", and "c" are required');
  assert.equal(convertError(objectVal({ b: numberVal(1), c: boolVal(true) }), want).message, 'attribute "a" is required');
  assert.equal(
    convertError(objectVal({ a: stringVal('x'), b: tupleVal([]), c: boolVal(true) }), want).message,
    'attribute "b": number required',
  );
  const opt: Parameters<typeof convert>[1] = { kind: 'object', attrs: new Map([['a', STRING], ['o', NUMBER]]), optional: new Set(['o']) };
  const r = convert(objectVal({ a: numberVal(3), extra: boolVal(true) }), opt);
  assert.ok(typeEquals(r.type, objectOf({ a: STRING, o: NUMBER })));
  const attrs = r.raw as ReadonlyMap<string, Value>;
  assert.equal(attrs.get('a')!.raw, '3');
  assert.ok(attrs.get('o')!.isNull);
  assert.equal(attrs.has('extra'), false);
});

test('map/object and set conversions', () => {
  const m = convert(objectVal({ x: numberVal(1), y: stringVal('s') }), mapOf(DYNAMIC));
  assert.ok(typeEquals(m.type, mapOf(STRING)));
  const o = convert(mapVal({ a: stringVal('1'), z: stringVal('2') }), objectOf({ a: NUMBER }));
  assert.ok(typeEquals(o.type, objectOf({ a: NUMBER })));
  assert.equal(
    convertError(mapVal({ z: stringVal('2') }), objectOf({ a: NUMBER })).message,
    'map has no element for required attribute "a"',
  );
  const s = convert(tupleVal([stringVal('b'), stringVal('a'), stringVal('b')]), setOf(STRING));
  assert.deepEqual(
    elementsOf(s).map((e) => e.raw),
    ['a', 'b'],
  );
  assert.equal(canConvert(listOf(STRING), setOf(STRING)), true);
  assert.equal(canConvert(NUMBER, BOOL), false);
});

test('null and unknown convert to null/unknown of the target type; marks are kept', () => {
  const n = convert(nullVal(DYNAMIC), listOf(STRING));
  assert.ok(n.isNull && typeEquals(n.type, listOf(STRING)));
  const u = convert(unknownVal(DYNAMIC), NUMBER);
  assert.ok(!u.isKnown && typeEquals(u.type, NUMBER));
  const marked = numberVal(4).withMarks(['sensitive']);
  const c = convert(marked, STRING);
  assert.equal(c.raw, '4');
  assert.ok(c.isSensitive);
});

test('unify finds the common type like cty', () => {
  assert.ok(typeEquals(unify([STRING, NUMBER])!, STRING));
  assert.equal(unify([NUMBER, BOOL]), undefined);
  assert.ok(typeEquals(unify([listOf(STRING), listOf(NUMBER)])!, listOf(STRING)));
  assert.ok(typeEquals(unify([objectOf({ a: STRING }), objectOf({ b: NUMBER })])!, mapOf(STRING)));
  assert.ok(typeEquals(unify([tupleOf([STRING]), tupleOf([STRING, NUMBER])])!, listOf(STRING)));
  // Only an unsafe conversion turns dynamic into string, so the safe unification settles on dynamic.
  assert.ok(typeEquals(unify([STRING, DYNAMIC])!, DYNAMIC));
  assert.ok(typeEquals(unifyUnsafe([STRING, DYNAMIC])!, STRING));
  assert.ok(typeEquals(unify([tupleOf([NUMBER]), DYNAMIC])!, DYNAMIC));
  assert.equal(unify([objectOf({}), tupleOf([])]), undefined);
  assert.ok(typeEquals(unifyUnsafe([setOf(STRING), listOf(STRING)])!, listOf(STRING)));
  assert.ok(typeEquals(unifyUnsafe([STRING, NUMBER, BOOL])!, STRING));
});

test('valueEquals is unknown-aware and type-strict', () => {
  assert.equal(valueEquals(stringVal('1'), numberVal(1)).raw, false);
  assert.equal(valueEquals(numberVal('1.0'), numberVal(1)).raw, true);
  assert.equal(valueEquals(nullVal(STRING), nullVal(NUMBER)).raw, true);
  assert.equal(valueEquals(unknownVal(STRING), stringVal('a')).isKnown, false);
  assert.equal(valueEquals(unknownVal(STRING), numberVal(1)).raw, false);
  assert.equal(valueEquals(nullVal(DYNAMIC), unknownVal(STRING)).isKnown, false);
  assert.equal(valueEquals(tupleVal([numberVal(1)]), tupleVal([numberVal(1)])).raw, true);
  assert.equal(valueEquals(tupleVal([numberVal(1)]), listVal([numberVal(1)])).raw, false);
  assert.equal(valueEquals(tupleVal([unknownVal(NUMBER)]), tupleVal([numberVal(1)])).isKnown, false);
  assert.ok(valueEquals(stringVal('a').withMarks(['sensitive']), stringVal('a')).isSensitive);
});

test('sets deduplicate and order like cty', () => {
  const s = setVal([numberVal(10), numberVal(2), numberVal(10), numberVal(-1)]);
  assert.deepEqual(
    elementsOf(s).map((e) => String(e.raw)),
    ['-1', '2', '10'],
  );
  const marked = setVal([stringVal('a').withMarks(['sensitive'])]);
  assert.ok(marked.isSensitive);
  assert.equal(elementsOf(marked)[0]!.isSensitive, false);
  assert.ok(rawEquals(setVal([stringVal('b'), stringVal('a')]), setVal([stringVal('a'), stringVal('b')])));
  assert.equal(mismatchMessage(setOf(STRING), mapOf(STRING)), 'map of string required');
});
