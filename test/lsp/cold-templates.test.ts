/**
 * The server keeps the analysis and syntax of only a few recently used templates; the others keep their texts.
 * Through the protocol: after working in other templates, a cold one still answers edits, hover and diagnostics
 * exactly (its document is parsed again from its current text, edits made while cold included).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspClient, textOf, uriOf } from './harness.js';

const TEMPLATE = (n: number) => `variable "region_${n}" {\n  default = "eu-${n}"\n}\n\nlocals {\n  name_${n} = "\${var.region_${n}}-x"\n}\n`;

describe('cold templates', () => {
  let c: LspClient;
  let root: string;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'lsp-cold-'));
    c = await LspClient.start({ settings: { packer: { diagnosticsDelay: 0 } } });
  });
  after(async () => {
    await c.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('a template whose syntax was dropped answers edits, diagnostics and hover from its current text', async () => {
    const uris: string[] = [];
    for (let n = 0; n < 5; n++) {
      const dir = join(root, `t${n}`);
      mkdirSync(dir);
      const uri = uriOf(join(dir, 'main.pkr.hcl'));
      uris.push(uri);
      await c.open(uri, TEMPLATE(n));
      assert.deepEqual(await c.waitForVersion(uri, 1), []);
    }
    // t0 has gone cold (four templates were analysed after it). Edit it: a reference to an undeclared variable
    // on line 6, then a second edit before anything is asked.
    const first = uris[0]!;
    await c.change(first, [{ range: { start: { line: 5, character: 18 }, end: { line: 5, character: 26 } }, text: 'nope_0' }]);
    const v = await c.change(first, [{ range: { start: { line: 1, character: 13 }, end: { line: 1, character: 15 } }, text: 'west' }]);
    const ds = await c.waitForVersion(first, v);
    assert.equal(ds.length, 1, JSON.stringify(ds));
    assert.match(textOf(ds[0]!), /"nope_0"/);
    assert.equal(ds[0]!.range.start.line, 5);
    // Another cold template: hover on its local shows the value from its text.
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: uris[1]! }, position: { line: 5, character: 4 } });
    assert.ok(h && JSON.stringify(h.contents).includes('eu-1-x'), JSON.stringify(h));
  });
});
