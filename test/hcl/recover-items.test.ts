/**
 * The model keeps what hclsyntax still reads after a syntax error (see server/src/hcl/syntax/recover.ts): the items
 * below a broken one, the broken argument itself (its value invalid), a block whose header broke (its labels, an
 * empty body). Expected items were taken from hcl v2.24.0's hclsyntax.ParseConfig on the same texts; the model may
 * hold more (what tree-sitter reads where hclsyntax skips), never less.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { getHclParser, type ParsedFile, type TextEdit } from '../support/parser.js';
import type * as ast from '../../server/src/hcl/ast.js';
import { renderAst as render } from '../support/text-edits.js';

/** Items as `name@line:col`, nested ones after their block's key and a slash. */
function keys(items: readonly (ast.Attribute | ast.Block)[], prefix = ''): string[] {
  return items.flatMap((i) => {
    const r = i.kind === 'attribute' ? i.nameRange : i.typeRange;
    const key = `${prefix}${i.kind === 'attribute' ? i.name : i.type}@${r.start.line}:${r.start.character}`;
    return i.kind === 'attribute' ? [key] : [key, ...keys(i.body.items, `${key}/`)];
  });
}

/** hclsyntax's items in the compact form `a@0:0 x@1:0{b@2:2}` as keys. */
function expectedKeys(compact: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const token of compact.match(/[^\s{}]+|[{}]/g) ?? []) {
    if (token === '{') stack.push(out[out.length - 1] ?? '');
    else if (token === '}') stack.pop();
    else out.push(stack.length > 0 ? `${stack[stack.length - 1]}/${token}` : token);
  }
  return out;
}

const CASES: readonly (readonly [text: string, hclsyntax: string])[] = [
  ['a = [1 2]\nb = 3\n', 'a@0:0 b@1:0'],
  ['a = 1 +\nb = 2\n', 'a@0:0 b@1:0'],
  ['x {\n  a = [1 2]\n  b = 2\n}\ny = 1\n', 'x@0:0{a@1:2 b@2:2} y@4:0'],
  ['a = x.y[0].z(1)\nb = 1\n', 'a@0:0 b@1:0'],
  ['a = 1;\nb = 2\n', 'a@0:0 b@1:0'],
  ['a = foo(1 2)\nb = [1]\nc = 1\n', 'a@0:0 b@1:0 c@2:0'],
  ['source "null" "a" {\n  communicator = \n}\nbuild {\n  sources = ["source.null.a"]\n}\n', 'source@0:0{communicator@1:2} build@3:0{sources@4:2}'],
  ['a = 1\nsource "a" = {\n  x = 1\n}\nb = 2\n', 'a@0:0 source@1:0{} b@4:0'],
  ['a = 1\nsource "a" x. {\n  x = 1\n}\nb = 2\n', 'a@0:0 source@1:0{} b@4:0'],
  ['a = "x"}\nb = 2\n', 'a@0:0 b@1:0'],
  ['a = 1 ,\nb = 2\n', 'a@0:0 b@1:0'],
  ['x {\n  a = 1 ]\n  b = 2\n}\n', 'x@0:0{a@1:2 b@2:2}'],
  ['a {" b = "foo" }\n', 'a@0:0{}'],
  ['variable "x" {\n  default = [1 2]\n}\n\nvariable "region" {\n  default = "eu-west-1"\n}\n', 'variable@0:0{default@1:2} variable@4:0{default@5:2}'],
  ['locals {\n  a = [1 2]\n  b = 1\n}\n\nvariable "region" {\n  default = "eu-west-1"\n}\n', 'locals@0:0{a@1:2 b@2:2} variable@5:0{default@6:2}'],
  ['a = {b = 1 c = 2}\nd = 1\n', 'a@0:0 d@1:0'],
  ['a = 1\nb = "x" c\nd = [1 2]\n', 'a@0:0 b@1:0 d@2:0'],
  ['locals {\n  a = var.\n  b = 1\n}\nvariable "x" {}\n', 'locals@0:0{a@1:2 b@2:2} variable@4:0{}'],
  ['x {\n  a = var.\n}\ny = 1\n', 'x@0:0{a@1:2} y@3:0'],
];

async function parse(text: string): Promise<ParsedFile> {
  return (await getHclParser()).parse(text, 'x.pkr.hcl');
}

test("the model holds every item hclsyntax reads after a syntax error, nested ones in their block", async () => {
  for (const [text, hclsyntax] of CASES) {
    const parsed = await parse(text);
    assert.ok(parsed.diagnostics.length > 0, JSON.stringify(text));
    const got = new Set(keys(parsed.ast.body.items));
    for (const key of expectedKeys(hclsyntax)) assert.ok(got.has(key), `${JSON.stringify(text)}: ${key} missing from ${[...got].join(' ')}`);
    parsed.tree.delete();
  }
});

