import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { BinaryOp, Expression } from '../../server/src/hcl/ast.js';
import { evaluate } from '../../server/src/hcl/eval/index.js';
import { STRING, listVal, nullVal, stringVal, unknownVal, Value } from '../../server/src/hcl/value.js';
import * as b from './eval-ast.js';

const ops: BinaryOp[] = ['||', '&&', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%'];

const leaf: fc.Arbitrary<Expression> = fc.oneof(
  fc.integer({ min: -5, max: 5 }).map((n) => b.num(n)),
  fc.constantFrom('a', '1', 'true', '').map((s) => b.str(s)),
  fc.boolean().map((x) => b.bool(x)),
  fc.constant(null).map(() => b.nul()),
  fc.constantFrom('s', 'u', 'l', 'missing').map((n) => b.v(n)),
);

const expr: fc.Arbitrary<Expression> = fc.letrec<{ e: Expression }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('e'), fc.constantFrom(...ops), tie('e')).map(([l, op, r]) => b.bin(l, op, r)),
    tie('e').map((x) => b.not(x)),
    tie('e').map((x) => b.neg(x)),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, t, e]) => b.cond(c, t, e)),
    fc.array(tie('e'), { maxLength: 3 }).map((xs) => b.tuple(...xs)),
    fc.tuple(tie('e'), tie('e')).map(([x, y]) => b.obj({ x, y })),
    fc.tuple(tie('e'), tie('e')).map(([c, k]) => b.idx(c, k)),
    tie('e').map((x) => b.attr(x, 'x')),
    fc.tuple(tie('e'), tie('e')).map(([x, y]) => b.tmpl('p', x, y)),
    fc.tuple(tie('e'), tie('e')).map(([c, body]) => b.forList('it', c, body)),
    tie('e').map((x) => b.splat(x, (a) => b.attr(a, 'x'))),
    fc.array(tie('e'), { maxLength: 2 }).map((xs) => b.call('len', xs)),
  ),
})).e;

const ctx = {
  variables: new Map<string, Value>([
    ['s', stringVal('v').withMarks(['sensitive'])],
    ['u', unknownVal(STRING)],
    ['l', listVal([stringVal('a')])],
    ['n', nullVal()],
  ]),
  functions: new Map(),
};

test('random expression trees evaluate to a value without throwing', () => {
  fc.assert(
    fc.property(expr, (e) => {
      const r = evaluate(e, ctx);
      assert.ok(r.value instanceof Value);
      for (const d of r.diagnostics) {
        assert.notEqual(d.summary, 'Internal error in expression evaluation', d.detail);
        assert.ok(d.detail.length > 0);
      }
    }),
    { numRuns: 400 },
  );
});
