/**
 * Test helpers for function-library tests: evaluate a whole HCL expression (parser + evaluator + a function table)
 * and look at the result the way `packer console` prints it, or at the diagnostic it produces.
 */
import assert from 'node:assert/strict';
import { getHclParser, type HclParser } from '../../support/parser.js';
import { evaluate } from '../../../server/src/hcl/eval/index.js';
import type { HclFunction } from '../../../server/src/hcl/function.js';
import { renderConsole, renderHcl } from '../../../server/src/hcl/render.js';
import type { Value } from '../../../server/src/hcl/value.js';

let parser: HclParser | undefined;

export async function loadParser(): Promise<void> {
  parser ??= await getHclParser();
}

export interface Evaluated {
  readonly value: Value;
  readonly errors: readonly { summary: string; detail: string }[];
}

export function evalExpr(functions: Readonly<Record<string, HclFunction>>, text: string): Evaluated {
  assert.ok(parser, 'call loadParser() in a before() hook');
  const parsed = parser.parseExpression(text, 'test.hcl');
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.detail), [], `syntax of ${text}`);
  const r = evaluate(parsed.expr, { variables: new Map(), functions: new Map(Object.entries(functions)) });
  return { value: r.value, errors: r.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ summary: d.summary, detail: d.detail })) };
}

/** The result as `packer console` prints it; fails on evaluation errors. */
export function consoleOf(functions: Readonly<Record<string, HclFunction>>, text: string): string {
  const r = evalExpr(functions, text);
  assert.deepEqual(r.errors, [], `errors evaluating ${text}`);
  return renderConsole(r.value);
}

/** The result in HCL syntax (`["a", "b"]`), which shows types of nested strings and numbers. */
export function hclOf(functions: Readonly<Record<string, HclFunction>>, text: string): string {
  const r = evalExpr(functions, text);
  assert.deepEqual(r.errors, [], `errors evaluating ${text}`);
  return renderHcl(r.value);
}

/** Asserts the expression fails with exactly one error whose detail matches. */
export function errorOf(functions: Readonly<Record<string, HclFunction>>, text: string): { summary: string; detail: string } {
  const r = evalExpr(functions, text);
  assert.equal(r.errors.length, 1, `expected one error from ${text}, got ${JSON.stringify(r.errors)}`);
  return r.errors[0]!;
}
