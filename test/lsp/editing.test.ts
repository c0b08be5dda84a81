/** Rename, quick fixes and formatting through the protocol, asserted on the edited text. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdits, copyFixture, LspClient, positionOf, uriOf, textOf as messageOf } from './harness.js';

describe('editing', () => {
  let c: LspClient;
  let dir: string;
  const texts = new Map<string, string>();
  const file = (name: string) => uriOf(join(dir, name));
  const textOf = (uri: string) => texts.get(uri) ?? readFileSync(new URL(uri), 'utf8');
  const applyWorkspaceEdit = (edit: WorkspaceEdit) => {
    const out = new Map<string, string>();
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) out.set(uri, applyEdits(textOf(uri), edits));
    return out;
  };

  before(async () => {
    dir = copyFixture('multi');
    c = await LspClient.start({ settings: { packer: { diagnosticsDelay: 10 } } });
    for (const name of ['main.pkr.hcl', 'variables.pkr.hcl']) {
      const text = readFileSync(join(dir, name), 'utf8');
      texts.set(file(name), text);
      await c.open(file(name), text);
    }
  });
  after(async () => {
    await c.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('rename', () => {
    it('renames a variable in its declaration, references and var-file assignments', async () => {
      const main = file('main.pkr.hcl');
      const prep = await c.request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: main }, position: positionOf(textOf(main), 'var.region', 6) });
      assert.equal(prep.placeholder, 'region');
      const edit = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: main }, position: positionOf(textOf(main), 'var.region', 6), newName: 'aws_region' });
      const result = applyWorkspaceEdit(edit);
      assert.deepEqual([...result.keys()].map((u) => u.split('/').pop()).sort(), ['main.pkr.hcl', 'values.auto.pkrvars.hcl', 'variables.pkr.hcl']);
      assert.match(result.get(main)!, /\$\{var\.aws_region\}/);
      assert.match(result.get(file('variables.pkr.hcl'))!, /^variable "aws_region" \{/);
      assert.equal(result.get(file('values.auto.pkrvars.hcl')), 'aws_region = "eu-west-1"\n');
    });

    it('renames a source in its label, build.sources strings and build source labels', async () => {
      const main = file('main.pkr.hcl');
      const edit = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: main }, position: positionOf(textOf(main), '"app"', 2), newName: 'web' });
      const out = applyWorkspaceEdit(edit).get(main)!;
      assert.match(out, /source "docker" "web" \{/);
      assert.match(out, /sources = \["source\.null\.first", "source\.docker\.web"\]/);
    });

    it('renames locals from a reference', async () => {
      const main = file('main.pkr.hcl');
      const edit = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: main }, position: positionOf(textOf(main), 'local.full_name', 8), newName: 'label' });
      const out = applyWorkspaceEdit(edit).get(main)!;
      assert.match(out, /^ {2}label = "\$\{var\.image_name\}/m);
      assert.match(out, /echo \$\{local\.label\}/);
    });

    it('refuses invalid names with a clean error and cannot rename keywords', async () => {
      const main = file('main.pkr.hcl');
      await assert.rejects(
        c.request('textDocument/rename', { textDocument: { uri: main }, position: positionOf(textOf(main), 'var.region', 6), newName: '1bad name' }),
        /not a valid name/,
      );
      assert.equal(await c.request('textDocument/prepareRename', { textDocument: { uri: main }, position: positionOf(textOf(main), 'provisioner', 2) }), null);
    });
  });

  describe('quick fixes', () => {
    const fixesFor = async (uri: string, text: string, pick: (d: Diagnostic) => boolean) => {
      texts.set(uri, text);
      await c.open(uri, text);
      const ds = await c.waitForDiagnostics(uri, (d) => d.some(pick));
      const d = ds.find(pick)!;
      const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
      return actions;
    };

    it('changes an unknown function to the suggested one', async () => {
      const uri = 'untitled:fix1';
      const actions = await fixesFor(uri, 'locals {\n  a = base64encod("x")\n}\n', (d) => messageOf(d).startsWith('Call to unknown function'));
      const a = actions.find((x) => x.title === 'Change to "base64encode"')!;
      assert.equal(a.isPreferred, true);
      assert.equal(applyWorkspaceEdit(a.edit!).get(uri), 'locals {\n  a = base64encode("x")\n}\n');
    });

    it('fixes an undeclared variable reference: did-you-mean, or declare it', async () => {
      const uri = file('extra.pkr.hcl');
      const actions = await fixesFor(uri, 'locals {\n  b = var.regon\n}\n', (d) => messageOf(d).includes('"regon"'));
      const change = actions.find((x) => x.title === 'Change to "region"')!;
      assert.equal(applyWorkspaceEdit(change.edit!).get(uri), 'locals {\n  b = var.region\n}\n');
      const declare = actions.find((x) => x.title === 'Declare variable "regon"')!;
      const out = applyWorkspaceEdit(declare.edit!).get(file('variables.pkr.hcl'))!;
      assert.ok(out.endsWith('\n\nvariable "regon" {\n  type = string\n}\n'), out.slice(-80));
      await c.close(uri);
    });

    it('declares a variable assigned in a var file with the type of its value', async () => {
      const uri = file('more.pkrvars.hcl');
      const actions = await fixesFor(uri, 'zones = ["a", "b"]\n', (d) => messageOf(d).startsWith('Undefined variable'));
      const declare = actions.find((x) => x.title === 'Declare variable "zones"')!;
      assert.match(applyWorkspaceEdit(declare.edit!).get(file('variables.pkr.hcl'))!, /variable "zones" \{\n {2}type = list\(string\)\n\}\n$/);
      await c.close(uri);
    });

    it('removes an unsupported argument and adds a missing required one', async () => {
      const uri = 'untitled:fix3';
      const text = 'variable "v" {\n  default = "x"\n  colour = "red"\n}\n';
      const actions = await fixesFor(uri, text, (d) => messageOf(d).startsWith('Unsupported argument'));
      const remove = actions.find((x) => x.title === 'Remove argument "colour"')!;
      assert.equal(applyWorkspaceEdit(remove.edit!).get(uri), 'variable "v" {\n  default = "x"\n}\n');

      const uri2 = 'untitled:fix4';
      const actions2 = await fixesFor(uri2, 'variable "v" {\n  default = "x"\n  validation {\n    error_message = "Bad."\n  }\n}\n', (d) => messageOf(d).startsWith('Missing required argument'));
      const add = actions2.find((x) => x.title === 'Add required argument "condition"')!;
      assert.equal(applyWorkspaceEdit(add.edit!).get(uri2), 'variable "v" {\n  default = "x"\n  validation {\n    condition = \n    error_message = "Bad."\n  }\n}\n');
    });

    it('offers source.formatAll', async () => {
      const uri = 'untitled:fmt0';
      texts.set(uri, 'a=1\nbb = 2\n');
      await c.open(uri, 'a=1\nbb = 2\n');
      const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.formatAll'] } });
      assert.equal(actions.length, 1);
      assert.equal(applyWorkspaceEdit(actions[0]!.edit!).get(uri), 'a  = 1\nbb = 2\n');
    });
  });

  describe('formatting', () => {
    it('formats a document like packer fmt and leaves formatted ones alone', async () => {
      const uri = 'untitled:fmt1';
      const text = 'source "null" "x" {\ncommunicator="none"\n  tags = {\n  a=1\n  bbb = "x"\n  }\n}\n';
      await c.open(uri, text);
      const edits = await c.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: false } });
      const out = applyEdits(text, edits);
      assert.equal(out, 'source "null" "x" {\n  communicator = "none"\n  tags = {\n    a   = 1\n    bbb = "x"\n  }\n}\n');
      const uri2 = 'untitled:fmt2';
      await c.open(uri2, out);
      assert.deepEqual(await c.request('textDocument/formatting', { textDocument: { uri: uri2 }, options: { tabSize: 2, insertSpaces: true } }), []);
    });

    it('refuses to format a document with syntax errors and formats only the lines of a range', async () => {
      const uri = 'untitled:fmt3';
      await c.open(uri, 'a = [\n');
      assert.deepEqual(await c.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
      const uri2 = 'untitled:fmt4';
      const text = 'a=1\nb=2\nc=3\n';
      await c.open(uri2, text);
      const edits = await c.request<TextEdit[]>('textDocument/rangeFormatting', { textDocument: { uri: uri2 }, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, options: { tabSize: 2, insertSpaces: true } });
      assert.equal(applyEdits(text, edits), 'a=1\nb = 2\nc=3\n');
    });
  });
});
