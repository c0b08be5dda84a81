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
