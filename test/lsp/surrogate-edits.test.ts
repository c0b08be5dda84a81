/**
 * Edits that split UTF-16 surrogate pairs, and edits around CJK text, through the protocol. LSP positions count
 * UTF-16 code units, so a client may insert between the two halves of an emoji or delete one half; its text then
 * holds a lone surrogate, and the server must apply the change at exactly that code unit. Property: after every
 * edit, the edited server's semantic tokens (full, and full/delta applied to the previous result), folding ranges
 * and diagnostics equal those of a fresh server opening the client's text.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic, FoldingRange, SemanticTokens, SemanticTokensDelta, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from './harness.js';

const SETTINGS = { packer: { diagnosticsDelay: 10 } };

const TEXT = `# Greeting 😀 for 中文 users 🎉
variable "名前" {
  type    = string
  default = "ab😀cd"
}

locals {
  中文    = "漢字😀漢字"
  emoji = upper("😀😀 \${var.名前}")
  list = [
    "🎉", 1, true,
  ]
  doc = <<EOT
  line 😀 one
  EOT
}

source "null" "😀" {
  communicator = "none"
}

build {
  sources = ["source.null.😀"]
}
`;

/** The line/character of a code-unit offset, as an LSP client computes it. */
function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The offset of code unit `unit` of the `nth` (0-based) occurrence of `needle`. */
function at(text: string, needle: string, unit: number, nth = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`occurrence ${nth} of ${JSON.stringify(needle)} not found in ${JSON.stringify(text)}`);
  }
  return i + unit;
}

