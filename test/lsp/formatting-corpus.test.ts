/**
 * Document formatting through the protocol is byte-identical to `packer fmt`: every input of the corpus generated
 * with `packer fmt` (test/format/fixtures/corpus, `<name>.in.hcl` → `<name>.out.hcl`) is opened in the server and
 * the edits of `textDocument/formatting` applied to it must give the `.out.hcl` text; inputs Packer refuses to format
 * get no edits. Skips the same cases test/format/format.test.ts documents as grammar gaps and parser-rule refusals.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextEdit } from 'vscode-languageserver-protocol';
import { applyEdits, LspClient, ROOT } from './harness.js';

const CORPUS = join(ROOT, 'test/format/fixtures/corpus');
/** Inputs hclsyntax rejects but the tree-sitter grammar accepts, and exponents the grammar cannot read (see format.test.ts). */
const SKIPPED = new Set(['block-closing-same-line', 'block-two-closers', 'tmpl-in-label', 'expr-number-formats']);

describe('formatting through the protocol equals packer fmt on its corpus', () => {
  let c: LspClient;
  before(async () => {
    c = await LspClient.start();
  });
  after(() => c.stop());

  const names = readdirSync(CORPUS)
    .filter((f) => f.endsWith('.in.hcl'))
    .map((f) => f.slice(0, -'.in.hcl'.length))
    .filter((n) => !SKIPPED.has(n))
    .sort();

  it('has the corpus', () => {
    assert.ok(names.length >= 100, `${names.length} cases`);
  });

  it('formats every case like packer fmt, and leaves refused inputs alone', async () => {
    const wrong: string[] = [];
    let changed = 0;
    for (const name of names) {
      const input = readFileSync(join(CORPUS, `${name}.in.hcl`), 'utf8');
      const uri = `untitled:corpus/${name}.pkr.hcl`;
      await c.open(uri, input);
      const edits = await c.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: false } });
      await c.close(uri);
      if (edits.length > 0) changed++;
      const refused = existsSync(join(CORPUS, `${name}.refused`));
      const expected = refused ? input : readFileSync(join(CORPUS, `${name}.out.hcl`), 'utf8');
      if (refused && edits.length > 0) wrong.push(`${name}: refused by packer fmt, but the server edited it`);
      else if (applyEdits(input, edits) !== expected) wrong.push(`${name}: ${JSON.stringify(applyEdits(input, edits))} != ${JSON.stringify(expected)}`);
    }
    assert.deepEqual(wrong, []);
    // Most inputs are not canonical, so an empty answer could not pass by accident.
    assert.ok(changed >= names.length / 2, `${changed} of ${names.length} cases edited`);
  });
});
