/**
 * HCL's own specsuite: every structure/comments test parses cleanly or reports its syntax errors at exactly the
 * positions the .t file states (HCL coordinates: 1-based line and column, UTF-8 byte offset). Tests whose
 * diagnostics come from a schema (an unexpected argument) rather than the syntax only need to parse cleanly.
 * The .t files are HCL themselves and are read with the parser under test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONFORMANCE_DIR } from '../support/conformance.js';
import { getHclParser } from '../support/parser.js';
import type * as ast from '../../server/src/hcl/ast.js';
import { LineIndex, toHclPos, type HclPos } from '../../server/src/hcl/text.js';

const SUITE = join(CONFORMANCE_DIR, 'hcl-specsuite');
/** Expected diagnostics that a schema, not the parser, produces. */
const SCHEMA_ERRORS = new Set(['structure/attributes/unexpected.t']);

function findTests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return findTests(p);
    return p.endsWith('.t') ? [p] : [];
  });
}

function blocks(body: ast.Body, type: string): ast.Block[] {
  return body.items.filter((i): i is ast.Block => i.kind === 'block' && i.type === type);
}

function numberAttr(body: ast.Body, name: string): number {
  const attr = body.items.find((i): i is ast.Attribute => i.kind === 'attribute' && i.name === name);
  assert.ok(attr && attr.expr.kind === 'literal', `attribute ${name}`);
  return Number(String(attr.expr.value.raw));
}

function pos(body: ast.Body): HclPos {
  return { line: numberAttr(body, 'line'), column: numberAttr(body, 'column'), byte: numberAttr(body, 'byte') };
}

const tests = [join(SUITE, 'empty.t'), ...findTests(join(SUITE, 'structure')), ...findTests(join(SUITE, 'comments'))];

for (const t of tests) {
  const name = relative(SUITE, t);
  test(`specsuite ${name}`, async () => {
    const parser = await getHclParser();
    const spec = parser.parse(readFileSync(t, 'utf8'), name);
    assert.deepEqual(spec.diagnostics, [], 'the .t file itself parses');
    const expected = blocks(spec.ast.body, 'diagnostics').flatMap((d) =>
      blocks(d.body, 'error').map((e) => {
        const [from] = blocks(e.body, 'from');
        const [to] = blocks(e.body, 'to');
        assert.ok(from && to);
        return { from: pos(from.body), to: pos(to.body) };
      }),
    );
    const hclFile = t.replace(/\.t$/, '.hcl');
    assert.ok(existsSync(hclFile));
    const text = readFileSync(hclFile, 'utf8');
    const parsed = parser.parse(text, name);
    const lines = new LineIndex(text);
    const actual = parsed.diagnostics.map((d) => {
      assert.ok(d.range, `${d.summary} has a range`);
      assert.ok(d.summary.length > 0 && d.detail.length > 0);
      return { from: toHclPos(lines, d.range.start), to: toHclPos(lines, d.range.end) };
    });
    assert.deepEqual(actual, SCHEMA_ERRORS.has(name) ? [] : expected);
    parsed.tree.delete();
    spec.tree.delete();
  });
}
