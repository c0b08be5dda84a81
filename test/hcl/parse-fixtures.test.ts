/**
 * Every Packer template and variables file in the conformance fixtures parses without syntax errors, except the
 * one fixture that exists to be malformed. The HCL specsuite expression files are checked against their .t results.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONFORMANCE_DIR } from '../support/conformance.js';
import { getHclParser } from '../support/parser.js';
import type * as ast from '../../server/src/hcl/ast.js';

const ROOT = CONFORMANCE_DIR;
const MALFORMED = new Map([['packer/command/test-fixtures/fmt_errs/malformed.pkr.hcl', 'Argument or block definition required']]);

function find(dir: string, suffixes: readonly string[]): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return find(p, suffixes);
    return suffixes.some((s) => p.endsWith(s)) ? [p] : [];
  });
}

test('packer fixtures parse without syntax errors', async () => {
  const parser = await getHclParser();
  const files = find(join(ROOT, 'packer'), ['.pkr.hcl', '.pkrvars.hcl']);
  assert.ok(files.length > 100);
  for (const f of files) {
    const name = relative(ROOT, f);
    const parsed = parser.parse(readFileSync(f, 'utf8'), name);
    const want = MALFORMED.get(name);
    assert.deepEqual(parsed.diagnostics.map((d) => d.summary), want ? [want] : [], name);
    parsed.tree.delete();
  }
});

function objectItems(e: ast.Expression | undefined): Map<string, ast.Expression> {
  assert.ok(e && e.kind === 'object');
  return new Map(e.items.map((i) => [i.key.kind === 'variable' ? i.key.name : '', i.value]));
}

function literalString(e: ast.Expression | undefined): string {
  assert.ok(e && e.kind === 'template' && e.parts.every((p) => p.kind === 'literal'));
  return e.parts.map((p) => (p.kind === 'literal' ? p.value : '')).join('');
}

test('specsuite heredocs match heredoc.t (interpolations filled from heredoc.hcldec)', async () => {
  const parser = await getHclParser();
  const dir = join(ROOT, 'hcl-specsuite/expressions');
  const vars = new Map([
    ['bar', 'Bar'],
    ['space_bar', '  Bar'],
  ]);
  const source = parser.parse(readFileSync(join(dir, 'heredoc.hcl'), 'utf8'), 'heredoc.hcl');
  const spec = parser.parse(readFileSync(join(dir, 'heredoc.t'), 'utf8'), 'heredoc.t');
  assert.deepEqual(source.diagnostics, []);
  const result = spec.ast.body.items.find((i): i is ast.Attribute => i.kind === 'attribute' && i.name === 'result');
  const expected = objectItems(result?.expr);
  let checked = 0;
  for (const group of ['normal', 'flush']) {
    const attr = source.ast.body.items.find((i): i is ast.Attribute => i.kind === 'attribute' && i.name === group);
    const wants = objectItems(expected.get(group));
    for (const [name, expr] of objectItems(attr?.expr)) {
      assert.ok(expr.kind === 'template');
      const rendered = expr.parts
        .map((p) => (p.kind === 'literal' ? p.value : p.kind === 'interp' && p.expr.kind === 'variable' ? (vars.get(p.expr.name) ?? '?') : '?'))
        .join('');
      assert.equal(rendered, literalString(wants.get(name)), `${group}.${name}`);
      checked++;
    }
  }
  assert.equal(checked, 18);
});

test('specsuite primitive literals', async () => {
  const parser = await getHclParser();
  const parsed = parser.parse(readFileSync(join(ROOT, 'hcl-specsuite/expressions/primitive_literals.hcl'), 'utf8'), 'p.hcl');
  assert.deepEqual(parsed.diagnostics, []);
  const byName = new Map(parsed.ast.body.items.map((i) => [i.kind === 'attribute' ? i.name : i.type, i]));
  const value = (n: string): unknown => {
    const a = byName.get(n);
    assert.ok(a?.kind === 'attribute');
    return a.expr.kind === 'literal' ? String(a.expr.value.raw) : a.expr.kind === 'template' ? literalString(a.expr) : a.expr.kind;
  };
  assert.equal(value('whole_number'), '5');
  assert.equal(value('fractional_number'), '3.2');
  assert.ok(String(value('fractional_number_precision')).startsWith('3.14159265358979323846264338327950288419716939937510582097494459'));
  assert.equal(value('string_unicode_astral'), '👩‍👩‍👧‍👦');
  // The source has a combining tilde; HCL (cty.StringVal) hands out the NFC form, as primitive_literals.t states.
  const raw = /string_unicode_nonnorm\s*=\s*"([^"]*)"/.exec(parsed.text)?.[1];
  assert.ok(raw && raw !== raw.normalize('NFC'));
  assert.equal(value('string_unicode_nonnorm'), 'a\u00f1os');
  assert.equal(value('true'), 'true');
  assert.equal(value('null'), 'null');
});
