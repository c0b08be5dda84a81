/**
 * Documents whose syntax model is updated item by item (HclParser.editModel) while their tree waits for the next
 * request that reads it. Property: after any run of typing, with the model read after some keystrokes and the
 * tree after others, the model, diagnostics, tree, semantic tokens and folding ranges equal those of a document
 * opened with the same text; and most keystrokes inside values never re-parse the whole text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SemanticTokensBuilder } from 'vscode-languageserver';
import { DocumentStore, type Document } from '../../server/src/lsp/documents.js';
import { foldingRanges } from '../../server/src/lsp/folding.js';
import { semanticTokens } from '../../server/src/lsp/semantic-tokens.js';
import type { HclParser } from '../../server/src/hcl/parse.js';
import { getHclParser } from '../support/parser.js';
import { prng } from '../support/prng.js';
import { positionAt as position } from '../support/text-edits.js';

const TEXT = `variable "region" {
  type    = string
  default = "eu-west-1"
}

locals {
  name  = "\${var.region}-\${upper("app")}"
  sizes = [1, 2, 3]
  doc   = <<EOT
hello \${local.name}
EOT
}

source "null" "main" {
  communicator = "none"
}

build {
  sources = ["source.null.main"]
}
`;
const TYPING = ['x', 'ab', '1', ' ', '-', '😀', '\n', '"', '{', '}', '${', '# c'];
const RUNS = 20;
const STEPS = 40;

/**
 * The parser, counting whole-text parses (of the tree and the model, or of the tree alone for a model kept up to
 * date: `treeParses`) and item edits the documents ask it for.
 */
function countingParser(parser: HclParser): { parser: HclParser; counts: { parses: number; freshParses: number; treeParses: number; itemEdits: number } } {
  const counts = { parses: 0, freshParses: 0, treeParses: 0, itemEdits: 0 };
  const facade = Object.create(parser) as HclParser;
  facade.parse = (...args) => {
    counts.parses++;
    if (!args[2]) counts.freshParses++;
    return parser.parse(...args);
  };
  facade.parseTree = (...args) => {
    counts.parses++;
    counts.treeParses++;
    if (!args[1]) counts.freshParses++;
    return parser.parseTree(...args);
  };
  facade.editModel = (...args) => {
    const edited = parser.editModel(...args);
    if (edited) counts.itemEdits++;
    return edited;
  };
  return { parser: facade, counts };
}

/**
 * Pastes the text from the source block to the start of the build block over itself: a change spanning two items,
 * which the model cannot take item by item. The text stays `text`.
 */
function pasteOverTwoItems(store: DocumentStore, uri: string, text: string, version: number): void {
  const start = text.indexOf('source "null"');
  const end = text.indexOf('build {') + 'build {'.length;
  store.change(uri, [{ range: { start: position(text, start), end: position(text, end) }, text: text.slice(start, end) }], version);
}

function modelOf(doc: Document): unknown {
  return { ast: JSON.parse(JSON.stringify(doc.model.ast)) as unknown, diagnostics: doc.model.diagnostics, lines: doc.lines.lineCount };
}

function treeFeatures(doc: Document): unknown {
  const b = new SemanticTokensBuilder();
  semanticTokens(doc, b);
  return { tree: doc.parsed.tree.rootNode.toString(), diagnostics: doc.parsed.diagnostics, tokens: b.build().data, folding: foldingRanges(doc) };
}

