// The formatter's fast path (plain.ts): a document it calls plain must be one the parser accepts without a
// single error, and its formatting must be formatHcl's. Checked on every fixture and on many mutations of them.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { formatHcl, formatIfPlain, formatIfPlainAscii } from '../../server/src/hcl/format/format.js';
import { isPlainHcl } from '../../server/src/hcl/format/plain.js';
import { scanTokens } from '../../server/src/hcl/format/scan.js';
import { getHclParser, type HclParser } from '../support/parser.js';

const ROOTS = [join(import.meta.dirname, 'fixtures'), join(import.meta.dirname, '..', 'fixtures', 'conformance')];

function hclFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) hclFiles(path, out);
    else if (name.endsWith('.hcl')) out.push(path);
  }
  return out;
}

let parser: HclParser;
let sources: string[];
before(async () => {
  parser = await getHclParser();
  sources = ROOTS.flatMap((r) => hclFiles(r)).map((f) => readFileSync(f, 'utf8'));
});

/** The full path's answer: formatted text, or undefined when the parser finds an error. */
function viaParser(text: string): string | undefined {
  const parsed = parser.parse(text, 'x.pkr.hcl');
  try {
    const result = formatHcl({ text, tree: parsed.tree, diagnostics: parsed.diagnostics, file: 'x.pkr.hcl' });
    return 'text' in result ? result.text : undefined;
  } finally {
    parsed.tree.delete();
  }
}

/** The CLI formats files of ASCII characters only to bytes (formatIfPlainAscii): same text, same verdict. */
function asciiAgrees(text: string, fast: string | undefined): void {
  if (!/^[\x00-\x7f]*$/.test(text)) return;
  const bytes = formatIfPlainAscii(text);
  assert.equal(bytes === undefined ? undefined : Buffer.from(bytes).toString('latin1'), fast, `bytes differ from the text:\n${text}`);
}

function agree(text: string): boolean {
  const fast = formatIfPlain(text);
  asciiAgrees(text, fast);
  if (fast === undefined) return false;
  assert.equal(viaParser(text), fast, `plain but not formatted alike:\n${text}`);
  return true;
}

describe('plain-document fast path', () => {
  it('agrees with the parser on every fixture, and covers most of them', () => {
    assert.ok(sources.length > 300, `found only ${sources.length} fixtures`);
    const plain = sources.filter(agree).length;
    assert.ok(plain > sources.length / 3, `only ${plain} of ${sources.length} fixtures take the fast path`);
  });

  it('agrees with the parser on mutated fixtures (characters inserted, deleted or swapped)', () => {
    const PIECES = ['{', '}', '[', ']', '(', ')', '"', '=', ',', '\n', ' ', '.', ':', '?', '-', '!', '${', '%{', '~', '\\', '#', '/*', '<<EOT\n', 'EOT\n', 'for ', '1e3', 'a', '0', '*', '...', '::', '\t', '\r\n'];
    let plainCount = 0;
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(...PIECES), fc.nat({ max: 40 }), (which, where, op, piece, span) => {
        const text = sources[which % sources.length] ?? '';
        const at = text.length === 0 ? 0 : where % text.length;
        const mutated =
          op === 0
            ? text.slice(0, at) + piece + text.slice(at)
            : op === 1
              ? text.slice(0, at) + text.slice(at + 1 + (span % 3))
              : op === 2
                ? text.slice(0, at) + piece + text.slice(at + 1)
                : text.slice(0, at) + text.slice(at + span) + text.slice(at, at + span);
        if (agree(mutated)) plainCount++;
      }),
      { numRuns: 3000, seed: 20261128 },
    );
    assert.ok(plainCount > 100, `only ${plainCount} mutations took the fast path`);
  });

  it('refuses what it does not know, so the parser decides', () => {
    for (const text of [
      'a = "x${~b}"\n',
      'a = "%{ if b }x%{ endif }"\n',
      'a = [for x in y : x]\n',
      'a = b[*].c\n',
      'a = 1e3\n',
      'a = "\\q"\n',
      'b { c = 1 }\n',
      'a = 1 /* c */\n',
      'a = f(1,)\n',
      'a = 1 +\n  2\n',
      'a = 1',
      'a = 1 # end',
      'b {\n} d = 2\n',
      'a = 1 b = 2\n',
      'a = (1\n)\n',
      'b "x" \n{\n}\n',
    ]) {
      assert.equal(isPlainHcl(scanTokens(text)), text === 'a = 1', JSON.stringify(text));
    }
  });

  it('accepts the shapes of ordinary templates', () => {
    const text = [
      'variable "v" {',
      '  type = list(string) # a comment',
      '  default = ["a", "b",',
      '    "c",',
      '  ]',
      '}',
      '',
      'source "docker" "x" {',
      '  image   = "${var.v[0]}-${upper(local.x.y)}"',
      '  count   = length(var.v) > 1 ? -1 : !true',
      '  tags    = { Name = "n", "k" : 2 }',
      '  script  = <<-EOT',
      '    echo ${var.v[0]}',
      '    EOT',
      '  args    = f(a, b...)',
      '  empty {}',
      '}',
      '',
    ].join('\n');
    assert.equal(isPlainHcl(scanTokens(text)), true);
    assert.equal(formatIfPlain(text), viaParser(text));
  });
});
