/**
 * Syntax moved by an edit is moved in place, each Position object by walking its nodes (syntax/shift.ts), which
 * is right only if no two nodes of a clean item share a Position object. Checked on every HCL file of the test
 * fixtures (Packer's and HCL's included) and a generated 2,000-line template; and a move checked against a parse
 * of the moved text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type * as ast from '../../server/src/hcl/ast.js';
import type { Position } from '../../server/src/hcl/diagnostic.js';
import { isClean } from '../../server/src/hcl/syntax/health.js';
import { LineShift } from '../../server/src/hcl/syntax/shift.js';
import { generateTemplateOfLines } from '../../scripts/bench-template.mjs';
import { getHclParser } from '../support/parser.js';

function hclFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return hclFiles(path);
    return name.endsWith('.hcl') ? [path] : [];
  });
}

/** Every Position object reachable from a node, once per place it is reached (Values of literals skipped). */
function positions(node: unknown, out: Position[] = []): Position[] {
  if (!node || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    for (const n of node) positions(n, out);
    return out;
  }
  const o = node as Record<string, unknown>;
  if (typeof o.line === 'number' && typeof o.character === 'number') {
    out.push(o as unknown as Position);
    return out;
  }
  for (const [key, value] of Object.entries(o)) if (!(key === 'value' && o.kind === 'literal')) positions(value, out);
  return out;
}

test('no two nodes of the clean items of a file share a Position object', async () => {
  const parser = await getHclParser();
  const texts: [string, string][] = [
    ['generated', generateTemplateOfLines(2000)],
    ...hclFiles(join(import.meta.dirname, '..')).map((f): [string, string] => [f, readFileSync(f, 'utf8')]),
  ];
  let items = 0;
  let checked = 0;
  for (const [name, text] of texts) {
    const parsed = parser.parse(text, 'f.hcl');
    parsed.tree.delete();
    const owner = new Map<Position, number>();
    parsed.ast.body.items.forEach((item, i) => {
      if (!isClean(item)) return;
      items++;
      for (const p of positions(item)) {
        const other = owner.get(p);
        assert.equal(other, undefined, `${name}: item ${i} shares a position with item ${other} (line ${p.line + 1}, column ${p.character + 1})`);
        owner.set(p, i);
        checked++;
      }
    });
  }
  assert.ok(texts.length > 100 && items > 1000 && checked > 50_000, `${texts.length} files, ${items} items, ${checked} positions`);
});

test('a clean item moved in place equals the item parsed where it moved to', async () => {
  const parser = await getHclParser();
  const text = generateTemplateOfLines(400);
  const before = parser.parse(text, 'f.hcl');
  before.tree.delete();
  const moved = parser.parse('\n\n\n' + text, 'f.hcl');
  moved.tree.delete();
  const shift = new LineShift(3);
  for (const item of before.ast.body.items) shift.item(item);
  const plain = (items: readonly (ast.Attribute | ast.Block)[]): unknown => JSON.parse(JSON.stringify(items));
  assert.ok(before.ast.body.items.length > 50);
  assert.deepEqual(plain(before.ast.body.items), plain(moved.ast.body.items));
});
