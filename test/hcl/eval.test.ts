import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Expression } from '../../server/src/hcl/ast.js';
import { evaluate, type EvalContext } from '../../server/src/hcl/eval/index.js';
import { FunctionError, type HclFunction } from '../../server/src/hcl/function.js';
import { formatNumber } from '../../server/src/hcl/number.js';
import {
  DYNAMIC,
  NUMBER,
  STRING,
  type Value,
  Decimal,
  elementsOf,
  entriesOfValue,
  listOf,
  listVal,
  mapVal,
  nullVal,
  numberVal,
  objectVal,
  setVal,
  stringVal,
  tupleVal,
  typeEquals,
  unknownVal,
} from '../../server/src/hcl/value.js';
import * as b from './eval-ast.js';

const upper: HclFunction = {
  description: 'upper',
  params: [{ name: 'str', type: STRING }],
  returnType: () => STRING,
  impl: ([s]) => stringVal((s!.raw as string).toUpperCase()),
};
const sum: HclFunction = {
  description: 'sum of numbers',
  params: [],
  varParam: { name: 'nums', type: NUMBER },
  returnType: () => NUMBER,
  impl: (args) => numberVal(args.reduce((a, x) => a.plus(x.raw as Decimal), new Decimal(0))),
};
const failing: HclFunction = {
  description: 'always fails',
  params: [{ name: 'x', type: DYNAMIC, allowDynamicType: true }],
  returnType: () => STRING,
  impl: () => {
    throw new FunctionError('bad x', 0);
  },
};
const broken: HclFunction = {
  description: 'fails without blaming an argument',
  params: [],
  returnType: () => STRING,
  impl: () => {
    throw new FunctionError('nope');
  },
};

const ctx: EvalContext = {
  variables: new Map<string, Value>([
    ['s', stringVal('hi')],
    ['n', numberVal(3)],
    ['l', listVal([stringVal('a'), stringVal('b')])],
    ['m', mapVal({ x: numberVal(1), y: numberVal(2) })],
    ['o', objectVal({ name: stringVal('web'), tags: tupleVal([stringVal('t1')]) })],
    ['u', unknownVal(STRING)],
    ['secret', stringVal('pw').withMarks(['sensitive'])],
    ['objs', tupleVal([objectVal({ id: numberVal(1) }), objectVal({ id: numberVal(2) })])],
    ['set', setVal([numberVal(3), numberVal(1)])],
    ['nothing', nullVal(listOf(STRING))],
  ]),
  functions: new Map([
    ['upper', upper],
    ['sum', sum],
    ['failing', failing],
    ['broken', broken],
  ]),
};

function ev(e: Expression, c: EvalContext = ctx) {
  return evaluate(e, c);
}
function value(e: Expression): Value {
  const r = ev(e);
  assert.deepEqual(r.diagnostics, [], 'unexpected diagnostics');
  return r.value;
}
function diag(e: Expression): { summary: string; detail: string } {
  const r = ev(e);
  assert.ok(r.diagnostics.length > 0, 'expected a diagnostic');
  return { summary: r.diagnostics[0]!.summary, detail: r.diagnostics[0]!.detail };
}
const numText = (x: Value) => formatNumber(x.raw as Decimal);

test('arithmetic follows cty numbers and conversions', () => {
  assert.equal(numText(value(b.bin(b.num(2), '+', b.num('3.5')))), '5.5');
  assert.equal(numText(value(b.bin(b.num(1), '/', b.num(10)))), '0.1');
  assert.equal(numText(value(b.bin(b.num(7), '/', b.num(2)))), '3.5');
  assert.equal(numText(value(b.bin(b.num(11), '%', b.num(5)))), '1');
  assert.equal(numText(value(b.bin(b.str('5'), '*', b.num(2)))), '10');
  assert.equal(numText(value(b.neg(b.v('n')))), '-3');
  assert.equal(numText(value(b.bin(b.num(1), '/', b.num(0)))), '+Inf');
  assert.deepEqual(diag(b.bin(b.str('x'), '+', b.num(1))), {
    summary: 'Invalid operand',
    detail: 'Unsuitable value for left operand: a number is required.',
  });
  assert.deepEqual(diag(b.bin(b.num(1), '+', b.nul())), {
    summary: 'Operation failed',
    detail: 'Error during operation: argument must not be null.',
  });
  assert.deepEqual(diag(b.bin(b.num(0), '/', b.num(0))), {
    summary: 'Operation failed',
    detail: "Error during operation: can't divide zero by zero or infinity by infinity.",
  });
});