interface Change {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** One step: what the user did, and the changes of one didChange notification (each on the text before it). */
interface Step {
  readonly what: string;
  readonly changes: (text: string) => readonly Change[];
}

const HIGH = '\uD83D';
const LOW = '\uDE00';

const STEPS: readonly Step[] = [
  { what: 'insert between the halves of an emoji in a string', changes: (t) => [{ start: at(t, '😀cd', 1), end: at(t, '😀cd', 1), text: 'Z' }] },
  { what: 'insert CJK between the halves of an emoji in a comment', changes: (t) => [{ start: at(t, '😀 for', 1), end: at(t, '😀 for', 1), text: '中' }] },
  { what: 'delete the high half of an emoji, with references after it on the line', changes: (t) => [{ start: at(t, '😀😀', 0), end: at(t, '😀😀', 1), text: '' }] },
  { what: 'delete the low half of the emoji in a comment', changes: (t) => [{ start: at(t, '🎉\n', 1), end: at(t, '🎉\n', 2), text: '' }] },
  {
    what: 'replace from the middle of one emoji to the middle of one on the next line',
    changes: (t) => [{ start: at(t, '漢字😀', 3), end: at(t, `${LOW}😀 `, 2), text: '"\n  added = "x' }],
  },
  { what: 'insert a newline between the halves of an emoji in a heredoc', changes: (t) => [{ start: at(t, 'line 😀', 6), end: at(t, 'line 😀', 6), text: '\n' }] },
  { what: 'type CJK inside a CJK identifier', changes: (t) => [{ start: at(t, '中文    =', 1), end: at(t, '中文    =', 1), text: '漢字' }] },
  {
    what: 'several changes in one notification, each splitting a pair',
    changes: (t) => {
      const label = at(t, '"😀" {', 2);
      const first: Change = { start: label, end: label, text: '-' };
      const afterFirst = t.slice(0, label) + '-' + t.slice(label);
      const list = at(afterFirst, '"🎉", 1', 1);
      const second: Change = { start: list, end: list + 1, text: '😀' };
      const afterSecond = afterFirst.slice(0, list) + '😀' + afterFirst.slice(list + 1);
      const ref = at(afterSecond, 'null.😀"]', 5);
      return [first, second, { start: ref + 1, end: ref + 2, text: 'ü' }];
    },
  },
  { what: 'delete the low half of the emoji in a block label', changes: (t) => [{ start: at(t, `-${LOW}" {`, 1), end: at(t, `-${LOW}" {`, 2), text: '' }] },
  {
    what: 'rejoin a lone high surrogate with a typed low half',
    changes: (t) => {
      const lone = [...t].findIndex((ch) => ch === HIGH);
      assert.ok(lone >= 0, 'a lone high surrogate is left');
      const offset = [...t].slice(0, lone + 1).join('').length;
      return [{ start: offset, end: offset, text: LOW }];
    },
  },
  { what: 'type an emoji before tokens on a line', changes: (t) => [{ start: at(t, 'communicator', 0), end: at(t, 'communicator', 0), text: '😀 ' }] },
];

function apply(text: string, changes: readonly Change[]): string {
  let out = text;
  for (const c of changes) out = out.slice(0, c.start) + c.text + out.slice(c.end);
  return out;
}

/** The LSP change events for `changes`, each positioned in the text before it. */
function events(text: string, changes: readonly Change[]): TextDocumentContentChangeEvent[] {
  const out: TextDocumentContentChangeEvent[] = [];
  let current = text;
  for (const c of changes) {
    out.push({ range: { start: position(current, c.start), end: position(current, c.end) }, text: c.text });
    current = apply(current, [c]);
  }
  return out;
}

/** Semantic token data after a full/delta answer, from the data it was computed against. */
function applyDelta(previous: readonly number[], answer: SemanticTokens | SemanticTokensDelta): number[] {
  if ('data' in answer) return [...answer.data];
  const data = [...previous];
  for (const e of [...answer.edits].sort((a, b) => b.start - a.start)) data.splice(e.start, e.deleteCount, ...(e.data ?? []));
  return data;
}

const byRange = (a: Diagnostic, b: Diagnostic) =>
  a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || String(a.message).localeCompare(String(b.message));

interface Observed {
  readonly tokens: readonly number[];
  readonly folding: readonly FoldingRange[];
  readonly diagnostics: readonly Diagnostic[];
}

async function observe(c: LspClient, uri: string, version: number): Promise<Observed & { resultId: string | undefined }> {
  const diagnostics = await c.waitForVersion(uri, version);
  const tokens = await c.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
  const folding = await c.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
  return { tokens: tokens.data, folding, diagnostics: [...diagnostics].sort(byRange), resultId: tokens.resultId };
}

/** What a server that never saw the edits reports for `text`. */
async function fresh(uri: string, text: string): Promise<Observed> {
  const c = await LspClient.start({ settings: SETTINGS });
  try {
    await c.open(uri, text);
    const { tokens, folding, diagnostics } = await observe(c, uri, 1);
    return { tokens, folding, diagnostics };
  } finally {
    await c.stop();
  }
}

describe('edits splitting surrogate pairs and around CJK text', () => {
  let c: LspClient;
  let dir: string;
  let uri: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lsp-surrogates-'));
    uri = uriOf(join(dir, 'main.pkr.hcl'));
    c = await LspClient.start({ settings: SETTINGS });
  });
  after(async () => {
    await c.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers like a fresh server after every edit', async () => {
    let text = TEXT;
    await c.open(uri, text);
    let previous = await observe(c, uri, 1);
    assert.deepEqual({ tokens: previous.tokens, folding: previous.folding, diagnostics: previous.diagnostics }, await fresh(uri, text), 'the opened text');
    assert.ok(previous.tokens.length > 100, `${previous.tokens.length / 5} tokens`);
    assert.ok(previous.folding.length >= 4, JSON.stringify(previous.folding));
    let splits = 0;
    for (const step of STEPS) {
      const changes = step.changes(text);
      const version = await c.change(uri, events(text, changes));
      text = apply(text, changes);
      if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) splits++;
      const delta = await c.request<SemanticTokens | SemanticTokensDelta>('textDocument/semanticTokens/full/delta', {
        textDocument: { uri },
        previousResultId: previous.resultId,
      });
      const deltaTokens = applyDelta(previous.tokens, delta);
      const edited = await observe(c, uri, version);
      const expected = await fresh(uri, text);
      const context = `${step.what}\n${JSON.stringify(text)}`;
      assert.deepEqual(deltaTokens, expected.tokens, `semantic tokens (delta): ${context}`);
      assert.deepEqual(edited.tokens, expected.tokens, `semantic tokens: ${context}`);
      assert.deepEqual(edited.folding, expected.folding, `folding ranges: ${context}`);
      assert.deepEqual(edited.diagnostics, expected.diagnostics, `diagnostics: ${context}`);
      previous = edited;
    }
    assert.ok(splits >= 6, `only ${splits} steps left a lone surrogate`);
    assert.ok(c.alive);
  });
});
