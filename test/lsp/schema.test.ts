/** The component schemas and Packer's function table, as the editor sees them through the protocol. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionItem, Diagnostic, Hover, SignatureHelp } from 'vscode-languageserver-protocol';
import { applyEdits, LspClient, positionOf, ROOT } from './harness.js';

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const message = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : '');
const hoverText = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');
const newText = (i: CompletionItem | undefined) => (i?.textEdit as { newText: string } | undefined)?.newText;

describe('component schemas and functions in the language server', () => {
  let c: LspClient;
  before(async () => {
    c = await LspClient.start();
  });
  after(() => c.stop());

  const diagnose = async (uri: string, text: string) => {
    await c.open(uri, text);
    return c.waitForVersion(uri, 1);
  };
  const completeAt = async (uri: string, marked: string) => {
    const at = marked.indexOf('|');
    await c.open(uri, marked.slice(0, at) + marked.slice(at + 1));
    return c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(marked, '|') });
  };

  describe('diagnostics from the schemas, like `validate`', () => {
    const text = [
      'source "docker" "x" {',
      '  imagee = "busybox"',
      '  commit = "yes"',
      '}',
      'build {',
      '  sources = ["source.docker.x"]',
      '  provisioner "shel" {',
      '    inline = ["echo"]',
      '  }',
      '}',
      '',
    ].join('\n');

    it('reports an unknown attribute with did-you-mean, a wrong type and an unknown component type, each on its range', async () => {
      const diags = await diagnose('untitled:schema-diags', text);
      const unsupported = diags.find((d) => message(d).startsWith('Unsupported argument'));
      assert.ok(unsupported, JSON.stringify(diags.map(message)));
      assert.match(message(unsupported), /An argument named "imagee" is not expected here\. Did you mean "image"\?/);
      assert.deepEqual(unsupported.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } });
      const type = diags.find((d) => message(d).startsWith('Incorrect attribute value type'))!;
      assert.match(message(type), /Inappropriate value for attribute "commit": a bool is required/);
      assert.deepEqual(type.range.start, { line: 2, character: 11 });
      const unknown = diags.find((d) => message(d).startsWith('Unknown provisioner type'))!;
      assert.match(message(unknown), /Did you mean "shell"\?/);
      assert.deepEqual(unknown.range.start, { line: 6, character: 14 });
      assert.ok(diags.every((d) => d.severity === 1));
    });

    it('offers fixes: did-you-mean for the attribute, removing it, and the type name', async () => {
      const diags = await diagnose('untitled:schema-fixes', text);
      const actionsFor = (d: Diagnostic) =>
        c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: 'untitled:schema-fixes' }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } });
      const attrActions = await actionsFor(diags.find((d) => message(d).startsWith('Unsupported argument'))!);
      const rename = attrActions.find((a) => a.title === 'Change to "image"')!;
      assert.match(applyEdits(text, rename.edit!.changes!['untitled:schema-fixes']!), /^ {2}image = "busybox"$/m);
      const remove = attrActions.find((a) => a.title === 'Remove argument "imagee"')!;
      assert.ok(!applyEdits(text, remove.edit!.changes!['untitled:schema-fixes']!).includes('busybox'));
      const typeActions = await actionsFor(diags.find((d) => message(d).startsWith('Unknown provisioner type'))!);
      const shell = typeActions.find((a) => a.title === 'Change to "shell"')!;
      assert.match(applyEdits(text, shell.edit!.changes!['untitled:schema-fixes']!), /provisioner "shell" \{/);
    });

    it('reports a missing required attribute once the rest is sound, with a fix that adds it', async () => {
      const uri = 'untitled:schema-required';
      const t = 'source "null" "n" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.n"]\n  provisioner "file" {\n    content = "x"\n  }\n}\n';
      const diags = await diagnose(uri, t);
      const missing = diags.find((d) => /destination/i.test(message(d)));
      assert.ok(missing, JSON.stringify(diags.map(message)));
      assert.equal(missing.range.start.line, 5);
      const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: missing.range, context: { diagnostics: [missing] } });
      const add = actions.find((a) => a.title === 'Add required argument "destination"');
      assert.ok(add, JSON.stringify(actions.map((a) => a.title)));
      assert.match(applyEdits(t, add.edit!.changes![uri]!), /provisioner "file" \{\n {4}destination = /);
    });

    it('has no error on the shipped examples, which validate clean in the CLI', async () => {
      const dir = join(ROOT, 'examples');
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.pkr.hcl'))) {
        const uri = pathToFileURL(join(dir, f)).href;
        const diags = await diagnose(uri, readFileSync(join(dir, f), 'utf8'));
        assert.deepEqual(diags.filter((d) => d.severity === 1).map(message), [], f);
      }
    });

    it('never reaches a secret store while typing: vault() and consul_key() are unknown, not errors', async () => {
      const diags = await diagnose('untitled:schema-external', 'locals {\n  a = vault("secret/x", "k")\n  b = consul_key("k")\n  c = aws_secretsmanager("n", null)\n}\n');
      assert.deepEqual(diags.map(message), []);
    });
  });

  describe('completion from the schemas', () => {
    it('offers every shipped builder type for a source label, with docs and the required attributes prefilled', async () => {
      const items = await completeAt('untitled:schema-c1', 'source |\n');
      assert.deepEqual(labels(items), ['amazon-ebs', 'docker', 'file', 'null']);
      const docker = items.find((i) => i.label === 'docker')!;
      assert.match(String(docker.documentation), /docker/i);
      assert.equal(docker.insertTextFormat, 2);
      assert.equal(newText(docker), '"docker" "${1:name}" {\n\t$0\n}');
      const file = items.find((i) => i.label === 'file')!;
      assert.equal(newText(file), '"file" "${1:name}" {\n\ttarget = "$2"\n}');
    });

    it('offers provisioner and post-processor types inside a build, quoted when the quote is typed', async () => {
      const prov = await completeAt('untitled:schema-c2', 'build {\n  provisioner "|"\n}\n');
      assert.deepEqual(labels(prov), ['breakpoint', 'file', 'shell', 'shell-local']);
      assert.equal(newText(prov[0]), 'breakpoint');
      const pp = await completeAt('untitled:schema-c3', 'build {\n  post-processor "|"\n}\n');
      for (const t of ['manifest', 'checksum', 'compress', 'docker-tag', 'docker-push']) assert.ok(labels(pp).includes(t), t);
    });

    it("offers the docker builder's attributes with their types and docs, communicator ones included", async () => {
      const items = await completeAt('untitled:schema-c4', 'source "docker" "x" {\n  image = "a"\n  |\n}\n');
      const ls = labels(items);
      for (const a of ['commit', 'discard', 'export_path', 'changes', 'run_command', 'volumes', 'privileged', 'ssh_username']) assert.ok(ls.includes(a), a);
      assert.ok(!ls.includes('image'), 'an attribute already set is not offered');
      const commit = items.find((i) => i.label === 'commit')!;
      assert.equal(commit.detail, 'bool');
      assert.equal(newText(commit), 'commit = ${1|true,false|}');
      assert.ok(String((commit.documentation as { value: string }).value).length > 10);
      assert.equal(items.find((i) => i.label === 'changes')!.detail, 'list of string');
      assert.ok(!ls.some((l) => String(l).startsWith('packer_')), 'keys Packer injects are hidden');
    });

    it('offers the closed set of values of an enum attribute', async () => {
      const bare = await completeAt('untitled:schema-c5', 'build {\n  provisioner "file" {\n    direction = |\n  }\n}\n');
      assert.deepEqual(bare.filter((i) => i.kind === 20).map((i) => i.label), ['"download"', '"upload"']);
      const quoted = await completeAt('untitled:schema-c6', 'build {\n  provisioner "file" {\n    direction = "|"\n  }\n}\n');
      assert.deepEqual(labels(quoted), ['download', 'upload']);
    });
  });

  describe('hover and signatures', () => {
    it('documents a component attribute from its schema', async () => {
      const uri = 'untitled:schema-h1';
      const t = 'source "docker" "x" {\n  image = "a"\n  pull = false\n}\n';
      await c.open(uri, t);
      const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(t, 'pull', 1) });
      assert.match(hoverText(h), /^\*\*pull\*\* `bool`/);
      assert.match(hoverText(h), /Default: `true`/);
    });

    it('documents and signs functions from Packer’s real table', async () => {
      const uri = 'untitled:schema-h2';
      const t = 'locals {\n  a = cidrsubnet("10.0.0.0/16", 8, 2)\n  b = formatdate("YYYY", timestamp())\n}\n';
      const diags = await diagnose(uri, t);
      assert.deepEqual(diags.map(message), []);
      const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(t, 'cidrsubnet', 2) });
      assert.match(hoverText(h), /cidrsubnet\(prefix string, newbits number, netnum number\)\n```\n\nCalculates a subnet address/);
      const sig = await c.request<SignatureHelp | null>('textDocument/signatureHelp', { textDocument: { uri }, position: positionOf(t, '"YYYY"', 0) });
      assert.equal(sig?.signatures[0]?.parameters?.length, 2);
      assert.match(sig!.signatures[0]!.label, /^formatdate\(/);
    });
  });
});