test('comparison and logic', () => {
  assert.equal(value(b.bin(b.str('1'), '==', b.num(1))).raw, false);
  assert.equal(value(b.bin(b.str('a'), '!=', b.str('b'))).raw, true);
  assert.equal(value(b.bin(b.num(1), '<=', b.num(1))).raw, true);
  assert.equal(value(b.bin(b.bool(true), '&&', b.not(b.bool(true)))).raw, false);
  assert.equal(value(b.bin(b.bool(false), '||', b.str('true'))).raw, true);
  // A controlling operand decides even when the other side is unknown.
  assert.equal(value(b.bin(b.bool(true), '||', b.bin(b.v('u'), '==', b.str('x')))).raw, true);
  assert.equal(value(b.bin(b.bool(true), '&&', b.bin(b.v('u'), '==', b.str('x')))).isKnown, false);
  assert.equal(value(b.bin(b.v('u'), '==', b.str('x'))).isKnown, false);
  assert.deepEqual(diag(b.not(b.num(1))), { summary: 'Invalid operand', detail: 'Unsuitable value for unary operand: bool required.' });
});

test('unknown values propagate without errors', () => {
  const r = ev(b.bin(b.v('u'), '+', b.num(1)));
  assert.deepEqual(r.diagnostics, []);
  assert.ok(!r.value.isKnown && typeEquals(r.value.type, NUMBER));
  const t = ev(b.tmpl('x-', b.v('u')));
  assert.ok(!t.value.isKnown && typeEquals(t.value.type, STRING));
  const c = ev(b.cond(b.bin(b.v('u'), '==', b.str('a')), b.num(1), b.num(2)));
  assert.ok(!c.value.isKnown && typeEquals(c.value.type, NUMBER));
  assert.equal(ev(b.attr(b.v('u'), 'x')).diagnostics[0]?.summary, 'Unsupported attribute');
  assert.deepEqual(ev(b.call('upper', [b.v('u')])).diagnostics, []);
});

test('templates: wrap keeps type, interpolation converts, null is an error', () => {
  assert.ok(typeEquals(value(b.tmpl(b.v('n'))).type, NUMBER));
  assert.equal(value(b.tmpl('n=', b.v('n'), '!')).raw, 'n=3!');
  assert.deepEqual(diag(b.tmpl('x', b.nul())), {
    summary: 'Invalid template interpolation value',
    detail: 'The expression result is null. Cannot include a null value in a string template.',
  });
  assert.deepEqual(diag(b.tmpl('x', b.v('l'))), {
    summary: 'Invalid template interpolation value',
    detail: 'Cannot include the given value in a string template: string required.',
  });
  const withIf: Expression = {
    kind: 'template',
    range: b.r(),
    parts: [
      { kind: 'literal', value: 'a', range: b.r() },
      { kind: 'if', cond: b.bin(b.v('n'), '>', b.num(2)), then: [{ kind: 'literal', value: 'big', range: b.r() }], else: [{ kind: 'literal', value: 'small', range: b.r() }], range: b.r() },
      { kind: 'for', valueVar: 'x', collection: b.v('l'), body: [{ kind: 'interp', expr: b.v('x'), range: b.r() }, { kind: 'literal', value: ',', range: b.r() }], range: b.r() },
    ],
  };
  assert.equal(value(withIf).raw, 'abiga,b,');
});

test('variables, attributes and indexes report HCL errors', () => {
  assert.deepEqual(diag(b.v('nope')), { summary: 'Unknown variable', detail: 'There is no variable named "nope".' });
  assert.deepEqual(diag(b.v('st')), { summary: 'Unknown variable', detail: 'There is no variable named "st". Did you mean "s"?' });
  assert.deepEqual(diag(b.v('x')).summary, 'Unknown variable');
  assert.deepEqual(evaluate(b.v('x'), {}).diagnostics[0]?.summary, 'Variables not allowed');
  assert.equal(value(b.attr(b.v('o'), 'name')).raw, 'web');
  assert.deepEqual(diag(b.attr(b.v('o'), 'nam')), { summary: 'Unsupported attribute', detail: 'This object does not have an attribute named "nam".' });
  assert.deepEqual(diag(b.attr(b.v('s'), 'x')), {
    summary: 'Unsupported attribute',
    detail: "Can't access attributes on a primitive-typed value (string).",
  });
  assert.deepEqual(diag(b.attr(b.v('m'), 'z')), { summary: 'Missing map element', detail: 'This map does not have an element with the key "z".' });
  assert.equal(value(b.idx(b.v('l'), b.str('1'))).raw, 'b');
  assert.deepEqual(diag(b.idx(b.v('l'), b.num(2))), {
    summary: 'Invalid index',
    detail: 'The given key does not identify an element in this collection value: the given index is greater than or equal to the length of the collection.',
  });
  assert.deepEqual(diag(b.idx(b.v('l'), b.num(-1))).detail, 'The given key does not identify an element in this collection value: a negative number is not a valid index for a sequence.');
  assert.deepEqual(diag(b.idx(b.v('o'), b.num(0))).detail, 'The given key does not identify an element in this collection value. An object only supports looking up attributes by name, not by numeric index.');
  assert.deepEqual(diag(b.idx(b.v('set'), b.num(0))).summary, 'Invalid index');
  assert.deepEqual(diag(b.idx(b.v('nothing'), b.num(0))), { summary: 'Attempt to index null value', detail: 'This value is null, so it does not have any indices.' });
});

