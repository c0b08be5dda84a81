/**
 * Syntax errors worded and placed like hashicorp/hcl's hclsyntax parser: every case's full diagnostic list
 * (summary, detail, subject range and context range, 0-based line/character) was taken from hcl v2.24.0's
 * hclsyntax.ParseConfig on the same text. Where hclsyntax reports one error and recovers, nothing follows it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHclParser, type ParsedFile } from '../support/parser.js';
import type { Range } from '../../server/src/hcl/diagnostic.js';

type Span = readonly [number, number, number, number];
type Expected = readonly [summary: string, detail: string, subject: Span, context?: Span];
type Case = readonly [text: string, diagnostics: readonly Expected[]];

const ARGUMENT_SEPARATOR =
  'A comma is required to separate each function argument from the next.';
const ATTRIBUTE_SEPARATOR =
  'Expected a newline or comma to mark the beginning of the next attribute.';
const BACKTICK =
  'The "`" character is not valid. To create a multi-line string, use the "heredoc" syntax, like "<<EOT".';
const BITWISE_AND =
  'Bitwise operators are not supported. Did you mean boolean AND ("&&")?';
const EXTRA_IN_INTERPOLATION =
  'Expected a closing brace to end the interpolation expression, but found extra characters.\n\nThis can happen when you include interpolation syntax for another language, such as shell scripting, but forget to escape the interpolation start token. If this is an embedded sequence for another language, escape it by starting with "$${" instead of just "${".';
const INDEX_CLOSE =
  'The index operator must end with a closing bracket ("]").';
const INVALID_EXPRESSION =
  'Expected the start of an expression, but found an invalid expression token.';
const INVALID_STRING_LITERAL =
  'This item is not valid in a string literal.';
const ITEM_REQUIRED =
  'An argument or block definition is required here.';
const ITEM_REQUIRED_EQUALS =
  'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.';
const ITEM_SEPARATOR =
  'Expected a comma to mark the beginning of the next item.';
const MISSING_EXPRESSION =
  'Expected the start of an expression, but found the end of the file.';
const MULTI_LINE =
  'Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the "heredoc" multi-line template syntax.';
const NEWLINE_AFTER_ARGUMENT =
  'An argument definition must end with a newline.';
const NEWLINE_AFTER_BLOCK =
  'A block definition must end with a newline.';
const SEMICOLON =
  'The ";" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.';
const SINGLE_LINE_BLOCK_B =
  'A single-line block definition can contain only a single argument. If you meant to define argument "b", use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.';
const SINGLE_LINE_CLOSE =
  'A single-line block definition must end with a closing brace immediately after its single argument definition.';
const SINGLE_LINE_COMMA =
  'Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.';
const SINGLE_LINE_NEWLINE =
  'An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block\'s closing brace immediately after the argument definition.';
const SINGLE_QUOTE =
  'Single quotes are not valid. Use double quotes (") to enclose strings.';
const TEMPLATE_IN_LABEL =
  'Template sequences are not allowed in this string. To include a literal "$", double it (as "$$") to escape it.';
const UNBALANCED_PARENS =
  'Expected a closing parenthesis to terminate the expression.';
const UNCLOSED_BLOCK =
  'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.';
const UNCLOSED_INTERPOLATION_FILE =
  'There is no closing brace for this interpolation sequence before the end of the file. This might be caused by incorrect nesting inside the given expression.';
const UNCLOSED_INTERPOLATION_STRING =
  'There is no closing brace for this interpolation sequence before the end of the quoted template. This might be caused by incorrect nesting inside the given expression.';
const UNTERMINATED_CALL =
  'There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parenthesis nesting elsewhere in this file.';
const UNTERMINATED_STRING =
  'No closing marker was found for the string.';
const UNTERMINATED_TUPLE =
  'There is no corresponding closing bracket before the end of the file. This may be caused by incorrect bracket nesting elsewhere in this file.';
const UNUSED_CHARACTER =
  'This character is not used within the language.';

const CASES: readonly Case[] = [
  ['a = [1 2]\n', [['Missing item separator', ITEM_SEPARATOR, [0, 7, 0, 8], [0, 4, 0, 8]]]],
  ['a = [1 2]', [['Missing item separator', ITEM_SEPARATOR, [0, 7, 0, 8], [0, 4, 0, 8]]]],
  ['a = [1,\nb = 2\n', [['Missing item separator', ITEM_SEPARATOR, [1, 2, 1, 3], [0, 4, 1, 3]]]],
  ['a = [1, [2 3]]\nb = 1\n', [['Missing item separator', ITEM_SEPARATOR, [0, 11, 0, 12], [0, 8, 0, 12]]]],
  ['a = 1 +\n', [['Invalid expression', INVALID_EXPRESSION, [0, 7, 1, 0]]]],
  ['a = 1 +', [['Missing expression', MISSING_EXPRESSION, [0, 7, 0, 7]]]],
  ['a = 1 +\nb = 2 +\n', [['Invalid expression', INVALID_EXPRESSION, [0, 7, 1, 0]]]],
  ['a = 1 + # c\n', [['Invalid expression', INVALID_EXPRESSION, [0, 8, 1, 0]]]],
  ['a = (1 +\n', [['Missing expression', MISSING_EXPRESSION, [1, 0, 1, 0]]]],
  ['a = "abc\n', [['Invalid multi-line string', MULTI_LINE, [0, 8, 1, 0]], ['Unterminated template string', UNTERMINATED_STRING, [0, 8, 1, 0], [0, 5, 1, 0]]]],
  ['a = "abc', [['Unterminated template string', UNTERMINATED_STRING, [0, 8, 0, 8], [0, 5, 0, 8]]]],
  ['a = "abc\ndef"\n', [['Invalid multi-line string', MULTI_LINE, [0, 8, 1, 0]], ['Unterminated template string', UNTERMINATED_STRING, [0, 8, 1, 0], [0, 5, 1, 0]]]],
  ['a = "abc\nb = 1\n', [['Invalid multi-line string', MULTI_LINE, [0, 8, 1, 0]], ['Invalid multi-line string', MULTI_LINE, [1, 5, 2, 0]], ['Unterminated template string', UNTERMINATED_STRING, [0, 8, 1, 0], [0, 5, 1, 0]]]],
  ['a = "ab\r\nb = 1\r\n', [['Invalid multi-line string', MULTI_LINE, [0, 7, 1, 0]], ['Invalid multi-line string', MULTI_LINE, [1, 5, 2, 0]], ['Unterminated template string', UNTERMINATED_STRING, [0, 7, 1, 0], [0, 5, 1, 0]]]],
  ['a = ""\nb = "d\n', [['Invalid multi-line string', MULTI_LINE, [1, 6, 2, 0]], ['Unterminated template string', UNTERMINATED_STRING, [1, 6, 2, 0], [1, 5, 2, 0]]]],
  ['a = "${x"', [['Unclosed template interpolation sequence', UNCLOSED_INTERPOLATION_STRING, [0, 5, 0, 7]]]],
  ['a = "${x"\n', [['Invalid multi-line string', MULTI_LINE, [0, 9, 1, 0]], ['Unclosed template interpolation sequence', UNCLOSED_INTERPOLATION_STRING, [0, 5, 0, 7]]]],
  ['a = "${x\n', [['Unclosed template interpolation sequence', UNCLOSED_INTERPOLATION_FILE, [0, 5, 0, 7]]]],
  ['a = "ab ${x"', [['Unclosed template interpolation sequence', UNCLOSED_INTERPOLATION_STRING, [0, 5, 0, 8]]]],
  ['a = "${x} ${y"\nb = 1\n', [['Invalid multi-line string', MULTI_LINE, [0, 14, 1, 0]], ['Invalid multi-line string', MULTI_LINE, [1, 5, 2, 0]], ['Unclosed template interpolation sequence', UNCLOSED_INTERPOLATION_STRING, [0, 5, 0, 7]]]],
  ['}}\n', [['Argument or block definition required', ITEM_REQUIRED, [0, 0, 0, 1]]]],
  ['}\n', [['Argument or block definition required', ITEM_REQUIRED, [0, 0, 0, 1]]]],
  ['a = 1\n}\nb = 2\n', [['Argument or block definition required', ITEM_REQUIRED, [1, 0, 1, 1]]]],
  ['x {\n}}\ny = 1\n', [['Missing newline after block definition', NEWLINE_AFTER_BLOCK, [1, 1, 1, 2], [0, 0, 1, 2]]]],
  ['a = foo(1,\n', [['Missing expression', MISSING_EXPRESSION, [1, 0, 1, 0]]]],
  ['a = foo(1,', [['Missing expression', MISSING_EXPRESSION, [0, 10, 0, 10]]]],
  ['a = foo(1\n', [['Unterminated function call', UNTERMINATED_CALL, [0, 4, 0, 8]]]],
  ['a = foo(1', [['Unterminated function call', UNTERMINATED_CALL, [0, 4, 0, 8]]]],
  ['a = foo(1\nb = 2\n', [['Missing argument separator', ARGUMENT_SEPARATOR, [1, 0, 1, 1], [0, 4, 1, 1]]]],
  ['a = foo(1,\nb = 2\n', [['Missing argument separator', ARGUMENT_SEPARATOR, [1, 2, 1, 3], [0, 4, 1, 3]]]],
  ['a = foo(1 2)\n', [['Missing argument separator', ARGUMENT_SEPARATOR, [0, 10, 0, 11], [0, 4, 0, 11]]]],
  ['a = foo(\n', [['Missing expression', MISSING_EXPRESSION, [1, 0, 1, 0]]]],
  ['a = [\n', [['Missing expression', MISSING_EXPRESSION, [1, 0, 1, 0]]]],
  ['a = [', [['Missing expression', MISSING_EXPRESSION, [0, 5, 0, 5]]]],
  ['a = {\n', [['Missing expression', MISSING_EXPRESSION, [1, 0, 1, 0]]]],
  ['a = {', [['Missing expression', MISSING_EXPRESSION, [0, 5, 0, 5]]]],
  ['a = [1\n', [['Unterminated tuple constructor expression', UNTERMINATED_TUPLE, [0, 4, 0, 5]]]],
  ['a = {b = 1\n', [['Missing expression', MISSING_EXPRESSION, [1, 0, 1, 0]]]],
  ['b {\n', [['Unclosed configuration block', UNCLOSED_BLOCK, [0, 2, 0, 3]]]],
  ['x {\n  a = [1 2]\n  b = 2\n}\n', [['Missing item separator', ITEM_SEPARATOR, [1, 9, 1, 10], [1, 6, 1, 10]]]],
  ['x {\n  a = 1 +\n}\n', [['Invalid expression', INVALID_EXPRESSION, [1, 9, 2, 0]]]],
  ['source "a" "b" {\n  x = foo(1,\n  y = 2\n}\n', [['Missing argument separator', ARGUMENT_SEPARATOR, [2, 4, 2, 5], [1, 6, 2, 5]]]],
  ['a = x.y[0].z(1)\n', [['Missing newline after argument', NEWLINE_AFTER_ARGUMENT, [0, 12, 0, 13], [0, 0, 0, 13]]]],
  ['ami_filte.r_name = "x"\n', [['Argument or block definition required', ITEM_REQUIRED_EQUALS, [0, 0, 0, 9]]]],
  ['a = {b = 1 c = 2}\n', [['Missing attribute separator', ATTRIBUTE_SEPARATOR, [0, 11, 0, 12], [0, 4, 0, 12]]]],
  ['a = [1 2]\nb {\n', [['Missing item separator', ITEM_SEPARATOR, [0, 7, 0, 8], [0, 4, 0, 8]]]],
  ['a = 1;\n', [['Invalid character', SEMICOLON, [0, 5, 0, 6]], ['Missing newline after argument', NEWLINE_AFTER_ARGUMENT, [0, 5, 0, 6], [0, 0, 0, 6]]]],
  ['a = \'x\'\n', [['Invalid character', SINGLE_QUOTE, [0, 4, 0, 5]], ['Invalid expression', INVALID_EXPRESSION, [0, 4, 0, 5]]]],
  ['a = 1 & 2\n', [['Unsupported operator', BITWISE_AND, [0, 6, 0, 7]], ['Missing newline after argument', NEWLINE_AFTER_ARGUMENT, [0, 6, 0, 7], [0, 0, 0, 7]]]],
  ['a = `x`\n', [['Invalid character', BACKTICK, [0, 4, 0, 5]], ['Invalid expression', INVALID_EXPRESSION, [0, 4, 0, 5]]]],
  ['a = @\n', [['Invalid character', UNUSED_CHARACTER, [0, 4, 0, 5]], ['Invalid expression', INVALID_EXPRESSION, [0, 4, 0, 5]]]],
  ['x {\n  a = <<EOT\n  ${y}\n  EOT\n  b = [1 2]\n}\n', [['Missing item separator', ITEM_SEPARATOR, [4, 9, 4, 10], [4, 6, 4, 10]]]],
  ['a = "x" # "\nb = [1 ;\n', [['Invalid character', SEMICOLON, [1, 7, 1, 8]], ['Missing item separator', ITEM_SEPARATOR, [1, 7, 1, 8], [1, 4, 1, 8]]]],
  ['x {\n  a = 1}\n', [['Missing newline after argument', NEWLINE_AFTER_ARGUMENT, [1, 7, 1, 8], [1, 2, 1, 8]]]],
  ['x {\n  y {\n  }}\nz = 1\n', [['Missing newline after block definition', NEWLINE_AFTER_BLOCK, [2, 3, 2, 4], [1, 2, 2, 4]]]],
  ['a = ]\n', [['Invalid expression', INVALID_EXPRESSION, [0, 4, 0, 5]]]],
  ['source "null" "p\napaya" {\n  communicator = "none"\n}\n', [['Invalid multi-line string', MULTI_LINE, [0, 16, 1, 0]], ['Invalid string literal', INVALID_STRING_LITERAL, [0, 16, 1, 0], [0, 14, 1, 0]]]],
  ['a { b = "foo", c = "bar" }\n', [['Invalid single-argument block definition', SINGLE_LINE_COMMA, [0, 13, 0, 14]]]],
  ['a { b = 1\n', [['Invalid single-argument block definition', SINGLE_LINE_NEWLINE, [0, 9, 1, 0]]]],
  ['a { b = 1 c }\n', [['Invalid single-argument block definition', SINGLE_LINE_CLOSE, [0, 10, 0, 11]]]],
  ['a { b {} }\n', [['Argument definition required', SINGLE_LINE_BLOCK_B, [0, 4, 0, 7]]]],
  ['source "null" "potato" {\n  ?  communicator = "none"\n}\n', [['Argument or block definition required', ITEM_REQUIRED, [1, 2, 1, 3]]]],
  ['build {]\n}\n', [['Argument or block definition required', ITEM_REQUIRED, [0, 7, 0, 8]]]],
  ['a {{}\n', [['Argument or block definition required', ITEM_REQUIRED, [0, 3, 0, 4]]]],
  ['x {\n  a = 1\n  b = 2 }\n', [['Missing newline after argument', NEWLINE_AFTER_ARGUMENT, [2, 8, 2, 9], [2, 2, 2, 9]]]],
  ['a = 1\nb = "x" c\nd = [1 2]\n', [['Missing newline after argument', NEWLINE_AFTER_ARGUMENT, [1, 8, 1, 9], [1, 0, 1, 9]]]],
  ['a = "abc\n\nb = 1\n', [['Invalid multi-line string', MULTI_LINE, [0, 8, 2, 0]], ['Invalid multi-line string', MULTI_LINE, [2, 5, 3, 0]], ['Unterminated template string', UNTERMINATED_STRING, [0, 8, 2, 0], [0, 5, 2, 0]]]],
  ['variable "a${b}c" {\n}\n', [['Invalid string literal', TEMPLATE_IN_LABEL, [0, 11, 0, 13], [0, 9, 0, 13]]]],
  ['a = "${a b}"\nb = 1\n', [['Extra characters after interpolation expression', EXTRA_IN_INTERPOLATION, [0, 9, 0, 10], [0, 5, 0, 10]]]],
  ['a = {\n  = "b"\n}\n', [['Invalid expression', INVALID_EXPRESSION, [1, 2, 1, 3]]]],
  ['a = (1 2)\n', [['Unbalanced parentheses', UNBALANCED_PARENS, [0, 7, 0, 8], [0, 4, 0, 8]]]],
  ['a = (1\n', [['Unbalanced parentheses', UNBALANCED_PARENS, [1, 0, 1, 0], [0, 4, 1, 0]]]],
  ['a = x[1 2]\n', [['Missing close bracket on index', INDEX_CLOSE, [0, 9, 0, 10]]]],
  ['a = x[1 2\n', [['Missing close bracket on index', INDEX_CLOSE, [1, 0, 1, 0]]]],
];

function span(r: Range | undefined): Span | undefined {
  return r && [r.start.line, r.start.character, r.end.line, r.end.character];
}

async function parse(text: string): Promise<ParsedFile> {
  return (await getHclParser()).parse(text, 'x.pkr.hcl');
}

test('syntax errors have hclsyntax summary, detail, subject and context, and no cascade after them', async () => {
  for (const [text, expected] of CASES) {
    const parsed = await parse(text);
    const actual = parsed.diagnostics.map((d): Expected => {
      const context = span(d.context);
      const subject = span(d.range) ?? [-1, -1, -1, -1];
      return context ? [d.summary, d.detail, subject, context] : [d.summary, d.detail, subject];
    });
    assert.deepEqual(actual, expected, JSON.stringify(text));
    assert.ok(parsed.diagnostics.every((d) => d.severity === 'error' && d.code === 'syntax'), JSON.stringify(text));
    parsed.tree.delete();
  }
});

test('the same errors in an incremental parse as in a fresh one', async () => {
  const parser = await getHclParser();
  const base = 'variable "v" {\n  default = 1\n}\n\nlocals {\n  x = 2\n}\n';
  for (const [text, expected] of CASES) {
    // Appended below unrelated items that the incremental parse reuses as they are.
    const before = parser.parse(base, 'x.pkr.hcl');
    const lines = base.split('\n').length - 1;
    const edit = { range: { start: { line: lines, character: 0 }, end: { line: lines, character: 0 } }, newText: text };
    const incremental = parser.parse(base + text, 'x.pkr.hcl', { parsed: before, edits: [edit] });
    const fresh = parser.parse(base + text, 'x.pkr.hcl');
    assert.deepEqual(incremental.diagnostics, fresh.diagnostics, JSON.stringify(text));
    assert.deepEqual(
      fresh.diagnostics.map((d) => [d.summary, d.range?.start.line]),
      expected.map(([summary, , subject]) => [summary, subject[0] + lines]),
      JSON.stringify(text),
    );
    for (const p of [before, incremental, fresh]) p.tree.delete();
  }
});

test('after a syntax error the items tree-sitter recovers are still in the model', async () => {
  const cases: [string, string[]][] = [
    ['a = foo(1\nb = 2\n', ['a', 'b']],
    ['x {\n  a = 1 +\n}\ny = 2\n', ['x', 'y']],
    ['a = "abc"\nb = {\n', ['a', 'b']],
    ['source "a" "b" {\n  x = foo(1,\n  y = 2\n}\n', ['source']],
  ];
  for (const [text, names] of cases) {
    const parsed = await parse(text);
    assert.ok(parsed.diagnostics.length > 0, JSON.stringify(text));
    assert.deepEqual(
      parsed.ast.body.items.map((i) => (i.kind === 'attribute' ? i.name : i.type)),
      names,
      JSON.stringify(text),
    );
    parsed.tree.delete();
  }
});

test('valid quoted strings, interpolations across lines and heredocs have no syntax errors', async () => {
  for (const text of [
    'a = "${\n  x\n}"\n',
    'a = "x \\" ${y} \\n"\n',
    'a = <<EOT\nabc "\n${x}\nEOT\n',
    'a = [\n  1,\n  2,\n]\n',
    'a = foo(\n  1,\n  2\n)\n',
    'a = { b = [1, 2], c = "d" }\n',
    'a = x.y[0].z[*].w\n',
  ]) {
    const parsed = await parse(text);
    assert.deepEqual(parsed.diagnostics, [], JSON.stringify(text));
    parsed.tree.delete();
  }
});

/** `validate` of the bundled CLI on one file, as a process: its whole output. */
function validate(text: string): { code: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'syntax-errors-'));
  try {
    writeFileSync(join(dir, 'x.pkr.hcl'), text);
    try {
      const output = execFileSync(process.execPath, [join(process.cwd(), 'dist/cli.js'), 'validate', 'x.pkr.hcl'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
      return { code: 0, output };
    } catch (e) {
      const err = e as { status: number; stdout: string; stderr: string };
      return { code: err.status, output: err.stdout + err.stderr };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('validate prints the syntax error like Packer: summary, file and line, the source line, the detail', () => {
  const cases: [string, string, number, string, number, string][] = [
    // text, summary, line (1-based), source line, subject column (1-based), detail
    ['a = [1 2]\n', 'Missing item separator', 1, 'a = [1 2]', 8, ITEM_SEPARATOR],
    ['a = foo(1\nb = 2\n', 'Missing argument separator', 2, 'b = 2', 1, ARGUMENT_SEPARATOR],
    ['locals {\n  a = 1 +\n}\n', 'Invalid expression', 2, '  a = 1 +', 10, INVALID_EXPRESSION],
    ['a = "${x"\n', 'Invalid multi-line string', 1, 'a = "${x"', 10, MULTI_LINE],
    ['a = 1\n}}\n', 'Argument or block definition required', 2, '}}', 1, ITEM_REQUIRED],
  ];
  for (const [text, summary, line, source, column, detail] of cases) {
    const { code, output } = validate(text);
    assert.equal(code, 1, text);
    const lines = output.split('\n');
    const at = lines.indexOf(`Error: ${summary}`);
    assert.equal(at, 0, output);
    assert.equal(lines[at + 2], `  on x.pkr.hcl line ${line}:`, output);
    const snippet = `${String(line).padStart(4)}: ${source}`;
    assert.equal(lines[at + 3], snippet, output);
    // The caret under the subject's first character.
    assert.equal(lines[at + 4]?.indexOf('^'), snippet.length - source.length + column - 1, output);
    assert.ok(output.includes(detail.split(' ').slice(0, 6).join(' ')), output);
    // No cascade of further syntax errors (what the model reports about the items is another matter).
    const syntax = new Set(CASES.flatMap(([, diags]) => diags.map(([s]) => s)));
    const errors = lines.filter((l) => l.startsWith('Error: ') && syntax.has(l.slice('Error: '.length)));
    assert.equal(errors.length, text.includes('${x"') ? 2 : 1, output);
  }
});

test('fixing the first error brings back what hclsyntax suppressed while recovering, also incrementally', async () => {
  const parser = await getHclParser();
  // Each text has a first error that makes hclsyntax recover, then an item whose error it suppresses.
  const texts = ['a = 1 +\nb {\n', 'a = [1 2]\nx {\n  c = 1}\n', 'a = foo(1 2)\nb = [\n', 'a = 1 +\nx {\n  c = 1}\ny = 2\n'];
  for (const text of texts) {
    const first = parser.parse(text, 'x.pkr.hcl');
    assert.equal(first.diagnostics.length, 1, JSON.stringify(text));
    // Fix the first line: the argument becomes `a = 1`.
    const lineEnd = text.indexOf('\n');
    const edit = { range: { start: { line: 0, character: 4 }, end: { line: 0, character: lineEnd } }, newText: '1' };
    const fixed = '1' + text.slice(lineEnd);
    const incremental = parser.parse(`a = ${fixed}`, 'x.pkr.hcl', { parsed: first, edits: [edit] });
    const fresh = parser.parse(`a = ${fixed}`, 'x.pkr.hcl');
    assert.deepEqual(incremental.diagnostics, fresh.diagnostics, JSON.stringify(text));
    assert.equal(fresh.diagnostics.length > 0, true, JSON.stringify(text));
    assert.ok(fresh.diagnostics.every((d) => (d.range?.start.line ?? 0) > 0), JSON.stringify(fresh.diagnostics));
    for (const p of [first, incremental, fresh]) p.tree.delete();
  }
});
