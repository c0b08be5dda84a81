/**
 * The legacy index `list.1` (HIL's form, still read by hclsyntax): its key is the integer after the dot, and a dot
 * left at the end of a line is hclsyntax's missing attribute name — never a crash while someone types.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../server/src/hcl/eval/index.js';
import { numberVal, stringVal, tupleVal } from '../../server/src/hcl/value.js';
import { getHclParser } from '../support/parser.js';

test('a legacy index reads the integer after the dot', async () => {
  const parser = await getHclParser();
  const list = tupleVal([stringVal('a'), stringVal('b'), stringVal('c'), ...Array.from({ length: 9 }, (_, i) => stringVal(`x${i}`))]);
  for (const [text, expected] of [
    ['l.1', 'b'],
    ['l.0', 'a'],
    ['l.11', 'x8'],
    ['l .2', 'c'],
  ] as const) {
    const { expr, diagnostics } = parser.parseExpression(text, 'f.pkr.hcl');
    assert.deepEqual(diagnostics, [], text);
    assert.ok(expr.kind === 'index' && expr.legacy, text);
    assert.deepEqual(expr.key.kind === 'literal' ? expr.key.value : undefined, numberVal(Number(text.split('.')[1])), text);
    const r = evaluate(expr, { variables: new Map([['l', list]]) });
    assert.deepEqual(r.diagnostics, [], text);
    assert.equal(r.value.raw, expected, text);
  }
});

test('a dot at the end of a line followed by a number is a missing attribute name, not a crash', async () => {
  const parser = await getHclParser();
  for (const text of ['a = x .\n1 = 2\n', 'a = x.\n12\n', 'locals {\n  a = x .\n  1\n}\n', 'a = x . 1e5\n']) {
    const parsed = parser.parse(text, 'f.pkr.hcl');
    parsed.tree.delete();
    const first = parsed.diagnostics[0];
    assert.equal(first?.summary, 'Invalid attribute name', JSON.stringify(text));
    assert.equal(first?.detail, 'An attribute name is required after a dot.');
    const dot = text.indexOf('.');
    const before = text.slice(0, dot + 1);
    assert.deepEqual(first?.range?.start, { line: before.split('\n').length - 1, character: dot + 1 - (before.lastIndexOf('\n') + 1) }, JSON.stringify(text));
  }
});