test('conditionals unify both arms', () => {
  const v = value(b.cond(b.bool(true), b.num(1), b.str('x')));
  assert.ok(typeEquals(v.type, STRING));
  assert.equal(v.raw, '1');
  assert.deepEqual(diag(b.cond(b.bool(true), b.num(1), b.tuple())), {
    summary: 'Inconsistent conditional result types',
    detail: "The true and false result expressions must have consistent types. The 'true' value is number, but the 'false' value is tuple.",
  });
  assert.deepEqual(diag(b.cond(b.nul(), b.num(1), b.num(2))).summary, 'Null condition');
  assert.deepEqual(diag(b.cond(b.str('yes'), b.num(1), b.num(2))).summary, 'Incorrect condition type');
  const n = value(b.cond(b.bool(false), b.tuple(b.num(1)), b.nul()));
  assert.ok(n.isNull && n.type.kind === 'tuple');
  // Errors in the branch not taken are not reported.
  assert.equal(value(b.cond(b.bool(true), b.num(1), b.v('missing'))).raw instanceof Decimal, true);
});

test('for expressions: lists, objects, filtering, grouping and duplicates', () => {
  const doubled = value(b.forList('x', b.tuple(b.num(1), b.num(2)), b.bin(b.v('x'), '*', b.num(2))));
  assert.deepEqual(elementsOf(doubled).map(numText), ['2', '4']);
  const keysFirst = value(b.forList('v', b.v('m'), b.v('k'), { keyVar: 'k' }));
  assert.deepEqual(elementsOf(keysFirst).map((x) => x.raw), ['x', 'y']);
  const filtered = value(b.forList('x', b.v('set'), b.v('x'), { cond: b.bin(b.v('x'), '>', b.num(1)) }));
  assert.deepEqual(elementsOf(filtered).map(numText), ['3']);
  const inverted = value(b.forObject(undefined, 'x', b.v('l'), b.v('x'), b.call('upper', [b.v('x')])));
  assert.deepEqual([...entriesOfValue(inverted)].map(([k, x]) => [k, x.raw]), [['a', 'A'], ['b', 'B']]);
  const grouped = value(b.forObject(undefined, 'x', b.tuple(b.str('a'), b.str('a'), b.str('b')), b.v('x'), b.v('x'), true));
  assert.equal(elementsOf(entriesOfValue(grouped).get('a')!).length, 2);
  assert.deepEqual(diag(b.forObject(undefined, 'x', b.tuple(b.str('a'), b.str('a')), b.v('x'), b.v('x'))), {
    summary: 'Duplicate object key',
    detail: `Two different items produced the key "a" in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key.`,
  });
  assert.deepEqual(diag(b.forList('x', b.v('s'), b.v('x'))), {
    summary: 'Iteration over non-iterable value',
    detail: "A value of type string cannot be used as the collection in a 'for' expression.",
  });
  assert.equal(diag(b.forList('x', b.nul(), b.v('x'))).summary, 'Iteration over null value');
});

test('splat expressions', () => {
  const ids = value(b.splat(b.v('objs'), (a) => b.attr(a, 'id')));
  assert.deepEqual(elementsOf(ids).map(numText), ['1', '2']);
  const single = value(b.splat(b.v('o'), (a) => b.attr(a, 'name')));
  assert.equal(single.type.kind, 'tuple');
  assert.deepEqual(elementsOf(single).map((x) => x.raw), ['web']);
  const empty = value(b.splat(b.nul()));
  assert.equal(elementsOf(empty).length, 0);
  assert.equal(empty.type.kind, 'tuple');
  const fromList = value(b.splat(b.v('l')));
  assert.ok(typeEquals(fromList.type, listOf(STRING)));
  assert.equal(diag(b.splat(b.v('nothing'))).summary, 'Splat of null value');
});

