/**
 * The schema diagnostics of issue 4 not covered elsewhere, each asserted on its message and range through the
 * protocol: wrong label counts, duplicates (variables, attributes, locals, sources, data sources — within a file and
 * across the files of a directory), unknown block types (did-you-mean inside component bodies, with its quick fix), and
 * references to undeclared data sources and sources.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticSeverity, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver-protocol';
import { applyEdits, LspClient, positionOf, textOf, uriOf } from './harness.js';

const span = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
/** `message @ range` for each diagnostic, sorted, so a whole publication is compared at once. */
const shown = (ds: readonly Diagnostic[]) => ds.map((d) => `${textOf(d)} @ ${span(d.range)}`).sort();
const errorsOnly = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === DiagnosticSeverity.Error);

describe('diagnostic kinds', () => {
  let c: LspClient;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lsp-kinds-'));
    c = await LspClient.start({ settings: { packer: { diagnosticsDelay: 0 } } });
  });
  after(async () => {
    await c.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const diagnose = async (uri: string, text: string) => {
    await c.open(uri, text);
    const ds = await c.waitForVersion(uri, 1);
    await c.close(uri);
    return ds;
  };

  it('reports syntax errors with the HCL summary and detail, on the offending token', async () => {
    const unclosed = await diagnose('untitled:syntax-unclosed', 'locals {\n  a = 1\n');
    assert.deepEqual(shown(unclosed), [
      'Unclosed configuration block: There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file. @ 0:7-0:8',
    ]);
    const sameLine = await diagnose('untitled:syntax-newline', 'locals {\n  a = 1 b = 2\n}\n');
    assert.deepEqual(shown(sameLine), ['Missing newline after argument: An argument definition must end with a newline. @ 1:8-1:9']);
    assert.ok([...unclosed, ...sameLine].every((d) => d.severity === DiagnosticSeverity.Error));
  });

  it('reports a wrong label count on the missing or extraneous label', async () => {
    const text = [
      'variable {',
      '  default = 1',
      '}',
      'variable "a" "b" {',
      '  default = 1',
      '}',
      'source "null" {',
      '  communicator = "none"',
      '}',
      'source "null" "n" "extra" {',
      '  communicator = "none"',
      '}',
      '',
    ].join('\n');
    const ds = errorsOnly(await diagnose('untitled:labels', text));
    const byLine = new Map(ds.map((d) => [d.range.start.line, d]));
    assert.equal(textOf(byLine.get(0)!), 'Missing name for variable: All variable blocks must have 1 labels (name).');
    assert.equal(span(byLine.get(0)!.range), '0:9-0:10', 'on the opening brace, like HCL');
    assert.equal(textOf(byLine.get(3)!), 'Extraneous label for variable: Only 1 labels (name) are expected for variable blocks.');
    assert.equal(span(byLine.get(3)!.range), '3:13-3:16', 'on the first label too many');
    assert.equal(textOf(byLine.get(6)!), 'Missing name for source: All source blocks must have 2 labels (type, name).');
    assert.equal(span(byLine.get(6)!.range), '6:14-6:15');
    assert.equal(textOf(byLine.get(9)!), 'Extraneous label for source: Only 2 labels (type, name) are expected for source blocks.');
    assert.equal(span(byLine.get(9)!.range), '9:18-9:25');
    const unlabelled = errorsOnly(await diagnose('untitled:unlabelled', 'locals "x" {\n  a = 1\n}\nbuild "b" {\n}\n'));
    assert.deepEqual(shown(unlabelled), [
      'Extraneous label for build: No labels are expected for build blocks. @ 3:6-3:9',
      'Extraneous label for locals: No labels are expected for locals blocks. @ 0:7-0:10',
    ]);
  });

  it('reports duplicates inside one file: variables, attributes and locals', async () => {
    const text = [
      'variable "a" {',
      '  default = 1',
      '  default = 2',
      '}',
      'variable "a" {',
      '  default = 3',
      '}',
      'locals {',
      '  x = 1',
      '}',
      'locals {',
      '  x = 2',
      '}',
      '',
    ].join('\n');
    const uri = 'untitled:dups';
    assert.deepEqual(shown(errorsOnly(await diagnose(uri, text))), [
      `Attribute redefined: The argument "default" was already set at ${uri}:2,3-10. Each argument may be set only once. @ 2:2-2:9`,
      'Duplicate local definition: Local variable "x" is defined twice in your templates. Other definition found at untitled:dups:9,3-4 @ 11:2-11:3',
      'Duplicate variable: Duplicate a variable definition found. @ 4:9-4:12',
    ]);
  });

  it('reports a source or variable declared again in another file of the directory, on the later file (Packer reads files in name order)', async () => {
    const sub = mkdtempSync(join(dir, 'dups-'));
    const first = 'variable "region" {\n  default = "a"\n}\n\nsource "null" "n" {\n  communicator = "none"\n}\n';
    const second = 'variable "region" {\n  default = "b"\n}\n\nsource "null" "n" {\n  communicator = "none"\n}\n\nbuild {\n  sources = ["source.null.n"]\n}\n';
    writeFileSync(join(sub, 'a.pkr.hcl'), first);
    writeFileSync(join(sub, 'b.pkr.hcl'), second);
    const a = uriOf(join(sub, 'a.pkr.hcl'));
    const b = uriOf(join(sub, 'b.pkr.hcl'));
    await c.open(b, second);
    const onB = await c.waitForVersion(b, 1);
    assert.deepEqual(await c.waitForDiagnostics(a), [], 'the first declarations are not the duplicates');
    const dupVar = onB.find((d) => textOf(d).startsWith('Duplicate variable'));
    assert.equal(textOf(dupVar!), 'Duplicate variable: Duplicate region variable definition found.');
    assert.deepEqual(dupVar!.range.start, positionOf(second, '"region"'));
    const dupSource = onB.find((d) => textOf(d).startsWith('Duplicate source block'));
    assert.ok(dupSource, JSON.stringify(shown(onB)));
    assert.match(textOf(dupSource), /^Duplicate source block: This source block has the same builder type and name as a previous block declared at [^ ]*a\.pkr\.hcl:5,1-\d+\. Each source must have a unique name per builder type\.$/);
    assert.equal(dupSource.range.start.line, 4);
    assert.equal(onB.length, 2, JSON.stringify(shown(onB)));
    await c.close(b);
  });

  it('reports a duplicate data source', async () => {
    const text = 'data "null" "d" {\n  input = "a"\n}\ndata "null" "d" {\n  input = "b"\n}\n';
    const ds = errorsOnly(await diagnose('untitled:dup-data', text));
    const dup = ds.find((d) => textOf(d).startsWith('Duplicate data source block'));
    assert.ok(dup, JSON.stringify(shown(ds)));
    assert.equal(dup.range.start.line, 3);
  });

  it('reports unknown block types at the top level and inside blocks, on the type name', async () => {
    const text = 'src "docker" "x" {\n}\nvariable "v" {\n  default = 1\n  validaton {\n  }\n}\n';
    const ds = errorsOnly(await diagnose('untitled:unknown-blocks', text));
    const top = ds.find((d) => d.range.start.line === 0)!;
    assert.equal(textOf(top), 'Unsupported block type: Blocks of type "src" are not expected here.');
    assert.equal(span(top.range), '0:0-0:3');
    assert.equal(top.code, 'unsupported-block');
    const nested = ds.find((d) => d.range.start.line === 4)!;
    assert.match(textOf(nested), /^Unsupported block type: Blocks of type "validaton" are not expected here\./);
    assert.equal(span(nested.range), '4:2-4:11');
  });

  it('suggests the nearest block type inside a component body, with a quick fix that applies it', async () => {
    const uri = 'untitled:component-block';
    const text = 'source "amazon-ebs" "x" {\n  asume_role {\n  }\n}\n';
    await c.open(uri, text);
    const ds = await c.waitForVersion(uri, 1);
    const d = ds.find((x) => textOf(x).startsWith('Unsupported block type'));
    assert.ok(d, JSON.stringify(shown(ds)));
    assert.equal(textOf(d), 'Unsupported block type: Blocks of type "asume_role" are not expected here. Did you mean "assume_role"?');
    assert.equal(span(d.range), '1:2-1:12');
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const change = actions.find((a) => a.title === 'Change to "assume_role"');
    assert.ok(change, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(applyEdits(text, change.edit!.changes![uri]!), text.replace('asume_role', 'assume_role'));
    await c.close(uri);
  });

  it('suggests the nearest block or argument in the bodies Packer decodes itself (top level, variable, build), with quick fixes', async () => {
    const uri = 'untitled:packer-bodies';
    const text = 'biuld {\n}\nvariable "v" {\n  defualt = 1\n  validaton {\n  }\n}\n';
    await c.open(uri, text);
    const ds = errorsOnly(await c.waitForVersion(uri, 1));
    assert.deepEqual(shown(ds), [
      'Unsupported argument: An argument named "defualt" is not expected here. Did you mean "default"? @ 3:2-3:9',
      'Unsupported block type: Blocks of type "biuld" are not expected here. Did you mean "build"? @ 0:0-0:5',
      'Unsupported block type: Blocks of type "validaton" are not expected here. Did you mean "validation"? @ 4:2-4:11',
    ]);
    let fixed = text;
    for (const d of ds) {
      const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
      const change = actions.find((a) => a.title.startsWith('Change to '));
      assert.ok(change, JSON.stringify(actions.map((a) => a.title)));
      fixed = applyEdits(fixed, change.edit!.changes![uri]!);
    }
    assert.equal(fixed, 'build {\n}\nvariable "v" {\n  default = 1\n  validation {\n  }\n}\n');
    await c.close(uri);
  });

  it('fixes misspelt source references, component types and reference roots with their did-you-mean', async () => {
    const uri = 'untitled:misspelt';
    const text = [
      'source "null" "first" {',
      '  communicator = "none"',
      '}',
      'source "dokcer" "d" {',
      '  image  = "x"',
      '  commit = true',
      '}',
      'locals {',
      '  b = vra.y',
      '}',
      'build {',
      '  sources = ["source.null.frist"]',
      '  source "source.null.firts" {',
      '  }',
      '  post-processor "manfest" {',
      '  }',
      '}',
      '',
    ].join('\n');
    await c.open(uri, text);
    const ds = await c.waitForVersion(uri, 1);
    const fixed = async (pick: string, title: string, from: string, to: string) => {
      const d = ds.find((x) => textOf(x).includes(pick));
      assert.ok(d, `${pick} in ${JSON.stringify(shown(ds))}`);
      const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
      const a = actions.find((x) => x.title === title);
      assert.ok(a, `${title} in ${JSON.stringify(actions.map((x) => x.title))}`);
      assert.equal(a.isPreferred, true);
      assert.equal(applyEdits(text, a.edit!.changes![uri]!), text.replace(from, to));
    };
    await fixed('Unknown source null.frist', 'Change to "source.null.first"', '"source.null.frist"', '"source.null.first"');
    await fixed('Unknown source null.firts', 'Change to "source.null.first"', '"source.null.firts"', '"source.null.first"');
    await fixed('Unknown source type dokcer', 'Change to "docker"', '"dokcer"', '"docker"');
    await fixed('Unknown post-processor type "manfest"', 'Change to "manifest"', '"manfest"', '"manifest"');
    await fixed('no variable named "vra"', 'Change to "var"', 'vra.y', 'var.y');
    await c.close(uri);
  });

  it('flags references to undeclared data sources and sources', async () => {
    const text = [
      'data "null" "known" {',
      '  input = "x"',
      '}',
      'locals {',
      '  a = data.null.nope.output',
      '  b = data.null.known.output',
      '}',
      'source "null" "n" {',
      '  communicator = "none"',
      '}',
      'build {',
      '  source "source.null.missing" {',
      '  }',
      '  provisioner "shell-local" {',
      '    inline = ["echo ${source.name}"]',
      '  }',
      '}',
      '',
    ].join('\n');
    const ds = errorsOnly(await diagnose('untitled:undeclared-refs', text));
    const data = ds.filter((d) => d.range.start.line === 4);
    assert.ok(data.length > 0, JSON.stringify(shown(ds)));
    assert.ok(data.some((d) => textOf(d).includes('"data.null.nope"')), JSON.stringify(shown(data)));
    assert.ok(!ds.some((d) => d.range.start.line === 5), 'a declared data source is fine');
    const source = ds.find((d) => textOf(d).startsWith('Unknown source null.missing'));
    assert.ok(source, JSON.stringify(shown(ds)));
    assert.deepEqual(source.range.start, positionOf(text, '"source.null.missing"'));
    assert.ok(!ds.some((d) => d.range.start.line === 14), 'source.name inside a build is known');
    // Outside a build there is no `source` object at all.
    const outside = errorsOnly(await diagnose('untitled:source-outside', 'locals {\n  s = source.name\n}\n'));
    assert.deepEqual(shown(outside), ['Unknown variable: There is no variable named "source". @ 1:6-1:12']);
  });
});