test('a broken argument stays with an invalid value; a block whose header broke keeps its labels', async () => {
  const argument = await parse('a = [1 2]\nb = 3\n');
  const [a, b] = argument.ast.body.items;
  assert.equal(a?.kind === 'attribute' && a.expr.kind, 'invalid');
  assert.deepEqual(a?.range, { file: 'x.pkr.hcl', start: { line: 0, character: 0 }, end: { line: 0, character: 9 } });
  assert.equal(b?.kind === 'attribute' && b.expr.kind, 'literal');
  argument.tree.delete();
  const block = await parse('source "docker" "x" = {\n  image = "a"\n}\nb = 2\n');
  const [source] = block.ast.body.items;
  assert.ok(source?.kind === 'block');
  assert.deepEqual(source.labels.map((l) => l.value), ['docker', 'x']);
  assert.deepEqual(source.body.items, []);
  block.tree.delete();
});

test('recovery changes the model only: the diagnostics are those of the first reading', async () => {
  const parsed = await parse('a = [1 2]\nb = [3 4]\nc = 1\n');
  assert.deepEqual(
    parsed.diagnostics.map((d) => [d.summary, d.range?.start.line, d.range?.start.character]),
    [['Missing item separator', 0, 7]],
  );
  assert.deepEqual(keys(parsed.ast.body.items), ['a@0:0', 'b@1:0', 'c@2:0']);
  parsed.tree.delete();
});

test('errors tree-sitter finds are always reported, worded like hclsyntax where its reading follows the item', async () => {
  const cases: [string, string, number, number][] = [
    ['a = 1 << 2\n', 'Invalid expression', 0, 7],
    ['bar = { \n  "baz":= "foo",\n}\n', 'Invalid expression', 1, 8],
    ['s "v" "u" {}\ns "v" "u" }\n', 'Invalid block definition', 1, 10],
    ['a = {\n  k: "v",\n  s: {\n    foo:+ "woo",\n  }\n}\n', 'Invalid expression', 3, 8],
    ['a = formatdate("Y",{ timestamp())\nb = 1\n', 'Missing key/value separator', 0, 32],
    ['a = optiona{l(string, "d")\n', 'Missing newline after argument', 0, 11],
    ['a = length(v xar.image_id)\n', 'Missing argument separator', 0, 13],
    ['a = list(string?)\n', 'Invalid expression', 0, 16],
    // A conditional without its ":" (typing one).
    ['a = x + b ? c\nd = 1\n', 'Missing false expression in conditional', 0, 13],
    ['a = [1, b ? c]\nd = 1\n', 'Missing false expression in conditional', 0, 13],
    // "<<" without a heredoc marker: two "<" operators to hclsyntax's scanner.
    ['\nvariable "list_of_string" {\n  type = list(<<string)\n}\n', 'Invalid expression', 2, 14],
    ['\nimage_metadata = {\n  <<key: "value",\n  something: { \n    foo: "woo",\n  }\n}\n', 'Invalid expression', 2, 2],
  ];
  for (const [text, summary, line, character] of cases) {
    const parsed = await parse(text);
    assert.ok(parsed.tree.rootNode.hasError, JSON.stringify(text));
    assert.deepEqual([parsed.diagnostics[0]?.summary, parsed.diagnostics[0]?.range?.start], [summary, { line, character }], JSON.stringify(text));
    parsed.tree.delete();
  }
});

test('a dangling dot (typing `var.`) is hclsyntax\'s one error, wherever it stands, and the items below stay', async () => {
  // Subject spans: hclsyntax's token after the dot (a newline token ends at the start of the next line).
  const cases: [string, [number, number, number, number]][] = [
    ['a = [var.\n]\n', [1, 0, 1, 1]],
    ['locals {\n  a = [var.\n}\n\nvariable "r" {}\n', [2, 0, 2, 1]],
    ['a = var.\nb = 1\n', [0, 8, 1, 0]],
    ['a = foo(var.)\nb = 1\n', [0, 12, 0, 13]],
    ['a = "${var.}"\nb = 1\n', [0, 11, 0, 12]],
    ['x {\n  a = var.\n}\n', [1, 10, 2, 0]],
    ['a = var. + 1\n', [0, 9, 0, 10]],
    ['a = [var., 2]\nb = 1\n', [0, 9, 0, 10]],
    ['a = {x = var.}\nb = 1\n', [0, 13, 0, 14]],
    ['a = foo(var.\n', [1, 0, 1, 0]],
  ];
  for (const [text, [l1, c1, l2, c2]] of cases) {
    const parsed = await parse(text);
    assert.deepEqual(
      parsed.diagnostics.map((d) => [d.summary, d.detail, d.range?.start, d.range?.end]),
      [['Invalid attribute name', 'An attribute name is required after a dot.', { line: l1, character: c1 }, { line: l2, character: c2 }]],
      JSON.stringify(text),
    );
    parsed.tree.delete();
  }
  const typing = await parse('locals {\n  a = [var.\n}\n\nvariable "r" {}\n');
  assert.deepEqual(keys(typing.ast.body.items), ['locals@0:0', 'locals@0:0/a@1:2', 'variable@4:0']);
  typing.tree.delete();
});

