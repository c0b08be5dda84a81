import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONFORMANCE_DIR } from '../support/conformance.js';
import { formatHcl, formatRange, type FormatResult } from '../../server/src/hcl/format/format.js';
import { parseTree } from './tree.js';
import { LineIndex } from '../../server/src/hcl/text.js';

const conformance = join(CONFORMANCE_DIR, 'packer');
const corpusDir = join(import.meta.dirname, 'fixtures', 'corpus');

async function format(text: string): Promise<FormatResult> {
  return formatHcl({ text, tree: await parseTree(text), file: 'test.pkr.hcl' });
}

async function formatted(text: string): Promise<string> {
  const result = await format(text);
  assert.ok('text' in result, `expected formatting to succeed, got ${JSON.stringify(result)}`);
  return result.text;
}

/**
 * Inputs that hclsyntax rejects but tree-sitter's grammar accepts (newline rules, templates in block labels).
 * Refusing them is the parser's job: its diagnostics reach formatHcl through FormatSource.diagnostics.
 */
const REFUSED_BY_PARSER_RULES = new Set(['block-closing-same-line', 'block-two-closers', 'tmpl-in-label']);
/** tree-sitter-hcl does not read upper-case or signed exponents (`1.5E-3`); packer does. */
const GRAMMAR_GAPS = new Set(['expr-number-formats']);

describe('packer conformance fixtures', () => {
  it('formats hcl2template/testdata/format/unformatted.pkr.hcl into formatted.pkr.hcl', async () => {
    const dir = join(conformance, 'hcl2template/testdata/format');
    const input = readFileSync(join(dir, 'unformatted.pkr.hcl'), 'utf8');
    assert.equal(await formatted(input), readFileSync(join(dir, 'formatted.pkr.hcl'), 'utf8'));
  });

  it('leaves the already formatted fixtures unchanged', async () => {
    for (const path of ['hcl2template/testdata/format/formatted.pkr.hcl', 'command/test-fixtures/fmt/formatted.pkr.hcl']) {
      const input = readFileSync(join(conformance, path), 'utf8');
      assert.equal(await formatted(input), input, path);
    }
  });

  it('formats the var-file fixtures like command/fmt_test.go expects', async () => {
    const expected = 'ami_filter_name   = "amzn2-ami-hvm-*-x86_64-gp2"\nami_filter_owners = ["137112412989"]\n\n';
    for (const path of ['command/test-fixtures/fmt/unformatted.pkrvars.hcl', 'hcl2template/testdata/format/unformatted.pkrvars.hcl']) {
      assert.equal(await formatted(readFileSync(join(conformance, path), 'utf8')), expected, path);
    }
    assert.equal(await formatted('\n' + expected.replace(/ +=/g, ' =').replace('["', '[ "')), '\n' + expected);
  });

  it('formats command/test-fixtures/fmt/unformatted.pkr.hcl', async () => {
    const input = readFileSync(join(conformance, 'command/test-fixtures/fmt/unformatted.pkr.hcl'), 'utf8');
    assert.equal(await formatted(input), input.replace('type =string', 'type = string'));
  });

  it('keeps every other conformance template that is already canonical byte-identical or changes only whitespace', async () => {
    const files = findFiles(conformance, (f) => f.endsWith('.pkr.hcl'));
    assert.ok(files.length > 100);
    for (const file of files) {
      const input = readFileSync(file, 'utf8');
      const result = await format(input);
      if (!('text' in result)) continue;
      assert.equal(result.text.replace(/\s+/g, ''), input.replace(/\s+/g, ''), file);
      assert.equal(await formatted(result.text), result.text, `idempotent: ${file}`);
    }
  });
});

describe('corpus generated with packer fmt', () => {
  const inputs = readdirSync(corpusDir).filter((f) => f.endsWith('.in.hcl')).sort();

  it('has at least 100 cases', () => {
    assert.ok(inputs.length >= 100, `${inputs.length} cases`);
  });

  for (const file of inputs) {
    const name = file.slice(0, -'.in.hcl'.length);
    if (GRAMMAR_GAPS.has(name)) continue;
    it(name, async () => {
      const input = readFileSync(join(corpusDir, file), 'utf8');
      const result = await format(input);
      if (existsSync(join(corpusDir, `${name}.refused`))) {
        if (REFUSED_BY_PARSER_RULES.has(name)) return;
        assert.ok('diagnostics' in result, 'packer refuses this input, so must we');
        assert.equal(result.diagnostics[0].severity, 'error');
        return;
      }
      assert.ok('text' in result, JSON.stringify(result));
      assert.equal(result.text, readFileSync(join(corpusDir, `${name}.out.hcl`), 'utf8'));
    });
  }
});