test('function calls: conversion, arity, variadic, expansion and errors', () => {
  assert.equal(value(b.call('upper', [b.num(5)])).raw, '5');
  assert.equal(numText(value(b.call('sum', [b.num(1), b.str('2'), b.num(3)]))), '6');
  assert.equal(numText(value(b.call('sum', [b.tuple(b.num(4), b.num(5))], true))), '9');
  assert.deepEqual(diag(b.call('uper', [b.str('a')])), { summary: 'Call to unknown function', detail: 'There is no function named "uper". Did you mean "upper"?' });
  assert.deepEqual(evaluate(b.call('upper', [b.str('a')]), { variables: new Map() }).diagnostics[0]?.summary, 'Function calls not allowed');
  assert.deepEqual(diag(b.call('upper', [])), { summary: 'Not enough function arguments', detail: 'Function "upper" expects 1 argument(s). Missing value for "str".' });
  assert.deepEqual(diag(b.call('upper', [b.str('a'), b.str('b')])), { summary: 'Too many function arguments', detail: 'Function "upper" expects only 1 argument(s).' });
  assert.deepEqual(diag(b.call('upper', [b.tuple()])), { summary: 'Invalid function argument', detail: 'Invalid value for "str" parameter: string required.' });
  assert.deepEqual(diag(b.call('upper', [b.nul()])), { summary: 'Invalid function argument', detail: 'Invalid value for "str" parameter: argument must not be null.' });
  assert.deepEqual(diag(b.call('failing', [b.num(1)])), { summary: 'Invalid function argument', detail: 'Invalid value for "x" parameter: bad x.' });
  assert.deepEqual(diag(b.call('broken', [])), { summary: 'Error in function call', detail: 'Call to function "broken" failed: nope.' });
  assert.deepEqual(diag(b.call('sum', [b.num(1)], true)), {
    summary: 'Invalid expanding argument value',
    detail: 'The expanding argument (indicated by ...) must be of a tuple, list, or set type.',
  });
});

test('sensitive marks propagate through operations', () => {
  assert.ok(value(b.tmpl('p=', b.v('secret'))).isSensitive);
  assert.ok(value(b.call('upper', [b.v('secret')])).isSensitive);
  assert.ok(value(b.bin(b.v('secret'), '==', b.str('pw'))).isSensitive);
  assert.ok(value(b.cond(b.bin(b.v('secret'), '==', b.str('x')), b.num(1), b.num(2))).isSensitive);
  assert.ok(value(b.idx(b.tuple(b.v('secret')), b.num(0))).isSensitive);
  assert.ok(elementsOf(value(b.forList('x', b.tuple(b.v('secret')), b.call('upper', [b.v('x')]))))[0]!.isSensitive);
  assert.equal(value(b.call('upper', [b.str('a')])).isSensitive, false);
});

test('object constructor keys', () => {
  const o = value({ kind: 'object', range: b.r(), items: [{ key: b.tmpl(b.v('s')), value: b.num(1), keyIsBareName: false, range: b.r() }, { key: b.v('s'), value: b.num(2), keyIsBareName: true, range: b.r() }] });
  assert.deepEqual([...entriesOfValue(o).keys()], ['hi', 's']);
  assert.deepEqual(diag({ kind: 'object', range: b.r(), items: [{ key: b.nul(), value: b.num(1), keyIsBareName: false, range: b.r() }] }).summary, 'Null value as key');
  assert.deepEqual(diag({ kind: 'object', range: b.r(), items: [{ key: b.v('l'), value: b.num(1), keyIsBareName: false, range: b.r() }] }), {
    summary: 'Incorrect key type',
    detail: "Can't use this value as a key: string required.",
  });
});

test('deep nesting does not crash', () => {
  let e: Expression = b.num(1);
  for (let i = 0; i < 10000; i++) e = b.bin(e, '+', b.num(1));
  const r = evaluate(e, ctx);
  assert.ok(r.diagnostics.length === 0 ? numText(r.value) === '10001' : r.diagnostics[0]!.summary === 'Expression too complex');
  let t: Expression = b.num(1);
  for (let i = 0; i < 100000; i++) t = b.tuple(t);
  const deep = evaluate(t, ctx);
  assert.equal(deep.diagnostics[0]?.summary, 'Expression too complex');
});
