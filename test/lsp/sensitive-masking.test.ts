/**
 * A sensitive variable's value never reaches the editor, also through values derived from it: interpolated into
 * a string, wrapped in an object, passed through a function, read back from a nested attribute — in hover,
 * inlay hints, completion details and `packer/inspect` alike. Non-sensitive parts stay visible.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, Hover, InlayHint } from 'vscode-languageserver-protocol';
import type { InspectResult } from '../../server/src/lsp/protocol.js';
import { LspClient, positionOf } from './harness.js';

const SECRET = 'hunter2';
const TEXT = `variable "pw" {
  default   = "${SECRET}"
  sensitive = true
}

variable "m" {
  default   = { a = "${SECRET}-map" }
  sensitive = true
}

variable "plain" {
  default = "visible"
}

locals {
  s = var.pw
  t = "pre-\${var.pw}"
  u = { k = var.pw, open = var.plain }
  v = upper(var.pw)
  w = local.u.k
  x = var.m.a
  o = local.u.open
}
`;

describe('sensitive values stay masked in every feature', () => {
  let c: LspClient;
  const uri = 'untitled:sensitive';
  before(async () => {
    c = await LspClient.start({ settings: { packer: { diagnosticsDelay: 0 } } });
    await c.open(uri, TEXT);
    assert.deepEqual(await c.waitForVersion(uri, 1), []);
  });
  after(() => c.stop());

  const hoverAt = async (needle: string, delta: number) => {
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(TEXT, needle, delta) });
    return h ? (h.contents as { value: string }).value : '';
  };

  it('hover', async () => {
    const shown = new Map<string, string>();
    for (const name of ['s', 't', 'u', 'v', 'w', 'x', 'o']) shown.set(name, await hoverAt(`  ${name} = `, 2));
    assert.deepEqual(Object.fromEntries(shown), {
      s: '**local** `s`\n\nValue: `<sensitive>`',
      t: '**local** `t`\n\nValue: `<sensitive>`',
      u: '**local** `u`\n\nValue: `{ k = <sensitive>, open = "visible" }`',
      v: '**local** `v`\n\nValue: `<sensitive>`',
      w: '**local** `w`\n\nValue: `<sensitive>`',
      x: '**local** `x`\n\nValue: `<sensitive>`',
      o: '**local** `o`\n\nValue: `"visible"`',
    });
    assert.match(await hoverAt('var.m.a', 5), /Value \(default\): `<sensitive>`/);
  });

  it('inlay hints', async () => {
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } } });
    const labels = hints.map((h) => String(h.label));
    assert.ok(labels.length >= 7, JSON.stringify(labels));
    assert.ok(labels.every((l) => !l.includes(SECRET)), JSON.stringify(labels));
    const end = (needle: string) => positionOf(TEXT, needle, needle.length);
    const at = (needle: string) => hints.find((h) => h.position.line === end(needle).line && h.position.character === end(needle).character)?.label;
    assert.equal(at('upper(var.pw'), '= <sensitive>');
    assert.equal(at('w = local.u.k'), '= <sensitive>');
    assert.equal(at('o = local.u.open'), '= "visible"');
  });

  it('completion details', async () => {
    const items = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(TEXT, 'local.u.k', 6) });
    const details = Object.fromEntries(items.map((i) => [i.label, i.detail]));
    assert.deepEqual(details, { s: '<sensitive>', t: '<sensitive>', u: '{ k = <sensitive>, open = "visible" }', v: '<sensitive>', w: '<sensitive>', x: '<sensitive>', o: '"visible"' });
  });

  it('packer/inspect', async () => {
    const r = await c.request<InspectResult>('packer/inspect', { uri });
    assert.ok(!JSON.stringify(r).includes(SECRET));
    assert.deepEqual(r.variables.map((v) => [v.name, v.value, v.sensitive]), [
      ['pw', '<sensitive>', true],
      ['m', '<sensitive>', true],
      ['plain', '"visible"', false],
    ]);
    assert.deepEqual(r.locals.find((l) => l.name === 'u')?.value, '{ k = <sensitive>, open = "visible" }');
  });
});
