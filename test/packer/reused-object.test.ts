import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReusedObject } from '../../server/src/packer/memo.js';
import { stringVal } from '../../server/src/hcl/value.js';

test('the previous object value is handed back only while its attributes are the same values in the same order', () => {
  const objects = new ReusedObject();
  const a = stringVal('a');
  const b = stringVal('b');
  const first = objects.of(['x', 'y'], [a, b]);
  assert.deepEqual([...(first.raw as ReadonlyMap<string, unknown>).keys()], ['x', 'y']);
  assert.equal(objects.of(['x', 'y'], [a, b]), first);
  // An equal but different value is a change: what it carries (marks, identity-keyed caches) may differ.
  const b2 = stringVal('b');
  const changed = objects.of(['x', 'y'], [a, b2]);
  assert.notEqual(changed, first);
  assert.equal((changed.raw as ReadonlyMap<string, unknown>).get('y'), b2);
  const renamed = objects.of(['x', 'z'], [a, b]);
  assert.notEqual(renamed, changed);
  assert.deepEqual([...(renamed.raw as ReadonlyMap<string, unknown>).keys()], ['x', 'z']);
  assert.notEqual(objects.of(['x'], [a]), renamed);
});

test('a rebuilt object equals one built afresh, whatever changed: values, types or names', async () => {
  const { objectVal, numberVal, typeEquals } = await import('../../server/src/hcl/value.js');
  const { prng } = await import('../support/prng.js');
  const random = prng(91);
  const objects = new ReusedObject();
  // Names out of order, as locals are declared: the object lists them sorted.
  let keys = ['zeta', 'alpha', 'mid', 'Beta', 'a1', 'a10', 'a2'];
  let values = keys.map((k) => stringVal(k));
  for (let step = 0; step < 200; step++) {
    const pick = Math.floor(random() * keys.length);
    const r = random();
    if (r < 0.5) values = values.map((v, i) => (i === pick ? stringVal(`${random()}`) : v));
    else if (r < 0.75) values = values.map((v, i) => (i === pick ? numberVal(step) : v));
    else if (r < 0.9) keys = keys.map((k, i) => (i === pick ? `${k}x` : k));
    else {
      keys = [...keys, `n${step}`];
      values = [...values, stringVal('new')];
    }
    const expected = objectVal(new Map(keys.map((k, i) => [k, values[i]!])));
    const got = objects.of(keys, values);
    assert.equal(objects.of([...keys], [...values]), got, 'asked again with the same attributes: the same object');
    assert.deepEqual([...(got.raw as ReadonlyMap<string, unknown>).entries()], [...(expected.raw as ReadonlyMap<string, unknown>).entries()]);
    assert.ok(typeEquals(got.type, expected.type), `step ${step}: types`);
  }
});
