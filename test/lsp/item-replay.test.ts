/**
 * Semantic tokens and folding ranges replayed for top-level items whose subtree the incremental re-parse reused
 * (item-replay.ts): after any run of edits, with both asked for after some of them, a document's tokens and
 * folding ranges equal those of a document opened with the same text; and items are replayed rather than walked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentStore, type Document } from '../../server/src/lsp/documents.js';
import { foldingRanges } from '../../server/src/lsp/folding.js';
import { semanticTokens } from '../../server/src/lsp/semantic-tokens.js';
import { TokenData } from '../../server/src/lsp/token-data.js';
import { getHclParser } from '../support/parser.js';
import { prng } from '../support/prng.js';
import { positionAt as position } from '../support/text-edits.js';

const TEXT = `# A template.
variable "region" {
  type    = string
  default = "eu-west-1" # trailing
}

locals {
  name  = "\${var.region}-\${upper("app")}"
  sizes = [for s in [1, 2, 3] : s * 2 if s > 1]
  doc   = <<EOT
hello \${local.name}
EOT
}
/* a block
   comment */
top = true # one
# run of
# line comments
obj = {
  a = [
    1,
  ]
}

source "null" "main" {
  communicator = "none"
}

build {
  sources = ["source.null.main"]
}
# the end
`;
const TYPING = ['x', 'ab', '1', ' ', '  ', '\n', '"', '{', '}', '${', '# c', '/*', '*/', 'local.', ''];

function tokensOf(doc: Document): { data: number[]; replayed: number } {
  const sink = new TokenData();
  const replayed = semanticTokens(doc, sink);
  return { data: Array.from(sink.values), replayed };
}

test('tokens and folding ranges with items replayed equal those of a freshly opened document, through any edits', async () => {
  const parser = await getHclParser();
  let requests = 0;
  let replayed = 0;
  for (let run = 0; run < 16; run++) {
    const random = prng(9100 + run);
    let text = TEXT;
    const store = new DocumentStore(parser);
    const uri = 'file:///tokens/main.pkr.hcl';
    const doc = store.open(uri, text, 1);
    tokensOf(doc);
    for (let step = 0; step < 40; step++) {
      // Mostly typing at one place, at times anywhere, at times a line start (items moving sideways).
      const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)];
      const r = random();
      const start = r < 0.15 ? lineStarts[Math.floor(random() * lineStarts.length)]! : Math.floor(random() * (text.length + 1));
      const end = Math.min(text.length, start + (random() < 0.75 ? 0 : Math.floor(random() * 4)));
      const inserted = TYPING[Math.floor(random() * TYPING.length)]!;
      store.change(uri, [{ range: { start: position(text, start), end: position(text, end) }, text: inserted }], step + 2);
      text = text.slice(0, start) + inserted + text.slice(end);
      if (random() < 0.3) continue;
      // As the server does when it analysed the edit first: the tree is then parsed on its own, incrementally,
      // also in a file with errors (HclParser.parseTree).
      if (random() < 0.6) void doc.model;
      const fresh = new DocumentStore(parser).open(uri, text, 1);
      const got = tokensOf(doc);
      assert.deepEqual(got.data, tokensOf(fresh).data, `run ${run} step ${step}: ${JSON.stringify(text)}`);
      assert.deepEqual(foldingRanges(doc), foldingRanges(fresh), `run ${run} step ${step} (folding): ${JSON.stringify(text)}`);
      const broken = fresh.model.diagnostics.length > 0;
      fresh.dispose();
      requests++;
      replayed += got.replayed;
      // A broken file stays broken under more typing; often the whole text is set back (as a client may send
      // it), and the next tree is parsed afresh.
      if (broken && random() < 0.5) {
        text = TEXT;
        store.change(uri, [{ text }], step + 2);
      }
    }
    store.close(uri);
  }
  assert.ok(replayed > requests / 4, `${replayed} items replayed over ${requests} requests`);
});

test('a range request and a request on a fresh tree walk everything; folding over a replayed tree is the same', async () => {
  const parser = await getHclParser();
  const store = new DocumentStore(parser);
  const doc = store.open('file:///tokens/range.pkr.hcl', TEXT, 1);
  assert.equal(tokensOf(doc).replayed, 0, 'nothing to replay on the first request');
  assert.ok(tokensOf(doc).replayed >= 5, 'the same tree again: every item replayed');
  const range = new TokenData();
  assert.equal(semanticTokens(doc, range, { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } }), 0);
  assert.deepEqual(Array.from(range.values), tokensOf(doc).data.slice(0, range.values.length));
  const folds = foldingRanges(doc);
  assert.ok(folds.length >= 8, JSON.stringify(folds));
  assert.deepEqual(foldingRanges(doc), folds, 'the same tree again, replayed');
  store.change(doc.uri, [{ text: TEXT }], 2);
  assert.equal(tokensOf(doc).replayed, 0, 'a tree parsed from scratch may reuse addresses of freed subtrees');
  store.close(doc.uri);
});
