/** The server never crashes: malformed positions, CRLF, BOM, tabs, emoji/CJK, unknown documents, random edits. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { anyRequestParams, fixtureText, LspClient, positionOf } from './harness.js';
import { prng } from '../support/prng.js';

const REQUESTS: readonly string[] = [
  'textDocument/completion',
  'textDocument/hover',
  'textDocument/signatureHelp',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/documentHighlight',
  'textDocument/prepareRename',
  'textDocument/selectionRange',
  'textDocument/documentSymbol',
  'textDocument/foldingRange',
  'textDocument/semanticTokens/full',
  'textDocument/semanticTokens/range',
  'textDocument/inlayHint',
  'textDocument/documentLink',
  'textDocument/codeLens',
  'textDocument/codeAction',
  'textDocument/formatting',
  'textDocument/rangeFormatting',
];

describe('robustness', () => {
  let c: LspClient;
  before(async () => {
    c = await LspClient.start({ settings: { packer: { diagnosticsDelay: 5 } } });
  });
  after(() => c.stop());

  it('answers every request with malformed positions and ranges', async () => {
    const uri = 'untitled:malformed';
    await c.open(uri, 'variable "x" {\n  default = 1\n}\n');
    const positions = [{ line: -1, character: -5 }, { line: 1e9, character: 1e9 }, { line: 1.5, character: 0.5 }, { line: 0, character: Number.MAX_SAFE_INTEGER }, {}, null];
    for (const method of REQUESTS) {
      for (const p of positions) {
        await c.request(method, anyRequestParams(uri, p, { start: p, end: { line: -3, character: 2 } }));
      }
    }
    for (const method of REQUESTS) await c.request(method, anyRequestParams('untitled:never-opened', { line: 0, character: 0 }, null));
    assert.ok(c.alive);
  });

  it('completes in a document that starts with blank lines', async () => {
    const uri = 'untitled:leading-blank';
    await c.open(uri, '\n\nbuild {\n  \n}\n');
    const items = await c.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 2 } });
    assert.ok(items.some((i) => i.label === 'provisioner'));
    const top = await c.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } });
    assert.ok(top.some((i) => i.label === 'variable'));
  });

  it('handles CRLF line endings', async () => {
    const uri = 'untitled:crlf';
    const text = 'variable "a" {\r\n  default = 1\r\n}\r\nlocals {\r\n  b = var.nope\r\n  c = var.a\r\n}\r\n';
    await c.open(uri, text);
    const ds = await c.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(ds[0]!.range.start, { line: 4, character: 9 });
    const h = await c.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 10 } });
    assert.match((h.contents as { value: string }).value, /variable\*\* `a`/);
  });

  it('counts a byte-order mark, tabs, emoji and CJK in UTF-16 columns', async () => {
    const uri = 'untitled:utf16';
    const text = '\uFEFFlocals {\n\ta = "😀日本語 ${var.nope}"\n}\n';
    await c.open(uri, text);
    const ds = await c.waitForDiagnostics(uri, (d: Diagnostic[]) => d.length > 0);
    const at = positionOf(text, '.nope');
    assert.deepEqual(ds[0]!.range.start, at);
    assert.equal(at.character, 17);
    const tokens = await c.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.equal(tokens.data.length % 5, 0);
    // Completion in the middle of a surrogate pair is answered without splitting it.
    await c.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 8 } });
    assert.ok(c.alive);
  });

  it('survives random edits interleaved with every request', async () => {
    const random = prng(Number(process.env['LSP_FUZZ_SEED'] ?? 20261128));
    const uri = 'file:///tmp/lsp-fuzz/fuzz.pkr.hcl';
    let text = fixtureText('multi', 'main.pkr.hcl') + fixtureText('multi', 'variables.pkr.hcl');
    await c.open(uri, text);
    const pieces = ['{', '}', '[', ']', '(', ')', '"', '${', '%{', '\n', ' ', '=', 'var.', 'local.', 'source ', 'build {', '<<EOF\n', '\nEOF\n', '#', '/*', '*/', '\\', '😀', '日本', '\t', '\r\n', 'upper(', ',', '.', '?', ':', 'x'];
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const pos = () => {
      const line = Math.floor(random() * (text.split('\n').length + 2)) - 1;
      return { line, character: Math.floor(random() * 90) - 2 };
    };
    const lineStarts = () => {
      const s = [0];
      for (let i = 0; i < text.length; i++) if (text[i] === '\n') s.push(i + 1);
      return s;
    };
    const offset = (p: { line: number; character: number }) => {
      const s = lineStarts();
      if (p.line < 0) return 0;
      if (p.line >= s.length) return text.length;
      const end = p.line + 1 < s.length ? s[p.line + 1]! - 1 : text.length;
      return Math.min(s[p.line]! + Math.max(0, p.character), end);
    };
    let version = 1;
    for (let step = 0; step < 250; step++) {
      if (random() < 0.6) {
        let a = pos();
        let b = random() < 0.5 ? a : pos();
        if (offset(b) < offset(a)) [a, b] = [b, a];
        const insert = random() < 0.7 ? pick(pieces) : '';
        // Mirror the server's clamping so both sides keep the same text.
        text = text.slice(0, offset(a)) + insert + text.slice(offset(b));
        version = await c.change(uri, [{ range: { start: a, end: b }, text: insert }]);
      } else {
        const method = pick(REQUESTS);
        const p = pos();
        await c.request(method, anyRequestParams(uri, p, { start: p, end: pos() })).catch((err: { code?: number }) => {
          // Only deliberate protocol errors are acceptable (e.g. rename to an invalid name), never a crash.
          assert.ok(typeof err.code === 'number', String(err));
        });
      }
    }
    await c.waitForVersion(uri, version, 20_000);
    assert.ok(c.alive);
    // Handlers log their failures: a clean run has none.
    assert.deepEqual(c.logs, []);
    // The server's text matches ours: a full-document format request sees the same document.
    const symbols = await c.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(Array.isArray(symbols));
  });
});
