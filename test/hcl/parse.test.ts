import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHclParser, type ParsedFile } from '../support/parser.js';
import type * as ast from '../../server/src/hcl/ast.js';
import type { Diagnostic, Range } from '../../server/src/hcl/diagnostic.js';
import { LineIndex, toHclPos } from '../../server/src/hcl/text.js';

async function parse(text: string): Promise<ParsedFile> {
  return (await getHclParser()).parse(text, 'test.hcl');
}

async function attrExpr(text: string, name = 'a'): Promise<ast.Expression> {
  const parsed = await parse(text);
  assert.deepEqual(summaries(parsed.diagnostics), []);
  const attr = parsed.ast.body.items.find((i): i is ast.Attribute => i.kind === 'attribute' && i.name === name);
  assert.ok(attr, `attribute ${name}`);
  return attr.expr;
}

function summaries(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => d.summary);
}

/** A compact rendering of an expression tree, so shape assertions stay readable. */
function show(e: ast.Expression): string {
  switch (e.kind) {
    case 'literal':
      return e.value.raw === null ? 'null' : String(e.value.raw);
    case 'template':
      return `"${e.parts.map((p) => (p.kind === 'literal' ? p.value : p.kind === 'interp' ? `\${${show(p.expr)}}` : `%{${p.kind}}`)).join('')}"`;
    case 'variable':
      return e.name;
    case 'getattr':
      return `${show(e.object)}.${e.name}`;
    case 'index':
      return e.legacy ? `${show(e.object)}.<${show(e.key)}>` : `${show(e.object)}[${show(e.key)}]`;
    case 'splat':
      return `splat${e.full ? '[*]' : '.*'}(${show(e.source)} -> ${show(e.each)})`;
    case 'anon':
      return '@';
    case 'call':
      return `${e.name}(${e.args.map(show).join(', ')}${e.expandFinal ? '...' : ''})`;
    case 'tuple':
      return `[${e.items.map(show).join(', ')}]`;
    case 'object':
      return `{${e.items.map((i) => `${i.keyIsBareName ? '#' : ''}${show(i.key)}=${show(i.value)}`).join(', ')}}`;
    case 'for':
      return `for(${e.keyVar ? `${e.keyVar},` : ''}${e.valueVar} in ${show(e.collection)}: ${e.keyExpr ? `${show(e.keyExpr)} => ` : ''}${show(e.valueExpr)}${e.group ? '...' : ''}${e.cond ? ` if ${show(e.cond)}` : ''})`;
    case 'conditional':
      return `(${show(e.cond)} ? ${show(e.then)} : ${show(e.else)})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'unary':
      return `(${e.op}${show(e.operand)})`;
    case 'parens':
      return `<${show(e.expr)}>`;
    case 'invalid':
      return '!invalid';
  }
}

function text(parsed: ParsedFile, r: Range): string {
  return new LineIndex(parsed.text).slice(r);
}

test('operator precedence and associativity follow HCL', async () => {
  const cases: [string, string][] = [
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['8 / 4 % 3 * 2', '(((8 / 4) % 3) * 2)'],
    ['a + b < c == d && e || f', '(((((a + b) < c) == d) && e) || f)'],
    ['!a && -b > c', '((!a) && ((-b) > c))'],
    ['-a.b', '(-a.b)'],
    ['a ? b : c ? d : e', '(a ? b : (c ? d : e))'],
    ['(a ? b : c) ? d : e', '(<(a ? b : c)> ? d : e)'],
    ['a == b ? c + 1 : d', '((a == b) ? (c + 1) : d)'],
    ['a || b && c', '(a || (b && c))'],
    ['a != b == c', '((a != b) == c)'],
  ];
  for (const [src, want] of cases) assert.equal(show(await attrExpr(`a = ${src}\n`)), want, src);
});

test('every expression kind converts with HCL shapes', async () => {
  const cases: [string, string][] = [
    ['1.50', '1.5'],
    ['true', 'true'],
    ['null', 'null'],
    ['"x${y}z"', '"x${y}z"'],
    ['a.b[0].c', 'a.b[0].c'],
    ['a.0.b', 'a.<0>.b'],
    ['a.*.b[0].c', 'splat.*(a -> @.b)[0].c'],
    ['a[*].b[0][*].c', 'splat[*](a -> splat[*](@.b[0] -> @.c))'],
    ['f(1, [2]...)', 'f(1, [2]...)'],
    ['provider::p::fn(1)', 'provider::p::fn(1)'],
    ['[1, "a", [b]]', '[1, "a", [b]]'],
    ['{ a = 1, "b" = 2, (c) = 3, d: 4 }', '{#a=1, "b"=2, <c>=3, #d=4}'],
    ['[for k, v in x : v if k]', 'for(k,v in x: v if k)'],
    ['{for v in x : v.k => v... }', 'for(v in x: v.k => v...)'],
    ['(1)', '<1>'],
  ];
  for (const [src, want] of cases) assert.equal(show(await attrExpr(`a = ${src}\n`)), want, src);
});

test('numbers keep arbitrary precision', async () => {
  const e = await attrExpr('a = 3.14159265358979323846264338327950288419716939937510582097494459\nb = 12345678901234567890\n');
  assert.equal(e.kind, 'literal');
  assert.ok(e.kind === 'literal' && String(e.value.raw).startsWith('3.14159265358979323846264338327950288419716939937510582097494459'));
  const b = await attrExpr('b = 12345678901234567890\n', 'b');
  assert.ok(b.kind === 'literal' && String(b.value.raw) === '12345678901234567890');
});

test('string escapes are decoded and bad ones reported', async () => {
  const e = await attrExpr('a = "q\\"b\\\\s\\n\\r\\t\\u00e9\\U0001F600 $${x} %%{y}"\n');
  assert.equal(show(e), '"q"b\\s\n\r\té😀 ${x} %{y}"');
  const bad = await parse('a = "x\\qy"\nb = "\\u12"\n');
  assert.deepEqual(summaries(bad.diagnostics), ['Invalid escape sequence', 'Invalid escape sequence']);
  assert.equal(text(bad, bad.diagnostics[0]!.range!), '\\q');
  assert.equal(text(bad, bad.diagnostics[1]!.range!), '\\u12');
});

test('heredocs: no backslash escapes, flush indentation removed, markers recorded', async () => {
  const e = await attrExpr('a = <<EOT\n  x\\n $${y}\n  EOT\n');
  assert.equal(show(e), '"  x\\n ${y}\n"');
  assert.ok(e.kind === 'template' && e.heredoc?.marker === 'EOT' && e.heredoc.flush === false);
  const f = await attrExpr('a = <<-EOT\n    a\n      ${b}\n\n    c\n    EOT\n');
  assert.equal(show(f), '"a\n  ${b}\n\nc\n"');
  const lit = f.kind === 'template' ? f.parts[0] : undefined;
  assert.ok(lit && lit.kind === 'literal');
});

test('template strip markers trim the adjacent literals', async () => {
  assert.equal(show(await attrExpr('a = "a  ${~ b ~}  c"\n')), '"a${b}c"');
  assert.equal(show(await attrExpr('a = "a \\n ${~b}"\n')), '"a${b}"');
  const h = await attrExpr('a = <<EOT\n%{ for x in xs ~}\n  ${x}\n%{ endfor ~}\nEOT\n');
  assert.ok(h.kind === 'template');
  const loop = h.parts[0];
  assert.ok(loop && loop.kind === 'for' && loop.valueVar === 'x');
  // `~}` trims the rest of its own line only: hclsyntax scans heredoc text one line at a time.
  assert.deepEqual(
    loop.body.map((p) => (p.kind === 'literal' ? p.value : p.kind)),
    ['  ', 'interp', '\n'],
  );
});

test('template directives nest', async () => {
  const e = await attrExpr('a = "%{ if c }yes%{ else }no%{ endif }"\n');
  assert.ok(e.kind === 'template');
  const p = e.parts[0];
  assert.ok(p && p.kind === 'if');
  assert.deepEqual(
    [p.then.map((x) => (x.kind === 'literal' ? x.value : '')), p.else?.map((x) => (x.kind === 'literal' ? x.value : ''))],
    [['yes'], ['no']],
  );
});

test('ranges count UTF-16 units and convert to HCL coordinates', async () => {
  const parsed = await parse('a = "😀中"\nb = x\n');
  const [a, b] = parsed.ast.body.items;
  assert.ok(a?.kind === 'attribute' && b?.kind === 'attribute');
  assert.deepEqual([a.expr.range.start.character, a.expr.range.end.character], [4, 9]);
  assert.deepEqual(b.expr.range.start, { line: 1, character: 4 });
  // HCL counts characters per column and UTF-8 bytes per offset.
  const lines = new LineIndex(parsed.text);
  assert.equal(lines.offsetOf(b.expr.range.start), 14);
  assert.deepEqual(toHclPos(lines, a.expr.range.end), { line: 1, column: 9, byte: 13 });
  assert.deepEqual(toHclPos(lines, b.expr.range.start), { line: 2, column: 5, byte: 18 });
});

test('CRLF line endings and a byte-order mark parse cleanly', async () => {
  const crlf = await parse('a = 1\r\nb {\r\n  c = "x"\r\n}\r\n');
  assert.deepEqual(crlf.diagnostics, []);
  const block = crlf.ast.body.items[1];
  assert.ok(block?.kind === 'block');
  assert.deepEqual(block.body.items[0]?.range.start, { line: 2, character: 2 });
  assert.equal(new LineIndex(crlf.text).offsetOf(block.body.items[0]!.range.start), 14);
  const bom = await parse('\uFEFFa = 1\n');
  assert.deepEqual(bom.diagnostics, []);
  assert.deepEqual(bom.ast.body.items[0]?.range.start, { line: 0, character: 1 });
});

test('blocks keep labels, braces and bodies', async () => {
  const parsed = await parse('source "amazon-ebs" example {\n  ami = "x"\n  nested {}\n}\n');
  assert.deepEqual(parsed.diagnostics, []);
  const b = parsed.ast.body.items[0];
  assert.ok(b?.kind === 'block');
  assert.deepEqual(
    b.labels.map((l) => [l.value, l.quoted]),
    [['amazon-ebs', true], ['example', false]],
  );
  assert.equal(text(parsed, b.openBraceRange), '{');
  assert.equal(b.closeBraceRange && text(parsed, b.closeBraceRange), '}');
  assert.deepEqual(b.body.items.map((i) => i.kind), ['attribute', 'block']);
});

test('syntax errors are HCL-style and the rest of the file survives', async () => {
  const cases: [string, string, string][] = [
    ['a = 1 b = 2\n', 'Missing newline after argument', 'b'],
    ['a = "x", b = "y"\n', 'Unexpected comma after argument', ','],
    ['a {\n', 'Unclosed configuration block', '{'],
    ['a = "abc\n', 'Invalid multi-line string', '\n'],
    ['x {\n  a = \n  b = 2\n}\n', 'Invalid expression', '\n'],
    ['x {\n  a = var.\n}\n', 'Invalid attribute name', '\n'],
    ['invalid\nsource "a" "b" {\n}\n', 'Argument or block definition required', 'invalid'],
    ['a = f(1, 2\n', 'Unterminated function call', 'f('],
    ['"a" = 1\n', 'Invalid argument name', '"'],
    ['a = {x = 1 y = 2}\n', 'Missing attribute separator', 'y'],
    ['a = {"k" = 1 /* c */ "j" = 2, z = 3 w = 4}\n', 'Missing attribute separator', '"'],
  ];
  for (const [src, summary, subject] of cases) {
    const parsed = await parse(src);
    const d = parsed.diagnostics[0];
    assert.ok(d, `${JSON.stringify(src)} has a diagnostic`);
    assert.equal(d.summary, summary, src);
    assert.ok(d.detail.length > 10);
    assert.equal(d.severity, 'error');
    assert.equal(text(parsed, d.range!), subject, src);
  }
  const unbalanced = await parse('a = "%{ if x }y"\n');
  assert.equal(unbalanced.diagnostics[0]?.severity, 'error');
  const recovered = await parse('invalid\nsource "a" "b" {\n  x = 1\n}\n');
  const b = recovered.ast.body.items[0];
  assert.ok(b?.kind === 'block' && b.type === 'source');
  assert.deepEqual(b.labels.map((l) => l.value), ['a', 'b']);
});

test('object items separated by a comma, a newline or a line comment parse cleanly', async () => {
  for (const src of ['a = {x = 1, y = 2}\n', 'a = {\n  x = 1\n  y = 2\n}\n', 'a = {\n  x = 1 # note\n  y = 2,\n}\n', 'a = {x = 1,\ny = 2}\n']) {
    const e = await attrExpr(src);
    assert.equal(e.kind === 'object' ? e.items.length : -1, 2, src);
  }
});

test('parseExpression shifts ranges back to the given text', async () => {
  const parser = await getHclParser();
  const r = parser.parseExpression('[1, var.x]', '-var');
  assert.deepEqual(r.diagnostics, []);
  assert.equal(show(r.expr), '[1, var.x]');
  assert.deepEqual(r.expr.range.start, { line: 0, character: 0 });
  assert.deepEqual(r.expr.range.end, { line: 0, character: 10 });
  assert.ok(r.expr.kind === 'tuple' && r.expr.items[1]?.range.start.character === 4);
  const multi = parser.parseExpression('{\n  a = 1\n}', 'console');
  assert.deepEqual(multi.diagnostics, []);
  assert.ok(multi.expr.kind === 'object' && multi.expr.items[0]?.range.start.line === 1);
  const bad = parser.parseExpression('1 +', 'console');
  assert.ok(bad.diagnostics.length > 0);
  assert.ok((bad.diagnostics[0]?.range?.start.character ?? -1) <= 3 && bad.diagnostics[0]?.range?.start.line === 0);
  const extra = parser.parseExpression('1 2', 'console');
  assert.ok(extra.diagnostics.length > 0);
});

function stripValues(file: ast.File): string {
  return JSON.stringify(file, (_k, v: unknown) => (v && typeof v === 'object' && 'raw' in v ? String((v as { raw: unknown }).raw) : v));
}

test('incremental parsing gives the same result as a fresh parse', async () => {
  const parser = await getHclParser();
  let current = parser.parse('source "a" "b" {\n  ami = "x"\n}\n', 'f.hcl');
  const steps: { line: number; character: number; endLine: number; endCharacter: number; text: string }[] = [
    { line: 1, character: 9, endLine: 1, endCharacter: 10, text: 'yz😀' },
    { line: 2, character: 1, endLine: 2, endCharacter: 1, text: '\nbuild {\n  sources = [' },
    { line: 4, character: 13, endLine: 4, endCharacter: 13, text: '"source.a.b"]\n}' },
    { line: 0, character: 0, endLine: 1, endCharacter: 0, text: 'variable "v" {\n' },
  ];
  for (const s of steps) {
    const lines = current.text.split('\n');
    const start = lines.slice(0, s.line).reduce((n, l) => n + l.length + 1, 0) + s.character;
    const end = lines.slice(0, s.endLine).reduce((n, l) => n + l.length + 1, 0) + s.endCharacter;
    const next = current.text.slice(0, start) + s.text + current.text.slice(end);
    const edit = { range: { start: { line: s.line, character: s.character }, end: { line: s.endLine, character: s.endCharacter } }, newText: s.text };
    const incremental = parser.parse(next, 'f.hcl', { parsed: current, edits: [edit] });
    const fresh = parser.parse(next, 'f.hcl');
    assert.equal(stripValues(incremental.ast), stripValues(fresh.ast));
    assert.deepEqual(incremental.diagnostics, fresh.diagnostics);
    assert.equal(incremental.tree.rootNode.toString(), fresh.tree.rootNode.toString());
    fresh.tree.delete();
    current.tree.delete();
    current = incremental;
  }
  assert.deepEqual(current.diagnostics, []);
  assert.deepEqual(current.ast.body.items.map((i) => (i.kind === 'block' ? i.type : i.name)), ['variable', 'build']);
});

test('deep nesting is reported, never a stack overflow', async () => {
  for (const src of ['['.repeat(10_000) + ']'.repeat(10_000), '('.repeat(10_000) + '1' + ')'.repeat(10_000), '{a='.repeat(10_000) + '1' + '}'.repeat(10_000)]) {
    const parsed = await parse(`a = ${src}\n`);
    assert.deepEqual(summaries(parsed.diagnostics), ['Nesting too deep']);
    parsed.tree.delete();
  }
  const blocks = await parse('a {\n'.repeat(5000) + '}\n'.repeat(5000));
  assert.deepEqual(summaries(blocks.diagnostics), ['Nesting too deep']);
  blocks.tree.delete();
  const ok = await parse(`a = ${'['.repeat(100)}${']'.repeat(100)}\n`);
  assert.deepEqual(ok.diagnostics, []);
});

test('a 50,000-line template parses and converts quickly', async () => {
  let big = '';
  for (let i = 0; i < 5000; i++) {
    big += `source "amazon-ebs" "s${i}" {\n  ami = "ami-\${var.x[${i}]}"\n  tags = {\n    Name = upper("n-${i}")\n  }\n  count = ${i} * 2 + local.y\n  list = [for v in var.l : v if v != ""]\n  heredoc = <<-EOT\n    hello\n    EOT\n}\n`;
  }
  const started = performance.now();
  const parsed = await parse(big);
  const elapsed = performance.now() - started;
  assert.deepEqual(parsed.diagnostics, []);
  assert.equal(parsed.ast.body.items.length, 5000);
  // Generous bound: the machine is shared; typical time is 2-3 s including tree-sitter itself.
  assert.ok(elapsed < 15_000, `took ${elapsed} ms`);
  parsed.tree.delete();
});

test('a 10 MB file of junk never throws', async () => {
  const chunk = 'a = [1, "x${"\n}}} {{ <<EOT\n%{ if ~ "\\q" ] ) ( 😀 \r\n';
  const junk = chunk.repeat(Math.ceil(10_000_000 / chunk.length)).slice(0, 10_000_000);
  const parsed = await parse(junk);
  assert.ok(parsed.diagnostics.length > 0);
  parsed.tree.delete();
});
