import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../server/src/hcl/eval/index.js';
import { conversionFunctions } from '../../server/src/hcl/functions/conversion.js';
import { applyDefaults, exactType, typeConstraint } from '../../server/src/hcl/typeexpr.js';
import { convert } from '../../server/src/hcl/convert.js';
import { typeName } from '../../server/src/hcl/types.js';
import { DYNAMIC, NUMBER, STRING, elementsOf, entriesOfValue, listOf, objectOf, objectVal, stringVal, tupleVal, typeEquals } from '../../server/src/hcl/value.js';
import * as b from './eval-ast.js';

test('type constraints from expressions', () => {
  assert.ok(typeEquals(typeConstraint(b.v('string')).type, STRING));
  assert.ok(typeEquals(typeConstraint(b.call('list', [b.v('number')])).type, listOf(NUMBER)));
  assert.ok(typeEquals(typeConstraint(b.v('any')).type, DYNAMIC));
  const o = typeConstraint(b.call('object', [b.obj({ a: b.v('string'), n: b.call('optional', [b.v('number'), b.num(7)]) })]));
  assert.deepEqual(o.diagnostics, []);
  assert.equal(o.type.kind === 'object' && o.type.optional?.has('n'), true);
  assert.equal(exactType(b.v('any')).diagnostics[0]?.detail, 'The keyword "any" cannot be used in this type specification: an exact type is required.');
  assert.equal(typeConstraint(b.str('string')).diagnostics[0]?.detail, 'A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).');
  assert.equal(typeConstraint(b.v('list')).diagnostics[0]?.detail, 'The list type constructor requires one argument specifying the element type.');
  assert.equal(typeConstraint(b.call('lst', [b.v('string')])).diagnostics[0]?.detail, 'Keyword "lst" is not a valid type constructor.');
  assert.equal(typeConstraint(b.call('optional', [b.v('string')])).diagnostics[0]?.detail, 'Keyword "optional" is valid only as a modifier for object type attributes.');
  const bad = typeConstraint(b.call('object', [b.obj({ n: b.call('optional', [b.v('number'), b.str('x')]) })]));
  assert.equal(bad.diagnostics[0]?.summary, 'Invalid default value for optional attribute');
});

test('optional attribute defaults are applied before conversion', () => {
  const t = typeConstraint(
    b.call('list', [b.call('object', [b.obj({ a: b.v('string'), n: b.call('optional', [b.v('number'), b.num(7)]), s: b.call('optional', [b.v('string')]) })])]),
  ).type;
  const given = tupleVal([objectVal({ a: stringVal('x') })]);
  const converted = convert(applyDefaults(given, t), t);
  assert.equal(typeName(converted.type), 'list of object');
  const first = entriesOfValue(elementsOf(converted)[0]!);
  assert.equal(String(first.get('n')!.raw), '7');
  assert.ok(first.get('s')!.isNull);
  assert.ok(typeEquals(first.get('s')!.type, STRING));
  assert.ok(typeEquals(objectOf({ a: STRING }), objectOf({ a: STRING })));
});

test('lazy functions try, can and convert are called with their expressions', () => {
  const ctx = { variables: new Map([['s', stringVal('x')]]), functions: new Map(Object.entries(conversionFunctions)) };
  assert.equal(evaluate(b.call('can', [b.v('nope')]), ctx).value.raw, false);
  assert.equal(evaluate(b.call('can', [b.v('s')]), ctx).value.raw, true);
  assert.equal(evaluate(b.call('try', [b.v('nope'), b.str('fallback')]), ctx).value.raw, 'fallback');
  const c = evaluate(b.call('convert', [b.num(5), b.v('string')]), ctx);
  assert.deepEqual(c.diagnostics, []);
  assert.equal(c.value.raw, '5');
  assert.equal(evaluate(b.call('convert', [b.num(5), b.v('strin')]), ctx).diagnostics[0]?.summary, 'Invalid function argument');
});
