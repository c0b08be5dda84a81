/**
 * Language features of issue 4 on a template directory with a data source, file functions and an auto var file,
 * for what language-features.test.ts does not reach: `data.`/`source.`/`build.`/`packer.` completion, bool values,
 * links from `file()`, `templatefile()` and a file provisioner's `source`, folding of object literals, ranges in
 * `packer/inspect` and `packer/buildTargets`, data-source navigation and rename, rename started in a var file,
 * declaring a variable whose type is inferred from its var-file value, and semantic-token deltas after an edit.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  CodeAction,
  CompletionItem,
  DocumentLink,
  FoldingRange,
  Hover,
  Location,
  Range,
  SemanticTokens,
  SemanticTokensDelta,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import type { BuildTargetsResult, InspectResult } from '../../server/src/lsp/protocol.js';
import { applyEdits, LspClient, positionOf, textOf, uriOf } from './harness.js';

const MAIN = `data "null" "ids" {
  input = "abc"
}

locals {
  id = data.null.ids.output
  conf = {
    a = 1
    b = 2
  }
  f = file("files/a.txt")
  t = templatefile("files/t.tpl", { x = 1 })
}

source "null" "one" {
  communicator = "none"
}

build {
  name    = "b"
  sources = ["source.null.one"]

  provisioner "file" {
    source      = "files/a.txt"
    destination = "/tmp/a.txt"
  }

  provisioner "shell-local" {
    inline = ["echo \${source.name} \${build.ID} \${packer.version} \${var.ports}"]
  }
}
`;
const VARS = 'variable "region" {\n  default = "eu"\n}\n';
const AUTO = 'ports = [80, 443]\nregion = "us"\n';

const span = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const labels = (items: readonly CompletionItem[]) => items.map((i) => i.label);

describe('template features', () => {
  let c: LspClient;
  let dir: string;
  let main: string;
  const file = (name: string) => uriOf(join(dir, name));
  const texts = new Map<string, string>();
  const edited = (edit: WorkspaceEdit) => new Map(Object.entries(edit.changes ?? {}).map(([u, es]) => [u.split('/').pop()!, applyEdits(texts.get(u)!, es)]));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lsp-template-'));
    mkdirSync(join(dir, 'files'));
    writeFileSync(join(dir, 'files/a.txt'), 'hello\n');
    writeFileSync(join(dir, 'files/t.tpl'), 'x=${x}\n');
    for (const [name, text] of [['main.pkr.hcl', MAIN], ['variables.pkr.hcl', VARS], ['values.auto.pkrvars.hcl', AUTO]] as const) {
      writeFileSync(join(dir, name), text);
      texts.set(uriOf(join(dir, name)), text);
    }
    main = file('main.pkr.hcl');
    c = await LspClient.start({ settings: { packer: { diagnosticsDelay: 0 } } });
    await c.open(main, MAIN);
    await c.waitForVersion(main, 1);
  });
  after(async () => {
    await c.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const completeAt = (needle: string, delta: number) => c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: main }, position: positionOf(MAIN, needle, delta) });

  it('completes data., data.TYPE., source., build. and packer. references', async () => {
    const data = await completeAt('data.null', 5);
    assert.deepEqual(data.map((i) => [i.label, i.detail]), [['null', 'data source type']]);
    assert.deepEqual(labels(await completeAt('data.null.ids', 10)), ['ids']);
    assert.deepEqual(labels(await completeAt('source.name', 7)).sort(), ['name', 'type']);
    const build = labels(await completeAt('build.ID', 6));
    for (const k of ['name', 'ID', 'Host', 'Port', 'User', 'PackerRunUUID', 'SSHPrivateKey']) assert.ok(build.includes(k), k);
    assert.deepEqual(labels(await completeAt('packer.version', 7)).sort(), ['iterationID', 'version', 'versionFingerprint']);
  });

  it('hovers the type label of a component block with the component documentation', async () => {
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: main }, position: positionOf(MAIN, 'file" {', 1) });
    assert.ok(h, 'a hover on the label');
    assert.match((h.contents as { value: string }).value, /^\*\*provisioner\*\* `file`\n\nUploads files/);
    assert.deepEqual(h.range, { start: positionOf(MAIN, 'file" {'), end: positionOf(MAIN, 'file" {', 4) });
    const uri = 'untitled:unknown-label';
    await c.open(uri, 'build {\n  provisioner "nope" {\n  }\n}\n');
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 16 } }), null);
    await c.close(uri);
  });

  it('offers the shipped data source types for a data block label', async () => {
    const uri = 'untitled:data-label';
    await c.open(uri, 'data "" {\n}\n');
    const items = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 6 } });
    assert.deepEqual(labels(items), ['http', 'null']);
    await c.close(uri);
  });

  it('offers true and false for a bool attribute value', async () => {
    const uri = 'untitled:bool-value';
    const text = 'variable "v" {\n  sensitive = \n}\n';
    await c.open(uri, text);
    const items = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 14 } });
    assert.ok(labels(items).includes('true') && labels(items).includes('false'), JSON.stringify(labels(items).slice(0, 20)));
    await c.close(uri);
  });

  it('links file() and templatefile() paths and a file provisioner source, relative to the template directory', async () => {
    const links = await c.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: main } });
    assert.deepEqual(
      links.map((l) => [span(l.range), l.target]),
      [
        [span({ start: positionOf(MAIN, 'files/a.txt'), end: positionOf(MAIN, 'files/a.txt', 11) }), file('files/a.txt')],
        [span({ start: positionOf(MAIN, 'files/t.tpl'), end: positionOf(MAIN, 'files/t.tpl', 11) }), file('files/t.tpl')],
        ['23:19-23:30', file('files/a.txt')],
      ],
    );
  });

  it('folds object literals as well as blocks', async () => {
    const fr = await c.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: main } });
    assert.deepEqual(fr.map((r) => `${r.startLine}-${r.endLine}`).sort(), ['0-1', '14-15', '18-29', '22-24', '27-28', '4-11', '6-8']);
  });

  it('gives every packer/inspect item and build target its file and range', async () => {
    const r = await c.request<InspectResult>('packer/inspect', { uri: main });
    assert.equal(r.root, uriOf(dir));
    const where = (x: { name: string; uri: string; range: Range }) => `${x.name} ${x.uri.split('/').pop()}:${span(x.range)}`;
    assert.deepEqual(r.variables.map(where), ['region variables.pkr.hcl:0:0-0:18']);
    assert.deepEqual(r.variables.map((v) => [v.name, v.value, v.source]), [['region', '"us"', 'varfile']]);
    assert.deepEqual(r.dataSources.map(where), ['null.ids main.pkr.hcl:0:0-2:1']);
    assert.deepEqual(r.locals.map(where), ['id main.pkr.hcl:5:2-5:27', 'conf main.pkr.hcl:6:2-9:3', 'f main.pkr.hcl:10:2-10:25', 't main.pkr.hcl:11:2-11:44']);
    assert.deepEqual(r.locals.map((l) => l.value), ['"abc"', '{ a = 1, b = 2 }', '"hello\\n"', '"x=1\\n"']);
    assert.deepEqual(r.sources.map(where), ['null.one main.pkr.hcl:14:0-16:1']);
    assert.deepEqual(r.builds.map(where), ['b main.pkr.hcl:18:0-30:1']);
    assert.deepEqual(r.builds[0]!.sources.map(where), ['b.null.one main.pkr.hcl:20:13-20:30']);
    assert.deepEqual(r.builds[0]!.provisioners.map(where), ['file main.pkr.hcl:22:2-25:3', 'shell-local main.pkr.hcl:27:2-29:3']);
    const t = await c.request<BuildTargetsResult>('packer/buildTargets', { uri: main });
    assert.deepEqual(t.targets.map((x) => [x.name, x.build, where(x)]), [['b.null.one', 'b', 'b.null.one main.pkr.hcl:20:13-20:30']]);
  });

  it('goes to a data source, renames it in its label and references', async () => {
    const at = positionOf(MAIN, 'ids.output', 1);
    const defs = await c.request<Location[]>('textDocument/definition', { textDocument: { uri: main }, position: at });
    assert.deepEqual(defs.map((d) => [d.uri, span(d.range)]), [[main, '0:13-0:16']]);
    const edit = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: main }, position: at, newName: 'names' });
    const out = edited(edit).get('main.pkr.hcl')!;
    assert.match(out, /^data "null" "names" \{/);
    assert.match(out, /id = data\.null\.names\.output/);
    assert.deepEqual([...edited(edit).keys()], ['main.pkr.hcl']);
  });

  it('renames a variable starting from its assignment in a var file', async () => {
    const auto = file('values.auto.pkrvars.hcl');
    await c.open(auto, AUTO, 'packervars');
    const edit = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: auto }, position: positionOf(AUTO, 'region', 2), newName: 'zone' });
    const out = edited(edit);
    assert.deepEqual([...out.keys()].sort(), ['values.auto.pkrvars.hcl', 'variables.pkr.hcl']);
    assert.equal(out.get('values.auto.pkrvars.hcl'), 'ports = [80, 443]\nzone = "us"\n');
    assert.equal(out.get('variables.pkr.hcl'), VARS.replace('"region"', '"zone"'));
    await c.close(auto);
  });

  it('declares a missing variable with the type of the value a var file gives it', async () => {
    const ds = await c.waitForVersion(main, 1);
    const d = ds.find((x) => textOf(x).includes('"ports"'));
    assert.ok(d, JSON.stringify(ds.map(textOf)));
    assert.deepEqual(d.range.start, positionOf(MAIN, '.ports}'));
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: main }, range: d.range, context: { diagnostics: [d] } });
    const declare = actions.find((a) => a.title === 'Declare variable "ports"');
    assert.ok(declare, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(edited(declare.edit!).get('variables.pkr.hcl'), `${VARS}\nvariable "ports" {\n  type = list(number)\n}\n`);
  });

  it('answers a semantic-tokens delta after an edit with edits that turn the old tokens into the new ones', async () => {
    const uri = file('tokens.pkr.hcl');
    const before = 'locals {\n  a = 1\n  b = "x"\n}\n';
    texts.set(uri, before);
    await c.open(uri, before);
    const full = await c.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.ok(full.resultId);
    const v = await c.change(uri, [{ range: { start: { line: 2, character: 9 }, end: { line: 2, character: 9 } }, text: '\n  c = true' }]);
    await c.waitForVersion(uri, v);
    const delta = await c.request<SemanticTokensDelta | SemanticTokens>('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: full.resultId });
    const now = await c.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.ok('edits' in delta, 'a delta, not a full result');
    assert.ok(delta.edits.length > 0);
    assert.notEqual(delta.resultId, full.resultId);
    const data = [...full.data];
    for (const e of [...delta.edits].sort((a, b) => b.start - a.start)) data.splice(e.start, e.deleteCount, ...(e.data ?? []));
    assert.deepEqual(data, now.data);
    assert.ok(now.data.length > full.data.length, 'the new attribute adds tokens');
    await c.close(uri);
  });
});
