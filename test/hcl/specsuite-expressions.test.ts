// Runs hcl-specsuite's expression tests: each .hcl is decoded with its .hcldec spec (a small hcldec subset:
// object/attr/block/block_map with labels and typed attrs) and compared with the `result` in the .t file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getHclParser } from '../support/parser.js';
import type * as ast from '../../server/src/hcl/ast.js';
import { evaluate, type EvalContext } from '../../server/src/hcl/eval/index.js';
import { typeConstraint } from '../../server/src/hcl/typeexpr.js';
import { convert, valueEquals } from '../../server/src/hcl/convert.js';
import { objectVal, type Value } from '../../server/src/hcl/value.js';
import { renderHcl } from '../../server/src/hcl/render.js';
import { CONFORMANCE_DIR } from '../support/conformance.js';

const DIR = join(CONFORMANCE_DIR, 'hcl-specsuite/expressions');

function attrs(body: ast.Body): Map<string, ast.Expression> {
  return new Map(body.items.filter((i): i is ast.Attribute => i.kind === 'attribute').map((a) => [a.name, a.expr]));
}
function blocks(body: ast.Body, type?: string): ast.Block[] {
  return body.items.filter((i): i is ast.Block => i.kind === 'block' && (type === undefined || i.type === type));
}
function labelOf(b: ast.Block): string {
  return b.labels[0]?.value ?? '';
}
function evalOk(expr: ast.Expression, ctx: EvalContext): Value {
  const r = evaluate(expr, ctx);
  assert.deepEqual(r.diagnostics.map((d) => d.summary), []);
  return r.value;
}

/** Decodes `body` with an hcldec `object { ... }` spec block. */
function decodeObject(spec: ast.Block, body: ast.Body, ctx: EvalContext): Value {
  const out: Record<string, Value> = {};
  const bodyAttrs = attrs(body);
  for (const s of blocks(spec.body)) {
    const name = labelOf(s);
    if (s.type === 'attr') {
      const typeExpr = attrs(s.body).get('type');
      const t = typeExpr ? typeConstraint(typeExpr).type : undefined;
      const e = bodyAttrs.get(name);
      assert.ok(e, `attribute ${name} present`);
      const v = evalOk(e, ctx);
      out[name] = t ? convert(v, t) : v;
    } else if (s.type === 'block') {
      const inner = blocks(s.body, 'object')[0];
      const b = blocks(body, name)[0];
      assert.ok(inner && b, `block ${name}`);
      out[name] = decodeObject(inner, b.body, ctx);
    } else if (s.type === 'block_map') {
      const inner = blocks(s.body, 'object')[0];
      assert.ok(inner);
      const entries: Record<string, Value> = {};
      for (const b of blocks(body, name)) entries[labelOf(b)] = decodeObject(inner, b.body, ctx);
      out[name] = objectVal(entries);
    }
  }
  return objectVal(out);
}

const cases = readdirSync(DIR).filter((f) => f.endsWith('.t'));

for (const t of cases) {
  const base = t.slice(0, -2);
  test(`hcl-specsuite expressions/${base}`, async () => {
    const parser = await getHclParser();
    const input = parser.parse(readFileSync(join(DIR, `${base}.hcl`), 'utf8'), `${base}.hcl`);
    assert.deepEqual(input.diagnostics.map((d) => d.summary), []);
    const spec = parser.parse(readFileSync(join(DIR, `${base}.hcldec`), 'utf8'), `${base}.hcldec`).ast.body;
    const expect = parser.parse(readFileSync(join(DIR, t), 'utf8'), t).ast.body;

    const varsBlock = blocks(spec, 'variables')[0];
    const variables = new Map<string, Value>();
    for (const [k, e] of varsBlock ? attrs(varsBlock.body) : []) variables.set(k, evalOk(e, {}));
    const ctx: EvalContext = { variables, functions: new Map() };

    const objectSpec = blocks(spec, 'object')[0];
    assert.ok(objectSpec, 'spec has an object');
    const got = decodeObject(objectSpec, input.ast.body, ctx);

    const expAttrs = attrs(expect);
    const resultType = typeConstraint(expAttrs.get('result_type')!).type;
    const want = convert(evalOk(expAttrs.get('result')!, {}), resultType);
    const gotTyped = convert(got, resultType);
    assert.equal(valueEquals(gotTyped, want).raw, true, `got ${renderHcl(gotTyped)}\nwant ${renderHcl(want)}`);
  });
}
