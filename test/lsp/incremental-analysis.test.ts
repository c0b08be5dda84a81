/**
 * The language server's analysis reuses work across edits (incrementally re-parsed documents, per-file symbol
 * index parts, per-block traversals) and drops the syntax of documents it has not needed lately. Property: after any sequence of edits the analysis it serves equals an
 * analysis of the same texts from scratch (fresh documents, nothing cached), so a cache can never hand out stale
 * diagnostics, symbols or model. Runs on real templates: the LSP fixture and Packer's own test data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HclParser } from '../../server/src/hcl/parse.js';
import { LineIndex } from '../../server/src/hcl/text.js';
import { analyze, type Analysis } from '../../server/src/lsp/analysis.js';
import { DocumentStore } from '../../server/src/lsp/documents.js';
import { inspect } from '../../server/src/lsp/inspect.js';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings.js';
import { Workspace } from '../../server/src/lsp/workspace.js';
import { getHclParser } from '../support/parser.js';

const CONFORMANCE = join(import.meta.dirname, '..', 'fixtures', 'conformance', 'packer');
const FIXTURES = [
  join(import.meta.dirname, 'fixtures', 'multi'),
  join(CONFORMANCE, 'hcl2template', 'testdata', 'complete'),
  join(CONFORMANCE, 'hcl2template', 'testdata', 'variables', 'complicated'),
  join(CONFORMANCE, 'hcl2template', 'testdata', 'build'),
  join(CONFORMANCE, 'hcl2template', 'testdata', 'datasources'),
];
const EDITS_PER_FIXTURE = 40;
const ENV = {};

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Everything a client can observe from an analysis, as plain data (AST nodes by their ranges). */
function observable(a: Analysis): unknown {
  const plain = (v: unknown): unknown =>
    JSON.parse(JSON.stringify(v, (key, value: unknown) => (key === 'block' && value && typeof value === 'object' ? (value as { range: unknown }).range : value)));
  return {
    diagnostics: plain(a.diagnostics),
    declarations: plain(a.index.declarations),
    references: plain(a.index.references),
    traversals: plain([...a.index.traversals]),
    inspect: plain(inspect(a)),
  };
}

/** A random edit: typing, deleting, breaking and closing syntax, or moving a piece of the file elsewhere. */
function randomEdit(text: string, random: () => number): { start: number; end: number; newText: string } {
  const at = Math.floor(random() * (text.length + 1));
  const pick = random();
  if (pick < 0.35) {
    const snippets = ['x', '1', '\n', ' ', '"', '}', '{', '${', 'var.', 'local.', ' = ', '#', '[', ']', '(', 'variable "v" {\n}\n', 'locals {\n  y = var.x\n}\n'];
    return { start: at, end: at, newText: snippets[Math.floor(random() * snippets.length)]! };
  }
  if (pick < 0.7) return { start: at, end: Math.min(text.length, at + 1 + Math.floor(random() * 12)), newText: '' };
  const from = Math.floor(random() * text.length);
  const piece = text.slice(from, from + 1 + Math.floor(random() * 80));
  return { start: at, end: Math.min(text.length, at + Math.floor(random() * 3)), newText: piece };
}

/**
 * The same template from scratch: a copy in another directory (so no cache keyed by path or URI can answer),
 * a fresh document store and workspace; paths are mapped back before comparing.
 */
