import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Parser } from 'web-tree-sitter';
import { formatHcl, formatRange } from '../../server/src/hcl/format/format.js';
import { scanTokens } from '../../server/src/hcl/format/scan.js';
import { Kind } from '../../server/src/hcl/format/tokens.js';
import { treeSitterParser } from './tree.js';

const corpusDir = join(import.meta.dirname, 'fixtures', 'corpus');
const WHITESPACE = [' ', '  ', '\t', ' \t ', '     '];

let parser: Parser;
before(async () => {
  parser = await treeSitterParser();
});

function parse(text: string) {
  const tree = parser.parse(text);
  assert.ok(tree);
  return tree;
}

function formatOrUndefined(text: string): string | undefined {
  const result = formatHcl({ text, tree: parse(text) });
  return 'text' in result ? result.text : undefined;
}

/** One scanned token, readable: its kind's name, its text and the spaces before it in the source. */
interface FormatToken {
  readonly kind: string;
  readonly text: string;
  readonly spacesBefore: number;
}

function tokens(text: string): FormatToken[] {
  const scanned = scanTokens(text);
  return Array.from({ length: scanned.count }, (_, i) => ({
    kind: Kind[scanned.kinds[i]],
    text: text.slice(scanned.starts[i], scanned.ends[i]),
    spacesBefore: scanned.spaces[i],
  }));
}

/** Rewrites the horizontal whitespace between tokens: changed indentation and spacing, extra trailing blanks. */
function respace(source: readonly FormatToken[], choices: readonly number[]): string {
  let out = '';
  source.forEach((t, i) => {
    // Blanks before EOF are kept by hclwrite (they are the EOF token's own spacing), so they stay as they were.
    if (t.kind === 'EOF') {
      out += ' '.repeat(t.spacesBefore);
      return;
    }
    const prev = source[i - 1];
    const afterLineBreak = prev !== undefined && (prev.kind === 'Newline' || (prev.kind === 'Comment' && prev.text.endsWith('\n')));
    const spaced = t.spacesBefore > 0 && prev?.kind !== 'CHeredoc';
    const trailing = t.kind === 'Newline' && prev !== undefined && prev.kind !== 'CHeredoc' && prev.kind !== 'OHeredoc';
    const choice = choices[i % choices.length];
    if ((afterLineBreak && t.kind !== 'CHeredoc' && t.kind !== 'StringLit') || spaced || (trailing && choice % 2 === 0)) {
      out += WHITESPACE[choice];
    }
    out += t.text;
  });
  return out;
}

const seeds = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.in.hcl') && existsSync(join(corpusDir, f.replace('.in.hcl', '.out.hcl'))))
  .map((f) => readFileSync(join(corpusDir, f), 'utf8'));

describe('formatter properties', () => {
  it('ignores how the input was spaced: respaced input formats to the same text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(fc.nat(WHITESPACE.length - 1), { minLength: 1, maxLength: 64 }), (seed, choices) => {
        const expected = formatOrUndefined(seed);
        fc.pre(expected !== undefined);
        const mutated = respace(tokens(seed), choices);
        const actual = formatOrUndefined(mutated);
        fc.pre(actual !== undefined);
        assert.equal(actual, expected);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent and changes nothing but whitespace', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(fc.nat(WHITESPACE.length - 1), { minLength: 1, maxLength: 64 }), (seed, choices) => {
        const mutated = respace(tokens(seed), choices);
        const once = formatOrUndefined(mutated);
        fc.pre(once !== undefined);
        assert.equal(formatOrUndefined(once), once);
        const texts = (ts: FormatToken[]) => ts.map((t) => `${t.kind}:${t.text}`);
        assert.deepEqual(texts(tokens(once)), texts(tokens(mutated)));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary input, whole-document or by range', () => {
    const alphabet = fc.constantFrom(
      ...'ab =\n{}[]()",.:?!-+*/%<>&|#$~\\\t \r'.split(''),
      '${',
      '%{',
      '<<EOT\n',
      '\nEOT\n',
      '/*',
      '*/',
      '//',
      'for ',
      ' in ',
      'é',
      '😀',
      '\uFEFF',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }), fc.nat(10), (parts, line) => {
        const text = parts.join('');
        const tree = parse(text);
        const result = formatHcl({ text, tree });
        assert.ok('text' in result || result.diagnostics.length > 0);
        for (const edit of formatRange({ text, tree }, { start: { line }, end: { line: line + 2 } })) {
          assert.ok(edit.range.start.line >= line && edit.range.start.line <= line + 2);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('handles deep nesting without recursion limits', () => {
    const depth = 5000;
    const text = `a = ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
    assert.equal(formatOrUndefined(text), text);
  });
});
