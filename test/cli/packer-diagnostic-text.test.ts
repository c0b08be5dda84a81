// HCL's diagnostic text writer as Packer uses it (width 80, no colour), reproduced by packerDiagnosticText (its
// go-wordwrap by wrap). Each expected text was printed by hashicorp/hcl v2.24.0's NewDiagnosticTextWriter (the
// version current Packer uses) for the same files and the same subject and context ranges.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, Range } from '../../server/src/hcl/diagnostic.js';
import type { ConfigFile } from '../../server/src/packer/model.js';
import { PackerFiles, packerDiagnosticText } from '../../server/src/cli/print-diagnostics.js';
import { wrap } from '../../server/src/cli/ui-text.js';
import { getHclParser } from '../support/parser.js';

const FILES: Record<string, string> = {
  'ctx.pkr.hcl': 'source "null" "a" {\n  communicator = "none"\n}\n\nbuild {\n  sources = ["source.null.a"\n\n}\n',
  'eol.pkr.hcl': 'source "null" "a" {\n  communicator = \n}\n',
  'labels.pkr.hcl': 'top = 1\nsource "nu\\"ll" "a\\\\b" {\n  x = 1\n}\n',
};

/** A range by 0-based lines and characters. */
function at(file: string, line: number, character: number, endLine: number, endCharacter: number): Range {
  return { file, start: { line, character }, end: { line: endLine, character: endCharacter } };
}

const CASES: [string, Diagnostic, string][] = [
  [
    'a multi-line context, its empty line left out, in the enclosing block',
    { severity: 'error', summary: 'Missing item separator', detail: 'Expected a comma to mark the beginning of the next item.', range: at('ctx.pkr.hcl', 7, 0, 7, 1), context: at('ctx.pkr.hcl', 5, 12, 7, 1) },
    'Error: Missing item separator\n\n  on ctx.pkr.hcl line 8, in build:\n   6:   sources = ["source.null.a"\n   8: }\n\nExpected a comma to mark the beginning of the next item.\n\n',
  ],
  [
    'an empty subject at the end of a line also shows the next line',
    { severity: 'error', summary: 'Invalid expression', detail: 'Expected the start of an expression, but found an invalid expression token.', range: at('eol.pkr.hcl', 1, 17, 1, 17) },
    'Error: Invalid expression\n\n  on eol.pkr.hcl line 2, in source "null" "a":\n   2:   communicator = \n   3: }\n\nExpected the start of an expression, but found an invalid expression token.\n\n',
  ],
  [
    'an empty subject shows its whole context',
    { severity: 'warning', summary: 'Empty subject, wide context', detail: '', range: at('eol.pkr.hcl', 1, 2, 1, 2), context: at('eol.pkr.hcl', 0, 0, 2, 1) },
    'Warning: Empty subject, wide context\n\n  on eol.pkr.hcl line 2, in source "null" "a":\n   1: source "null" "a" {\n   2:   communicator = \n   3: }\n\n',
  ],
  [
    'labels quoted like Go %q',
    { severity: 'error', summary: 'Quoted labels', detail: 'x', range: at('labels.pkr.hcl', 2, 2, 2, 3) },
    'Error: Quoted labels\n\n  on labels.pkr.hcl line 3, in source "nu\\"ll" "a\\\\b":\n   3:   x = 1\n\nx\n\n',
  ],
  [
    'a subject outside any block has no context',
    { severity: 'error', summary: 'Outside blocks', detail: 'y', range: at('labels.pkr.hcl', 0, 0, 0, 3) },
    'Error: Outside blocks\n\n  on labels.pkr.hcl line 1:\n   1: top = 1\n\ny\n\n',
  ],
  [
    'a file not read: source code not available',
    { severity: 'error', summary: 'Not read', detail: 'z', range: at('other.pkr.hcl', 3, 0, 3, 3) },
    'Error: Not read\n\n  on other.pkr.hcl line 4:\n  (source code not available)\n\nz\n\n',
  ],
  [
    'details wrapped like go-wordwrap: long words whole, non-breaking spaces, indented lines, trailing spaces, code points',
    { severity: 'warning', summary: 'Wrapping', detail: 'A word longer than the line: LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL then more words after it, and non\u00a0breaking\u00a0spaces\u00a0glue\u00a0these\u00a0words\u00a0together\u00a0into\u00a0one\u00a0long\u00a0unbreakable\u00a0unit here.\n  indented line kept    with   inner   spaces\nTrailing spaces kept when they fit: ééééééééééééééééééééééééééééééééééé         \nTrailing spaces dropped when they overflow: éééééééééééééééééééééééééééééééééééé      \nlast' },
    'Warning: Wrapping\n\nA word longer than the line:\nLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL\nthen more words after it, and\nnon\u00a0breaking\u00a0spaces\u00a0glue\u00a0these\u00a0words\u00a0together\u00a0into\u00a0one\u00a0long\u00a0unbreakable\u00a0unit\nhere.\n  indented line kept    with   inner   spaces\nTrailing spaces kept when they fit: ééééééééééééééééééééééééééééééééééé         \nTrailing spaces dropped when they overflow: éééééééééééééééééééééééééééééééééééé\nlast\n\n',
  ],
];

let files: PackerFiles;

before(async () => {
  const parser = await getHclParser();
  const parsed: ConfigFile[] = Object.entries(FILES).map(([path, text]) => {
    const p = parser.parse(text, path);
    p.tree.delete();
    return { path, text, ast: p.ast, kind: 'config' };
  });
  files = new PackerFiles(new Map(Object.entries(FILES)), parsed);
});

for (const [name, diag, expected] of CASES) {
  test(`diagnostic text: ${name}`, () => {
    assert.equal(packerDiagnosticText(diag, files), expected);
  });
}

test('diagnostic text without files (what Packer prints after parsing): no source lines, no block', () => {
  const [, diag] = CASES[0]!;
  assert.equal(
    packerDiagnosticText(diag, undefined),
    'Error: Missing item separator\n\n  on ctx.pkr.hcl line 8:\n  (source code not available)\n\nExpected a comma to mark the beginning of the next item.\n\n',
  );
});

test('wrap: a line of exactly 80 characters stays whole, 81 breaks at the last space', () => {
  const eighty = `${'a'.repeat(74)} bcdef`;
  assert.equal(wrap(`${eighty} next`), `${eighty}\nnext`);
  assert.equal(wrap(`${eighty}g next`), `${'a'.repeat(74)}\nbcdefg next`);
});
