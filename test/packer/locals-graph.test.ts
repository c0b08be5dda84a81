import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTemplate } from '../../server/src/packer/load.js';
import { templateInput } from './inputs.js';

// The locals/data dependency graph is reused between loads whose nodes and references are the same (locals.ts);
// these loads keep the names and change only who reads whom, which a reused graph would evaluate in the old order.
async function localValues(text: string): Promise<{ values: Record<string, unknown>; errors: string[] }> {
  const r = loadTemplate(await templateInput(text));
  const values = Object.fromEntries([...r.template.locals.values()].map((l) => [l.name, l.value?.isKnown ? l.value.raw : '(unknown)']));
  return { values, errors: r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary) };
}

test('a load with the same locals but reversed references evaluates them in the new order', async () => {
  const before = await localValues('locals {\n  a = "a-${local.b}"\n  b = "b"\n}\n');
  assert.deepEqual(before, { values: { a: 'a-b', b: 'b' }, errors: [] });
  const after = await localValues('locals {\n  a = "a"\n  b = "b-${local.a}"\n}\n');
  assert.deepEqual(after, { values: { a: 'a', b: 'b-a' }, errors: [] });
  // Back again, and a graph with a finding (a cycle) is never the one reused.
  assert.deepEqual(await localValues('locals {\n  a = "a-${local.b}"\n  b = "b"\n}\n'), before);
  const cycle = await localValues('locals {\n  a = "a-${local.b}"\n  b = "b-${local.a}"\n}\n');
  assert.deepEqual(cycle.errors, ['Failed to prepare execution graph']);
  assert.deepEqual((await localValues('locals {\n  a = "a-${local.b}"\n  b = "b-${local.a}"\n}\n')).errors, cycle.errors);
});
