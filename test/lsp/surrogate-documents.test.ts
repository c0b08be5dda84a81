/**
 * Documents under random edits that mostly land between the two halves of surrogate pairs, or insert lone halves,
 * CJK and emoji, with LF and CRLF line ends. Property: after any sequence of changes (several queued before one
 * incremental re-parse), a document's text, tree-sitter tree (node types and positions), syntax model,
 * diagnostics, semantic tokens and folding ranges equal those of a document opened with the client's text.
 * The protocol-level twin is surrogate-edits.test.ts; this one runs many more edits in process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SemanticTokensBuilder } from 'vscode-languageserver';
import { DocumentStore, type Document } from '../../server/src/lsp/documents.js';
import { foldingRanges } from '../../server/src/lsp/folding.js';
import { semanticTokens } from '../../server/src/lsp/semantic-tokens.js';
import { getHclParser } from '../support/parser.js';
import { prng } from '../support/prng.js';

const TEXT = `# 💥 comment 🎉 中文
locals {
  a    = "x😀y"
  中文 = upper("中文😀 \${local.a}")
  c    = <<EOT
  héllo 😀😀
  EOT
}

source "null" "😀" {
  communicator = "none"
}
`;
const SNIPPETS = ['Z', '中', '😀', '\uD83D', '\uDE00', '"', '\n', '\r\n', '}', ' ', '${', 'x = 1\n', '# c\n', ''];
const RUNS = 24;
const EDITS = 30;

function tokens(doc: Document): number[] {
  const b = new SemanticTokensBuilder();
  semanticTokens(doc, b);
  return b.build().data;
}

/** Every node of the tree with its type and positions, in document order. */
function treeNodes(doc: Document): string[] {
  const out: string[] = [];
  const c = doc.parsed.tree.walk();
  try {
    const visit = (): void => {
      out.push(`${c.nodeType}@${c.startIndex}-${c.endIndex}:${c.startPosition.row},${c.startPosition.column}-${c.endPosition.row},${c.endPosition.column}`);
      if (c.gotoFirstChild()) {
        do visit();
        while (c.gotoNextSibling());
        c.gotoParent();
      }
    };
    visit();
  } finally {
    c.delete();
  }
  return out;
}

function observable(doc: Document): unknown {
  return {
    text: doc.text,
    tree: treeNodes(doc),
    model: JSON.parse(JSON.stringify(doc.parsed.ast)) as unknown,
    diagnostics: doc.parsed.diagnostics,
    tokens: tokens(doc),
    folding: foldingRanges(doc),
  };
}

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

test('random edits splitting surrogate pairs leave documents equal to freshly opened ones', async () => {
  const parser = await getHclParser();
  let compared = 0;
  let lone = 0;
  for (let run = 0; run < RUNS; run++) {
    const random = prng(4000 + run);
    let text = run % 2 === 0 ? TEXT : TEXT.replaceAll('\n', '\r\n');
    const store = new DocumentStore(parser);
    const uri = 'file:///surrogates/main.pkr.hcl';
    const doc = store.open(uri, text, 1);
    tokens(doc);
    for (let step = 0; step < EDITS; step++) {
      const lows: number[] = [];
      for (let i = 1; i < text.length; i++) if (/[\uDC00-\uDFFF]/.test(text[i]!)) lows.push(i);
      const start = lows.length > 0 && random() < 0.6 ? lows[Math.floor(random() * lows.length)]! : Math.floor(random() * (text.length + 1));
      const end = Math.min(text.length, start + (random() < 0.5 ? 0 : Math.floor(random() * 4)));
      const inserted = SNIPPETS[Math.floor(random() * SNIPPETS.length)]!;
      store.change(uri, [{ range: { start: position(text, start), end: position(text, end) }, text: inserted }], step + 2);
      text = text.slice(0, start) + inserted + text.slice(end);
      // Some changes queue up and reach the parser together.
      if (random() < 0.4) continue;
      if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) lone++;
      const fresh = new DocumentStore(parser).open(uri, text, 1);
      assert.deepEqual(observable(doc), observable(fresh), `run ${run} step ${step}: ${JSON.stringify(text)}`);
      fresh.dispose();
      compared++;
    }
    store.close(uri);
  }
  assert.ok(compared > RUNS * EDITS * 0.4, `only ${compared} comparisons`);
  assert.ok(lone > compared / 2, `only ${lone} of ${compared} texts held a lone surrogate`);
});