function freshAnalysis(parser: HclParser, dir: string, edited: string, text: string): unknown {
  const copy = mkdtempSync(join(tmpdir(), 'lsp-scratch-'));
  try {
    cpSync(dir, copy, { recursive: true });
    writeFileSync(join(copy, edited), text);
    const docs = new DocumentStore(parser);
    const uri = pathToFileURL(join(copy, edited)).href;
    docs.open(uri, text, 1);
    const a = observable(analyze(new Workspace(docs, parser).templateFor(uri, []), parser, DEFAULT_SETTINGS, ENV));
    return JSON.parse(JSON.stringify(a).replaceAll(pathToFileURL(copy).href, pathToFileURL(dir).href).replaceAll(copy, dir));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

test('incremental analysis after random edit sequences equals analysis from scratch', async () => {
  const parser = await getHclParser();
  let compared = 0;
  for (const [n, fixture] of FIXTURES.entries()) {
    const dir = mkdtempSync(join(tmpdir(), 'lsp-incremental-'));
    try {
      cpSync(fixture, dir, { recursive: true });
      const configs = readdirSync(dir).filter((f) => f.endsWith('.pkr.hcl')).sort();
      assert.ok(configs.length > 0, fixture);
      const random = seeded(1000 + n);
      const edited = configs[Math.floor(random() * configs.length)]!;
      // A second file open in the editor but never edited (read from disk by the fresh run): its cached parts
      // must survive the other file's edits.
      const bystander = configs.find((f) => f !== edited);
      const docs = new DocumentStore(parser);
      const workspace = new Workspace(docs, parser);
      const uri = pathToFileURL(join(dir, edited)).href;
      let text = readFileSync(join(dir, edited), 'utf8');
      docs.open(uri, text, 1);
      if (bystander) docs.open(pathToFileURL(join(dir, bystander)).href, readFileSync(join(dir, bystander), 'utf8'), 1);
      for (let version = 2; version < 2 + EDITS_PER_FIXTURE; version++) {
        const edit = randomEdit(text, random);
        const lines = new LineIndex(text);
        const range = { start: lines.position(edit.start), end: lines.position(edit.end) };
        docs.change(uri, [{ range: { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } }, text: edit.newText }], version);
        text = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
        // The server drops the syntax of templates nobody works on; the next analysis parses them afresh.
        if (random() < 0.1) docs.get(uri)!.releaseModel();
        if (bystander && random() < 0.1) docs.get(pathToFileURL(join(dir, bystander)).href)!.releaseModel();
        // A feature reading the tree (semantic tokens, folding) re-parses the whole text, reusing the items of the
        // previous tree, which the model's edits may have moved since.
        if (random() < 0.3) void docs.get(uri)!.parsed;
        // Not every version is analysed, like keystrokes arriving faster than the debounce.
        if (random() < 0.3) continue;
        const incremental = analyze(workspace.templateFor(uri, []), parser, DEFAULT_SETTINGS, ENV);
        const scratch = freshAnalysis(parser, dir, edited, text);
        assert.deepEqual(observable(incremental), scratch, `${fixture} ${edited} v${version}\n${text}`);
        compared++;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  assert.ok(compared > FIXTURES.length * 20, `only ${compared} comparisons`);
});

/** A directory of two config files and an auto var file, edited by script: each step touches what a cache keys on. */
const SCENARIO: Record<string, string> = {
  'main.pkr.hcl': `variable "name" {
  default = "a"
  validation {
    condition     = length(var.name) < 3
    error_message = "The name must be short."
  }
}

locals {
  greeting = "hi-\${var.name}-\${local.other}"
  broken   = upper(1, 2)
  missing  = var.nope
  chained  = local.greeting
  content  = file("\${path.root}/data.txt")
  encoded  = filebase64("\${path.root}/data.txt")
  hashed   = sha256(trimspace(file("\${path.root}/data.txt")))
}

source "null" "x" {
  communicator = "none"
}

source "null" "y" {
  communicator = local.greeting
}

build {
  sources = ["source.null.x", "source.null.y"]
}
`,
  'other.pkr.hcl': `locals {
  other = "o"
}
`,
  'values.auto.pkrvars.hcl': `name = "b"
`,
  // Read by file(): not a template file, so only written to disk.
  'data.txt': 'one',
};

type Step = readonly [file: string, find: string, replace: string];
const STEPS: readonly Step[] = [
  // Everything below moves by a line: cached diagnostics (broken, missing, y) must move with their blocks.
  ['main.pkr.hcl', 'variable "name" {', '\nvariable "name" {'],
  // Within one line: the items below keep their positions and are reused as they are.
  ['main.pkr.hcl', 'default = "a"', 'default = "aa"'],
  // The var file changes the value every dependent local and check reads; the validation now fails.
  ['values.auto.pkrvars.hcl', 'name = "b"', 'name = "bbbb"'],
  // Another file changes a local the first file's locals read.
  ['other.pkr.hcl', 'other = "o"', 'other = "none"'],
  // Renaming the variable: its references become undeclared.
  ['main.pkr.hcl', 'variable "name" {', 'variable "nam" {'],
  ['main.pkr.hcl', 'variable "nam" {', 'variable "name" {'],
  // A block added above and one removed: the rest moves both ways.
  ['main.pkr.hcl', 'locals {\n  greeting', 'locals {\n  added = 1\n}\n\nlocals {\n  greeting'],
  ['main.pkr.hcl', 'source "null" "x" {\n  communicator = "none"\n}\n', ''],
  ['main.pkr.hcl', '"source.null.x", ', ''],
  // The broken local is fixed, then broken again further down.
  ['main.pkr.hcl', 'upper(1, 2)', 'upper("x")'],
  ['main.pkr.hcl', 'chained  = local.greeting', 'chained  = local.greting'],
  ['values.auto.pkrvars.hcl', 'name = "bbbb"', 'name = "c"\nnope = 1'],
  // The template is unchanged but what a function reads is not: such expressions are never remembered.
  ['data.txt', 'one', 'two'],
  ['main.pkr.hcl', '\nvariable "name" {', 'variable "name" {'],
];

test('scripted edits across files, var files and moved blocks equal analysis from scratch', async () => {
  const parser = await getHclParser();
  const dir = mkdtempSync(join(tmpdir(), 'lsp-incremental-scenario-'));
  try {
    const texts = new Map(Object.entries(SCENARIO));
    for (const [name, text] of texts) writeFileSync(join(dir, name), text);
    const docs = new DocumentStore(parser);
    const workspace = new Workspace(docs, parser);
    const uriOf = (name: string) => pathToFileURL(join(dir, name)).href;
    const isDoc = (name: string) => name.endsWith('.hcl');
    for (const [name, text] of texts) if (isDoc(name)) docs.open(uriOf(name), text, 1);
    const main = uriOf('main.pkr.hcl');
    const first = analyze(workspace.templateFor(main, []), parser, DEFAULT_SETTINGS, ENV);
    assert.ok(first.diagnostics.length >= 2, JSON.stringify(first.diagnostics.map((d) => d.summary)));
    for (const [i, [name, find, replace]] of STEPS.entries()) {
      const text = texts.get(name)!;
      const at = text.indexOf(find);
      assert.ok(at >= 0, `step ${i}: ${find}`);
      const lines = new LineIndex(text);
      const start = lines.position(at);
      const end = lines.position(at + find.length);
      if (isDoc(name)) docs.change(uriOf(name), [{ range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } }, text: replace }], i + 2);
      const next = text.slice(0, at) + replace + text.slice(at + find.length);
      texts.set(name, next);
      writeFileSync(join(dir, name), next);
      const incremental = analyze(workspace.templateFor(main, []), parser, DEFAULT_SETTINGS, ENV);
      const opened = isDoc(name) ? name : 'main.pkr.hcl';
      assert.deepEqual(observable(incremental), freshAnalysis(parser, dir, opened, texts.get(opened)!), `step ${i}: ${name}\n${next}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