test('typing with the model and the tree read in turn leaves documents equal to freshly opened ones', async () => {
  const { parser, counts } = countingParser(await getHclParser());
  const plain = await getHclParser();
  let keystrokes = 0;
  for (let run = 0; run < RUNS; run++) {
    const random = prng(7100 + run);
    let text = TEXT;
    const store = new DocumentStore(parser);
    const uri = 'file:///typing/main.pkr.hcl';
    const doc = store.open(uri, text, 1);
    void doc.model;
    for (let step = 0; step < STEPS; step++) {
      // Mostly inside the values on the lines of the variable and the locals, where typing keeps the file clean.
      const values = [...text.matchAll(/"[^"\n]*"|\b\d+\b/g)].flatMap((m) => [m.index + 1, m.index + m[0].length - 1]);
      const start = random() < 0.8 && values.length > 0 ? values[Math.floor(random() * values.length)]! : Math.floor(random() * (text.length + 1));
      const end = Math.min(text.length, start + (random() < 0.7 ? 0 : 1));
      const inserted = random() < 0.85 ? TYPING[Math.floor(random() * 6)]! : TYPING[Math.floor(random() * TYPING.length)]!;
      store.change(uri, [{ range: { start: position(text, start), end: position(text, end) }, text: inserted }], step + 2);
      text = text.slice(0, start) + inserted + text.slice(end);
      keystrokes++;
      const fresh = new DocumentStore(plain).open(uri, text, 1);
      // Keystrokes queue up sometimes; the model is read after most, the tree after some.
      const read = random();
      if (read < 0.7) assert.deepEqual(modelOf(doc), modelOf(fresh), `run ${run} step ${step}: ${JSON.stringify(text)}`);
      if (read > 0.85) assert.deepEqual(treeFeatures(doc), treeFeatures(fresh), `run ${run} step ${step} (tree): ${JSON.stringify(text)}`);
      const broken = fresh.model.diagnostics.length > 0;
      fresh.dispose();
      // A broken file stays broken under more typing; often the whole text is replaced (as a client may).
      if (broken && random() < 0.5) {
        text = TEXT;
        store.change(uri, [{ text }], step + 2);
      }
    }
    assert.deepEqual(modelOf(doc), modelOf(new DocumentStore(plain).open(uri, text, 1)));
    store.close(uri);
  }
  assert.ok(counts.itemEdits > keystrokes * 0.2, `only ${counts.itemEdits} of ${keystrokes} keystrokes re-parsed one item`);
  assert.ok(counts.parses < keystrokes, `${counts.parses} whole-text parses for ${keystrokes} keystrokes`);
});

test('a long run of keystrokes with no tree request frees the tree; the next request parses afresh, correctly', async () => {
  const { parser, counts } = countingParser(await getHclParser());
  const store = new DocumentStore(parser);
  const uri = 'file:///typing/long.pkr.hcl';
  const doc = store.open(uri, TEXT, 1);
  void doc.parsed;
  let text = TEXT;
  const at = TEXT.indexOf('eu-west-1') + 2;
  for (let i = 0; i < 100; i++) {
    const inserted = String.fromCharCode(97 + (i % 26));
    store.change(uri, [{ range: { start: position(text, at), end: position(text, at) }, text: inserted }], i + 2);
    text = text.slice(0, at) + inserted + text.slice(at);
    void doc.model;
  }
  assert.equal(counts.itemEdits, 100);
  assert.equal(counts.parses, 1, 'no whole-text parse after the open');
  const fresh = new DocumentStore(await getHclParser()).open(uri, text, 1);
  assert.deepEqual(treeFeatures(doc), treeFeatures(fresh));
  assert.equal(counts.parses, 2);
  assert.deepEqual(modelOf(doc), modelOf(fresh));
  store.close(uri);
});

test('a document only opened and analysed keeps no tree; one asked for its tree or edited keeps it', async () => {
  const { parser, counts } = countingParser(await getHclParser());
  const store = new DocumentStore(parser);
  // Opened and analysed: the tree made for the model is freed at once, so a tree request parses again.
  const analysed = store.open('file:///trees/analysed.pkr.hcl', TEXT, 1);
  void analysed.model;
  assert.deepEqual(counts, { parses: 1, freshParses: 1, treeParses: 0, itemEdits: 0 });
  void analysed.parsed;
  assert.equal(counts.freshParses, 2, 'the tree was freed after the first analysis');
  assert.equal(counts.treeParses, 1, 'the model stands: only the tree is parsed');
  void analysed.model;
  void analysed.parsed;
  assert.equal(counts.parses, 2, 'a tree asked for is kept');
  // Asked for its tree first: the same parse serves the model.
  const shown = store.open('file:///trees/shown.pkr.hcl', TEXT, 1);
  void shown.parsed;
  void shown.model;
  assert.equal(counts.parses, 3);
  // As many documents hold trees as are kept (the shown one the oldest), then more are only analysed: their
  // trees, freed at once, do not push the shown one's out.
  const holders = Array.from({ length: 3 }, (_, i) => store.open(`file:///trees/holder-${i}.pkr.hcl`, TEXT, 1));
  for (const holder of holders) void holder.parsed;
  const others = Array.from({ length: 3 }, (_, i) => store.open(`file:///trees/other-${i}.pkr.hcl`, TEXT, 1));
  for (const other of others) void other.model;
  void shown.parsed;
  assert.equal(counts.parses, 9, 'no parse for the shown document');
  for (const doc of [...holders, ...others]) store.close(doc.uri);
  // Edited: a change the model cannot take item by item (one spanning two items, as a paste over both) parses
  // the text; from then on the tree is kept and the next such change re-parses it incrementally.
  const edited = store.open('file:///trees/edited.pkr.hcl', TEXT, 1);
  void edited.model;
  for (const version of [2, 3]) {
    pasteOverTwoItems(store, edited.uri, TEXT, version);
    void edited.model;
  }
  assert.deepEqual(counts, { parses: 12, freshParses: 11, treeParses: 1, itemEdits: 0 });
  assert.deepEqual(modelOf(edited), modelOf(new DocumentStore(await getHclParser()).open(edited.uri, TEXT, 1)));
  for (const doc of [analysed, shown, edited]) store.close(doc.uri);
});

test('a tree parsed for a model kept up to date is only parsed, and the next whole parse from it reuses the model\'s items', async () => {
  const { parser, counts } = countingParser(await getHclParser());
  const store = new DocumentStore(parser);
  const uri = 'file:///trees/reuse.pkr.hcl';
  const doc = store.open(uri, TEXT, 1);
  void doc.parsed;
  // Typing in a value: the model takes the edit item by item, and the tree request parses the tree alone.
  const at = TEXT.indexOf('eu-west-1');
  store.change(uri, [{ range: { start: position(TEXT, at), end: position(TEXT, at) }, text: 'x' }], 2);
  const text = TEXT.slice(0, at) + 'x' + TEXT.slice(at);
  const model = doc.model;
  assert.equal(doc.parsed.ast, model.ast);
  assert.deepEqual(counts, { parses: 2, freshParses: 1, treeParses: 1, itemEdits: 1 });
  // A change spanning two items (a paste over both) needs a whole parse: from that tree, it reuses the items it
  // did not touch, the model's own objects.
  pasteOverTwoItems(store, uri, text, 3);
  const next = doc.model;
  assert.equal(counts.parses, 3);
  assert.equal(next.ast.body.items[0], model.ast.body.items[0], 'the variable block is the model\'s');
  assert.equal(next.ast.body.items[1], model.ast.body.items[1], 'the locals block is the model\'s');
  assert.deepEqual(modelOf(doc), modelOf(new DocumentStore(await getHclParser()).open(uri, text, 1)));
  store.close(uri);
});

test('in a file with errors, the tree parsed on its own from the last one (for a model kept up to date) equals a fresh parse\'s', async () => {
  const parser = await getHclParser();
  let incrementalWithErrors = 0;
  const facade = Object.create(parser) as HclParser;
  facade.parseTree = (model, previous) => {
    const parsed = parser.parseTree(model, previous);
    if (previous && parsed.tree.rootNode.hasError) incrementalWithErrors++;
    return parsed;
  };
  const base = readFileSync(join(import.meta.dirname, 'fixtures', 'multi', 'main.pkr.hcl'), 'utf8');
  const typing = [...TYPING, '[', ']', '(', '= ', '<<EOT\n', 'EOT\n', '/*', '*/'];
  for (let run = 0; run < 20; run++) {
    const random = prng(5100 + run);
    let text = base;
    const store = new DocumentStore(facade);
    const uri = 'file:///errors/main.pkr.hcl';
    const doc = store.open(uri, text, 1);
    void doc.parsed;
    for (let step = 0; step < 40; step++) {
      const start = Math.floor(random() * (text.length + 1));
      const end = Math.min(text.length, start + (random() < 0.75 ? 0 : Math.floor(random() * 4)));
      const inserted = typing[Math.floor(random() * typing.length)]!;
      store.change(uri, [{ range: { start: position(text, start), end: position(text, end) }, text: inserted }], step + 2);
      text = text.slice(0, start) + inserted + text.slice(end);
      void doc.model;
      const fresh = parser.parse(text, doc.file);
      assert.equal(doc.parsed.tree.rootNode.toString(), fresh.tree.rootNode.toString(), `run ${run} step ${step}: ${JSON.stringify(text)}`);
      fresh.tree.delete();
    }
    store.close(uri);
  }
  assert.ok(incrementalWithErrors > 200, `only ${incrementalWithErrors} incremental trees with errors`);
});

test('typing in a file with a syntax error, in the broken item and in another one, never parses the whole text', async () => {
  const { parser, counts } = countingParser(await getHclParser());
  const plain = await getHclParser();
  const store = new DocumentStore(parser);
  const uri = 'file:///typing/broken.pkr.hcl';
  // More items below: a part to parse again that is most of the file is parsed with the file.
  const more = Array.from({ length: 20 }, (_, i) => `source "null" "m${i}" {\n  communicator = "none"\n}\n`).join('\n');
  // After the heredoc: errors with a heredoc after them are read from the whole text (see syntax/edit-model.ts).
  let text = TEXT.replace('EOT\n}', 'EOT\n  zz = 1 +\n}') + '\n' + more;
  const doc = store.open(uri, text, 1);
  assert.ok(doc.model.diagnostics.length > 0, 'the file has a syntax error');
  for (let i = 0; i < 60; i++) {
    // In the broken argument's name, then in a value of the variable above it.
    const at = i % 2 === 0 ? text.indexOf('zz = 1 +') + 1 : text.indexOf('eu-west-1') + 2;
    const inserted = String.fromCharCode(97 + (i % 26));
    store.change(uri, [{ range: { start: position(text, at), end: position(text, at) }, text: inserted }], i + 2);
    text = text.slice(0, at) + inserted + text.slice(at);
    const fresh = new DocumentStore(plain).open(uri, text, 1);
    assert.deepEqual(modelOf(doc), modelOf(fresh), `keystroke ${i}`);
    assert.ok(fresh.model.diagnostics.length > 0);
    fresh.dispose();
  }
  assert.equal(counts.itemEdits, 60);
  assert.equal(counts.parses, 1, 'no whole-text parse after the open');
  store.close(uri);
});
