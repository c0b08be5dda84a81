import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../../server/src/hcl/diagnostic.js';
import { FunctionError } from '../../../server/src/hcl/function.js';
import { conversionFunctions as f, isLazyFunction, type ArgumentClosure, type LazyFunction } from '../../../server/src/hcl/functions/conversion.js';
import { NUMBER, STRING, Value, listOf, numberVal, stringVal, unknownVal, type Type } from '../../../server/src/hcl/value.js';
import { plain } from './call.js';

const pos = (line: number, character: number) => ({ offset: 0, line, character });
const failure: Diagnostic = {
  severity: 'error',
  summary: 'Unsupported attribute',
  detail: 'This object does not have an attribute named "nope".',
  range: { file: 'main.pkr.hcl', start: pos(2, 8), end: pos(2, 18) },
};

/** Test double for the evaluator's argument closures. */
const ok = (value: Value, type?: Type): ArgumentClosure => ({
  evaluate: () => ({ value, diagnostics: [] }),
  typeConstraint: () => {
    if (!type) throw new FunctionError('A type specification is required.');
    return type;
  },
});
const failing: ArgumentClosure = { evaluate: () => ({ value: unknownVal(), diagnostics: [failure] }), typeConstraint: () => STRING };
const lazy = (name: string): LazyFunction => {
  const fn = f[name];
  assert.ok(isLazyFunction(fn), `${name} is lazy`);
  return fn;
};

test('try returns the first argument that evaluates without errors', () => {
  assert.equal(plain(lazy('try').callLazy([failing, ok(stringVal('fallback'))])), 'fallback');
  assert.equal(plain(lazy('try').callLazy([ok(numberVal(1)), ok(numberVal(2))])), 1);
  assert.equal(lazy('try').callLazy([ok(unknownVal(STRING)), ok(stringVal('x'))]).isKnown, false, 'unknown defers the decision');
});

test('try reports every failure when nothing succeeds', () => {
  assert.throws(() => lazy('try').callLazy([failing]), {
    message:
      'no expression succeeded:\n- Unsupported attribute (at main.pkr.hcl:3,9-19)\n  This object does not have an attribute named "nope".\n\nAt least one expression must produce a successful result',
  });
  assert.throws(() => lazy('try').callLazy([]), { message: 'at least one argument is required' });
});

test('can', () => {
  assert.equal(plain(lazy('can').callLazy([failing])), false);
  assert.equal(plain(lazy('can').callLazy([ok(stringVal('x'))])), true);
  assert.equal(lazy('can').callLazy([ok(unknownVal(NUMBER))]).isKnown, false);
});

test('convert converts to the type expression given as second argument', () => {
  assert.equal(plain(lazy('convert').callLazy([ok(numberVal(5)), ok(stringVal('unused'), STRING)])), '5');
  const list = lazy('convert').callLazy([ok(new Value(listOf(STRING), [stringVal('1')])), ok(stringVal(''), listOf(NUMBER))]);
  assert.deepEqual(plain(list), [1]);
  assert.throws(() => lazy('convert').callLazy([ok(stringVal('x')), ok(stringVal(''), NUMBER)]), (e: unknown) => e instanceof FunctionError && e.argIndex === 0 && /number is required/.test(e.message));
  assert.throws(() => lazy('convert').callLazy([ok(numberVal(1)), ok(numberVal(1))]), { message: 'A type specification is required.' });
});

test('eager calls are refused rather than silently wrong', () => {
  assert.throws(() => f.try.impl([stringVal('x')], STRING), FunctionError);
});
