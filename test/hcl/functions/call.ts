/** Test helpers: calling an HclFunction the way the evaluator does (return type first, then impl). */
import assert from 'node:assert/strict';
import { FunctionError, type HclFunction } from '../../../server/src/hcl/function.js';
import { Decimal, type Value } from '../../../server/src/hcl/value.js';

export function call(fn: HclFunction, ...args: Value[]): Value {
  return fn.impl(args, fn.returnType(args));
}

/** Asserts the call fails with a FunctionError whose message matches and (optionally) blames `argIndex`. */
export function callFails(fn: HclFunction, args: Value[], message: string | RegExp, argIndex?: number): void {
  assert.throws(
    () => call(fn, ...args),
    (e: unknown) => {
      assert.ok(e instanceof FunctionError, `expected FunctionError, got ${String(e)}`);
      if (typeof message === 'string') assert.equal(e.message, message);
      else assert.match(e.message, message);
      if (argIndex !== undefined) assert.equal(e.argIndex, argIndex);
      return true;
    },
  );
}

/** A plain JS view of a value, for compact assertions. */
export function plain(v: Value): unknown {
  const raw = v.raw;
  if (raw === null) return null;
  if (typeof raw === 'string' || typeof raw === 'boolean') return raw;
  if (raw instanceof Decimal) return raw.toNumber();
  if (Array.isArray(raw)) return raw.map(plain);
  if (raw instanceof Map) return Object.fromEntries([...raw].map(([k, x]) => [k, plain(x as Value)]));
  return raw;
}
