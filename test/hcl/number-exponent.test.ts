/**
 * Number literals with an exponent and no fraction (`1e21`, `2e+3`): HCL reads them as numbers, but the
 * tree-sitter grammar's numeric_lit only takes an exponent after a fraction. The parser substitutes them before
 * tree-sitter sees them (parse.ts); evaluation, formatting, incremental parsing and validate must all agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHclParser } from '../support/parser.js';
import { evaluate } from '../../server/src/hcl/eval/index.js';
import { formatHcl } from '../../server/src/hcl/format/format.js';
import { renderConsole } from '../../server/src/hcl/render.js';
import type * as ast from '../../server/src/hcl/ast.js';
import { cli } from '../cli/run.js';

async function valueOf(source: string): Promise<{ rendered: string; parseErrors: string[]; evalErrors: string[] }> {
  const parser = await getHclParser();
  const parsed = parser.parse(`a = ${source}\n`, 'n.pkr.hcl');
  parsed.tree.delete();
  const first = parsed.ast.body.items[0] as ast.Attribute;
  const r = evaluate(first.expr, { variables: new Map(), functions: new Map() });
  return { rendered: renderConsole(r.value), parseErrors: parsed.diagnostics.map((d) => d.summary), evalErrors: r.diagnostics.map((d) => d.summary) };
}

test('exponent literals evaluate to their numbers', async () => {
  const cases: [string, string][] = [
    ['1e21', '1e+21'],
    ['1e21 == 1000000000000000000000', 'true'],
    ['1.5E-3', '0.0015'],
    ['1.5E-3 == 0.0015', 'true'],
    ['2e+3', '2000'],
    ['2E3', '2000'],
    ['12e-1', '1.2'],
    ['-1e3', '-1000'],
    ['[1e2, 3][0]', '100'],
    ['{ n = 5e1 }.n', '50'],
    ['2e+3 + 1', '2001'],
    ['"${1e2}"', '100'],
  ];
  for (const [src, want] of cases) {
    const got = await valueOf(src);
    assert.deepEqual(got, { rendered: want, parseErrors: [], evalErrors: [] }, src);
  }
});

test('exponent-like text that is not a number keeps its meaning', async () => {
  // Inside identifiers and strings nothing changes; `a-1e+3` is the identifier `a-1e` plus 3, as in hclsyntax.
  assert.deepEqual(await valueOf('"x1e5 1e5"'), { rendered: 'x1e5 1e5', parseErrors: [], evalErrors: [] });
  const parser = await getHclParser();
  const ident = parser.parse('a = a-1e+3\n', 'n.pkr.hcl');
  ident.tree.delete();
  const expr = (ident.ast.body.items[0] as ast.Attribute).expr;
  assert.equal(expr.kind, 'binary');
  assert.equal(expr.kind === 'binary' && expr.left.kind === 'variable' ? expr.left.name : undefined, 'a-1e');
  // An exponent without digits stays an error, as in HCL.
  assert.ok((await valueOf('1e')).parseErrors.length > 0);
});

test('the AST range of an exponent literal covers the whole literal', async () => {
  const parser = await getHclParser();
  const parsed = parser.parse('a = 2e+3\n', 'n.pkr.hcl');
  parsed.tree.delete();
  const expr = (parsed.ast.body.items[0] as ast.Attribute).expr;
  assert.deepEqual([expr.range.start.character, expr.range.end.character], [4, 8]);
});

test('fmt keeps exponent literals byte for byte', async () => {
  const parser = await getHclParser();
  const text = 'locals {\n  big = 1e21\n  small    = 1.5E-3\n  plus= 2e+3\n  list = [1e2,2E-2]\n}\n';
  const parsed = parser.parse(text, 'n.pkr.hcl');
  const result = formatHcl({ text, tree: parsed.tree, diagnostics: parsed.diagnostics, file: 'n.pkr.hcl' });
  parsed.tree.delete();
  assert.ok('text' in result, JSON.stringify(result));
  assert.equal(result.text, 'locals {\n  big   = 1e21\n  small = 1.5E-3\n  plus  = 2e+3\n  list  = [1e2, 2E-2]\n}\n');
});

test('packer-studio fmt keeps them too, and still refuses an exponent without digits like HCL', async () => {
  assert.deepEqual(await cli(['fmt', '-'], { stdin: 'a   = 1e21\nbb = 2e+3\nc = [1e2,2E-2]\n' }), { code: 0, stdout: 'a  = 1e21\nbb = 2e+3\nc  = [1e2, 2E-2]\n' });
  assert.equal((await cli(['fmt', '-'], { stdin: 'a = 1e\n' })).code, 1);
});

test('an incremental re-parse of a text with exponent literals equals a fresh parse', async () => {
  const parser = await getHclParser();
  const before = 'a = 1e2\nb = 3\n';
  const first = parser.parse(before, 'n.pkr.hcl');
  // Typing a letter before the literal turns it into an identifier outside the edited range's own characters.
  const after = 'a = x1e2\nb = 3\n';
  const next = parser.parse(after, 'n.pkr.hcl', { parsed: first, edits: [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 4 } }, newText: 'x' }] });
  const fresh = parser.parse(after, 'n.pkr.hcl');
  first.tree.delete();
  assert.equal(next.tree.rootNode.toString(), fresh.tree.rootNode.toString());
  assert.equal((next.ast.body.items[0] as ast.Attribute).expr.kind, 'variable');
  next.tree.delete();
  fresh.tree.delete();
});

test('validate accepts exponent literals in a template', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'exp-'));
  try {
    writeFileSync(
      join(dir, 't.pkr.hcl'),
      'variable "size" {\n  type    = number\n  default = 1e21\n}\n\nlocals {\n  ratio = 1.5E-3 * 2e+3\n}\n\nsource "null" "a" {\n  communicator = "none"\n}\n\nbuild {\n  sources = ["source.null.a"]\n}\n',
    );
    const r = await cli(['validate', 't.pkr.hcl'], { cwd: dir });
    assert.deepEqual(r, { code: 0, stdout: 'The configuration is valid.\n' });
    assert.deepEqual(await cli(['console', 't.pkr.hcl'], { cwd: dir, stdin: 'var.size\n' }), { code: 0, stdout: '1e+21\n' });
    assert.deepEqual(await cli(['console', 't.pkr.hcl'], { cwd: dir, stdin: 'local.ratio\n' }), { code: 0, stdout: '3\n' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