test('a name alone on its line before "=", or a value on the line after it, is hclsyntax\'s error although tree-sitter reads on', async () => {
  const parsed = await parse('packer {\n  version\n = ">= v1.0.0"\n}\nb = 1\n');
  assert.equal(parsed.tree.rootNode.hasError, false);
  assert.deepEqual(
    parsed.diagnostics.map((d) => [d.summary, d.range?.start, d.range?.end]),
    [['Argument or block definition required', { line: 1, character: 2 }, { line: 1, character: 9 }]],
  );
  assert.ok(keys(parsed.ast.body.items).includes('b@4:0'));
  parsed.tree.delete();
  // Likewise a value on the line after its "=", in an argument or an object.
  for (const [text, line, character] of [['x {\n  version = \n">= v2"\n}\nb = 1\n', 1, 12], ['a = {\n  v = \n">= v2"\n}\n', 1, 6]] as const) {
    const next = await parse(text);
    assert.deepEqual(
      next.diagnostics.map((d) => [d.summary, d.range?.start, d.range?.end]),
      [['Invalid expression', { line, character }, { line: line + 1, character: 0 }]],
      JSON.stringify(text),
    );
    next.tree.delete();
  }
});

test('the recovered model is the same from an incremental parse as from a fresh one', async () => {
  const parser = await getHclParser();
  const base = 'variable "v" {\n  default = 1\n}\n\nlocals {\n  x = 2\n}\n';
  const lines = base.split('\n').length - 1;
  for (const [text] of CASES) {
    const before = parser.parse(base, 'x.pkr.hcl');
    const edit: TextEdit = { range: { start: { line: lines, character: 0 }, end: { line: lines, character: 0 } }, newText: text };
    const incremental = parser.parse(base + text, 'x.pkr.hcl', { parsed: before, edits: [edit] });
    const fresh = parser.parse(base + text, 'x.pkr.hcl');
    assert.equal(render(incremental.ast), render(fresh.ast), JSON.stringify(text));
    assert.deepEqual(incremental.diagnostics, fresh.diagnostics, JSON.stringify(text));
    for (const p of [before, incremental, fresh]) p.tree.delete();
  }
});

interface Mutant {
  readonly file: string;
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
  /** Items hclsyntax reads that tree-sitter's first reading lost, as `name@line:col` (up to four per mutant). */
  readonly recovered: readonly string[];
}

const MUTANTS = (JSON.parse(readFileSync(new URL('./recover-items.hclsyntax.json', import.meta.url), 'utf8')) as { mutants: Mutant[] }).mutants;

/**
 * Where hclsyntax's recovery swallows the rest of a block (an unclosed bracket reads on to the end of the file), the
 * model keeps the items below where their braces put them, not inside the broken item: each is checked to be
 * somewhere in the model.
 */
test('mutants of the conformance corpus: no item hclsyntax reads after the error vanishes from the model', async () => {
  const parser = await getHclParser();
  assert.ok(MUTANTS.length > 250);
  const texts = new Map<string, string>();
  for (const m of MUTANTS) {
    const original = texts.get(m.file) ?? readFileSync(m.file, 'utf8');
    texts.set(m.file, original);
    const text = original.slice(0, m.at) + m.insert + original.slice(m.at + m.remove);
    const parsed = parser.parse(text, 'x.pkr.hcl');
    const got = new Set(keys(parsed.ast.body.items).map((k) => k.slice(k.lastIndexOf('/') + 1)));
    parsed.tree.delete();
    const missing = m.recovered.filter((k) => !got.has(k));
    assert.deepEqual(missing, [], `${m.file} at ${m.at}: ${JSON.stringify(m.insert || 'delete')}`);
  }
});

/** Every file of the vendored Packer/HCL fixtures. */
function corpus(): string[] {
  return execFileSync('find', ['test/fixtures/conformance', '-type', 'f', '-name', '*.hcl'], { encoding: 'utf8' }).trim().split('\n').sort();
}

test('mutants of the conformance corpus: no error tree-sitter finds goes unreported, and the model is deterministic', async () => {
  const parser = await getHclParser();
  const inserts = ['[', '(', '{', '"', ',', '=', '+', '}', ']', ')', '.', '${', ' x', ';', '?', ':', '<<'];
  let seed = 11;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  let withErrors = 0;
  for (const file of corpus()) {
    const original = readFileSync(file, 'utf8');
    if (original.length === 0 || original.length > 20_000) continue;
    for (let i = 0; i < 4; i++) {
      const at = Math.floor(random() * original.length);
      const insert = random() < 0.3 ? '' : (inserts[Math.floor(random() * inserts.length)] ?? '');
      const text = original.slice(0, at) + insert + original.slice(at + (insert ? 0 : 1));
      const first = parser.parse(text, 'x.pkr.hcl');
      const again = parser.parse(text, 'x.pkr.hcl');
      const label = `${file} at ${at}: ${JSON.stringify(insert || 'delete')}`;
      if (first.tree.rootNode.hasError) {
        withErrors++;
        assert.ok(first.diagnostics.length > 0, label);
      }
      assert.equal(render(again.ast), render(first.ast), label);
      assert.deepEqual(again.diagnostics, first.diagnostics, label);
      first.tree.delete();
      again.tree.delete();
    }
  }
  assert.ok(withErrors > 200, `${withErrors} mutants with errors`);
});