describe('formatting rules', () => {
  it('writes unary ! without a space, like current Packer (HCL 2.24)', async () => {
    assert.equal(await formatted('a = ! x\nb = !true && ! false\n'), 'a = !x\nb = !true && !false\n');
  });

  it('keeps CRLF line endings and aligns across them', async () => {
    assert.equal(await formatted('a=1\r\nlong=2\r\n'), 'a    = 1\r\nlong = 2\r\n');
  });

  it('refuses a document with a syntax error and reports where', async () => {
    const result = await format('a = 1\nb = [1, 2\n');
    assert.ok('diagnostics' in result);
    assert.equal(result.diagnostics[0].severity, 'error');
    assert.equal(result.diagnostics[0].range?.file, 'test.pkr.hcl');
  });

  it('refuses when the parser reported an error even if the tree looks fine', async () => {
    const text = 'a = 1\n';
    const parserError = { severity: 'error' as const, summary: 'Attribute redefined', detail: 'x' };
    const result = formatHcl({ text, tree: await parseTree(text), diagnostics: [parserError] });
    assert.deepEqual(result, { diagnostics: [parserError] });
  });

  it('ignores parser warnings', async () => {
    const text = 'a=1\n';
    const warning = { severity: 'warning' as const, summary: 'w', detail: 'w' };
    assert.deepEqual(formatHcl({ text, tree: await parseTree(text), diagnostics: [warning] }), { text: 'a = 1\n' });
  });
});

describe('formatRange', () => {
  const text = 'a {\nb=1\n    c = 2\nd   =   3\n}\n';

  it('edits only lines inside the range', async () => {
    const edits = formatRange({ text, tree: await parseTree(text) }, { start: { line: 2 }, end: { line: 2 } });
    assert.deepEqual(
      edits.map((e) => [e.range.start.line, e.newText]),
      [[2, '  c = 2']],
    );
    const lines = new LineIndex(text);
    assert.equal(lines.offsetOf(edits[0].range.start), text.indexOf('    c'));
    assert.equal(lines.offsetOf(edits[0].range.end), text.indexOf('\nd'));
  });

  it('over the whole document gives the same text as formatHcl', async () => {
    const tree = await parseTree(text);
    const edits = formatRange({ text, tree }, { start: { line: 0 }, end: { line: 10 } });
    let out = text;
    const lines = new LineIndex(text);
    for (const e of [...edits].reverse()) out = out.slice(0, lines.offsetOf(e.range.start)) + e.newText + out.slice(lines.offsetOf(e.range.end));
    assert.equal(out, await formatted(text));
  });

  it('leaves lines with syntax errors alone but formats the rest', async () => {
    const broken = 'a=1\nb = [1,\nc   =   2\n';
    const edits = formatRange({ text: broken, tree: await parseTree(broken) }, { start: { line: 0 }, end: { line: 3 } });
    const lines = edits.map((e) => e.range.start.line);
    assert.ok(lines.includes(0), `line 0 is fine and gets formatted: ${JSON.stringify(edits)}`);
    assert.ok(!lines.includes(1), 'the broken line is untouched');
  });
});

function findFiles(dir: string, keep: (f: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return findFiles(p, keep);
    return e.isFile() && keep(p) ? [p] : [];
  });
}

describe('formatRange with parser diagnostics', () => {
  it('skips lines the parser reported errors on', async () => {
    const text = 'a=1\na=2\nc=3\n';
    const tree = await parseTree(text);
    const error = {
      severity: 'error' as const,
      summary: 'Attribute redefined',
      detail: 'The argument "a" was already set at f:1,1-2.',
      range: { file: 'f', start: { offset: 4, line: 1, character: 0 }, end: { offset: 5, line: 1, character: 1 } },
    };
    const edits = formatRange({ text, tree, diagnostics: [error] }, { start: { line: 0 }, end: { line: 2 } });
    assert.deepEqual(
      edits.map((e) => e.range.start.line),
      [0, 2],
    );
  });
});
