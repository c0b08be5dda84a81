/** Completion, hover, signature help, navigation, symbols, folding, tokens, hints, links, lenses, inspect. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type {
  CodeLens,
  CompletionItem,
  DocumentHighlight,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InlayHint,
  Location,
  SelectionRange,
  SemanticTokens,
  SemanticTokensDelta,
  SignatureHelp,
  WorkspaceSymbol,
} from 'vscode-languageserver-protocol';
import { FIXTURES, fixtureText, fixtureUri, LspClient, positionOf } from './harness.js';

const MAIN = fixtureUri('multi', 'main.pkr.hcl');
const VARS = fixtureUri('multi', 'variables.pkr.hcl');
const AUTO = fixtureUri('multi', 'values.auto.pkrvars.hcl');
const mainText = fixtureText('multi', 'main.pkr.hcl');
const varsText = fixtureText('multi', 'variables.pkr.hcl');

const labels = (items: CompletionItem[]) => items.map((i) => i.label);

describe('language features', () => {
  let c: LspClient;
  before(async () => {
    c = await LspClient.start({ workspaceFolders: [join(FIXTURES, 'multi')] });
    await c.open(MAIN, mainText);
    await c.open(VARS, varsText);
    await c.waitForVersion(MAIN, 1);
  });
  after(() => c.stop());

  const complete = async (uri: string, text: string) => {
    const at = text.indexOf('|');
    const clean = text.slice(0, at) + text.slice(at + 1);
    await c.open(uri, clean);
    const items = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '|') });
    return { items, clean };
  };

  describe('completion', () => {
    it('offers top-level blocks on an empty line, as snippets with labels', async () => {
      const { items } = await complete('untitled:c1', '|');
      assert.deepEqual(labels(items).sort(), ['build', 'data', 'hcp_packer_registry', 'local', 'locals', 'packer', 'source', 'variable', 'variables']);
      const source = items.find((i) => i.label === 'source')!;
      assert.equal(source.insertTextFormat, 2);
      assert.match((source.textEdit as { newText: string }).newText, /^source "\$\{1:type\}" "\$\{2:name\}" \{/);
    });

    it('offers nested blocks and attributes inside an unfinished build block', async () => {
      const { items } = await complete('untitled:c2', 'build {\n  name = "x"\n  |');
      const ls = labels(items);
      for (const l of ['provisioner', 'post-processor', 'post-processors', 'source', 'error-cleanup-provisioner', 'sources', 'description']) assert.ok(ls.includes(l), l);
      assert.ok(!ls.includes('name'), 'an attribute already set is not offered again');
      assert.ok(!ls.includes('variable'));
    });

    it('offers variable attributes with types and docs, and prefills required attributes of a new validation block', async () => {
      const { items } = await complete('untitled:c3', 'variable "x" {\n  ty|\n');
      const type = items.find((i) => i.label === 'type')!;
      assert.equal(type.detail, 'type');
      const validation = items.find((i) => i.label === 'validation')!;
      const snippet = (validation.textEdit as { newText: string }).newText;
      assert.match(snippet, /condition = \$\d+/);
      assert.match(snippet, /error_message = "\$\d+"/);
      assert.deepEqual((type.textEdit as { range: { start: unknown } }).range.start, { line: 1, character: 2 });
    });

    it('completes var., local., data. and path. references with values', async () => {
      const { items } = await complete('untitled:no-variables', 'locals {\n  x = var.|\n}\n');
      assert.deepEqual(labels(items).sort(), []);
      const inDir = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: MAIN }, position: positionOf(mainText, 'var.image_name', 4) });
      assert.deepEqual(labels(inDir).sort(), ['image_name', 'instance_count', 'password', 'region']);
      const region = inDir.find((i) => i.label === 'region')!;
      assert.equal(region.detail, '"eu-west-1"');
      assert.equal(inDir.find((i) => i.label === 'password')!.detail, '<sensitive>');
      const locals = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: MAIN }, position: positionOf(mainText, 'local.full_name', 6) });
      assert.deepEqual(labels(locals).sort(), ['full_name', 'secret']);
      const { items: paths } = await complete('untitled:c4', 'locals {\n  p = path.|\n}\n');
      assert.deepEqual(labels(paths).sort(), ['cwd', 'root']);
    });

    it('completes inside a broken expression: functions with snippets, and references in a call', async () => {
      const { items } = await complete('untitled:c5', 'locals {\n  a = base64en|\n  b = [1,\n}\n');
      const fn = items.find((i) => i.label === 'base64encode')!;
      assert.equal(fn.kind, 3);
      assert.equal((fn.textEdit as { newText: string }).newText, 'base64encode(${1:str})$0');
      assert.ok(labels(items).includes('var'));
      const inCall = await c.request<CompletionItem[]>('textDocument/completion', {
        textDocument: { uri: MAIN },
        position: positionOf(mainText, 'var.region}', 4),
      });
      assert.ok(labels(inCall).includes('region'));
    });

    it('completes source references in build.sources and build source labels', async () => {
      const uri = MAIN.replace('main.pkr.hcl', 'scratch2.pkr.hcl');
      const { items } = await complete(uri, 'build {\n  sources = [|]\n}\n');
      assert.ok(labels(items).includes('"source.null.first"'), JSON.stringify(labels(items)));
      assert.ok(labels(items).includes('"source.docker.app"'));
      const { items: inString } = await complete(uri, 'build {\n  sources = ["source.|"]\n}\n');
      assert.deepEqual(labels(inString).sort(), ['source.docker.app', 'source.null.first']);
      const { items: label } = await complete(uri, 'build {\n  source "|" {\n  }\n}\n');
      assert.deepEqual(labels(label).sort(), ['source.docker.app', 'source.null.first']);
      await c.close(uri);
    });

    it('offers type keywords for a variable type and nothing in comments', async () => {
      const { items } = await complete('untitled:c6', 'variable "x" {\n  type = |\n}\n');
      assert.ok(labels(items).includes('string'));
      assert.ok(labels(items).includes('list()'));
      const { items: none } = await complete('untitled:c7', '# var.|\n');
      assert.deepEqual(none, []);
    });
  });

  it('hovers variables with type, description and value, masking sensitive values', async () => {
    const h = await c.request<Hover>('textDocument/hover', { textDocument: { uri: MAIN }, position: positionOf(mainText, 'var.region', 5) });
    const text = (h.contents as { value: string }).value;
    assert.match(text, /variable\*\* `region`: `string`/);
    assert.match(text, /Where images are built\./);
    assert.match(text, /Value \(varfile\): `"eu-west-1"`/);
    assert.deepEqual(h.range!.start, positionOf(mainText, 'var.region'));
    const secret = await c.request<Hover>('textDocument/hover', { textDocument: { uri: MAIN }, position: positionOf(mainText, 'var.password', 5) });
    assert.match((secret.contents as { value: string }).value, /`<sensitive>`/);
    assert.doesNotMatch((secret.contents as { value: string }).value, /hunter2/);
  });

  it('hovers functions and core attributes', async () => {
    await c.open('untitled:h1', 'locals {\n  a = base64encode("x")\n}\nvariable "v" {\n  sensitive = true\n}\n');
    const fn = await c.request<Hover>('textDocument/hover', { textDocument: { uri: 'untitled:h1' }, position: { line: 1, character: 8 } });
    assert.match((fn.contents as { value: string }).value, /base64encode\(str string\)/);
    const attr = await c.request<Hover>('textDocument/hover', { textDocument: { uri: 'untitled:h1' }, position: { line: 4, character: 4 } });
    assert.match((attr.contents as { value: string }).value, /\*\*sensitive\*\* `bool`/);
  });

  it('gives signature help with the active parameter', async () => {
    await c.open('untitled:s1', 'locals {\n  a = cidrsubnet("10.0.0.0/8", 4, \n}\n');
    const h = await c.request<SignatureHelp>('textDocument/signatureHelp', { textDocument: { uri: 'untitled:s1' }, position: { line: 1, character: 34 } });
    assert.equal(h.signatures[0]!.label, 'cidrsubnet(prefix string, newbits number, netnum number)');
    assert.equal(h.activeParameter, 2);
  });

  it('goes to definitions across files', async () => {
    const defs = await c.request<Location[]>('textDocument/definition', { textDocument: { uri: MAIN }, position: positionOf(mainText, 'var.region', 6) });
    assert.deepEqual(defs, [{ uri: VARS, range: { start: positionOf(varsText, 'region"'), end: positionOf(varsText, 'region"', 6) } }]);
    const src = await c.request<Location[]>('textDocument/definition', { textDocument: { uri: MAIN }, position: positionOf(mainText, 'source.docker.app', 15) });
    assert.equal(src.length, 1);
    assert.deepEqual(src[0]!.range.start, positionOf(mainText, 'app"'));
  });

  it('finds references, including var-file assignments', async () => {
    const refs = await c.request<Location[]>('textDocument/references', {
      textDocument: { uri: VARS },
      position: positionOf(varsText, 'region"', 2),
      context: { includeDeclaration: true },
    });
    const where = refs.map((r) => `${r.uri.split('/').pop()}:${r.range.start.line}`).sort();
    assert.deepEqual(where, ['main.pkr.hcl:1', 'values.auto.pkrvars.hcl:0', 'variables.pkr.hcl:0']);
    void AUTO;
  });

  it('highlights a symbol in the document', async () => {
    const hs = await c.request<DocumentHighlight[]>('textDocument/documentHighlight', { textDocument: { uri: VARS }, position: positionOf(varsText, 'var.image_name', 6) });
    assert.equal(hs.length, 2);
    assert.deepEqual(hs.map((h) => h.kind).sort(), [2, 3]);
  });

  it('lists document symbols as an outline and workspace symbols by query', async () => {
    const syms = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: MAIN } });
    assert.deepEqual(syms.map((s) => s.name), ['locals', 'source "null" "first"', 'source "docker" "app"', 'build']);
    assert.deepEqual(syms[0]!.children!.map((s) => s.name), ['full_name', 'secret']);
    assert.deepEqual(syms[3]!.children!.map((s) => s.name), ['name', 'sources', 'provisioner "shell-local"', 'provisioner "shell"', 'post-processor "manifest"']);
    const ws = await c.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'imgnm' });
    assert.deepEqual(ws.map((s) => s.name), ['var.image_name']);
    const all = await c.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'source.' });
    assert.deepEqual(all.map((s) => s.name).sort(), ['source.docker.app', 'source.null.first']);
  });

  it('folds blocks, heredocs, lists and comments', async () => {
    const text = '# one\n# two\nlocals {\n  a = [\n    1,\n  ]\n  b = <<EOF\nx\ny\nEOF\n}\n/*\n c\n*/\n';
    await c.open('untitled:f1', text);
    const fr = await c.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: 'untitled:f1' } });
    const spans = fr.map((r) => `${r.startLine}-${r.endLine}${r.kind ? `:${r.kind}` : ''}`).sort();
    assert.deepEqual(spans, ['0-1:comment', '11-13:comment', '2-9', '3-4', '6-8']);
  });

  it('expands selections through enclosing nodes', async () => {
    const rs = await c.request<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri: MAIN }, positions: [positionOf(mainText, 'communicator', 2)] });
    const chain: string[] = [];
    for (let r: SelectionRange | undefined = rs[0]; r; r = r.parent) chain.push(`${r.range.start.line}:${r.range.start.character}-${r.range.end.line}:${r.range.end.character}`);
    assert.equal(chain[0], '6:2-6:14');
    assert.ok(chain.includes('6:2-6:23'), chain.join(' '));
    assert.ok(chain.includes('5:0-7:1'), chain.join(' '));
  });

  it('returns semantic tokens (full, range, delta)', async () => {
    const legend = c.initializeResult.capabilities.semanticTokensProvider!.legend;
    const full = await c.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: MAIN } });
    const decoded: string[] = [];
    let line = 0;
    let ch = 0;
    const lines = mainText.split('\n');
    for (let i = 0; i < full.data.length; i += 5) {
      line += full.data[i]!;
      ch = full.data[i]! === 0 ? ch + full.data[i + 1]! : full.data[i + 1]!;
      decoded.push(`${lines[line]!.slice(ch, ch + full.data[i + 2]!)}:${legend.tokenTypes[full.data[i + 3]!]}`);
    }
    for (const t of ['locals:keyword', 'full_name:property', 'var:namespace', 'image_name:property', 'first:type', 'true:keyword', '"ubuntu:22.04":string'].filter((x) => !x.startsWith('"'))) assert.ok(decoded.includes(t), `${t} in ${decoded.join(' ')}`);
    const range = await c.request<SemanticTokens>('textDocument/semanticTokens/range', { textDocument: { uri: MAIN }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } } });
    assert.ok(range.data.length > 0 && range.data.length < full.data.length);
    const delta = await c.request<SemanticTokensDelta>('textDocument/semanticTokens/full/delta', { textDocument: { uri: MAIN }, previousResultId: full.resultId });
    assert.ok('edits' in delta);
    assert.deepEqual(delta.edits, []);
  });

  it('shows resolved values as inlay hints, sensitive masked', async () => {
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: MAIN }, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } } });
    const byPos = new Map(hints.map((h) => [`${h.position.line}:${h.position.character}`, h.label]));
    const end = (needle: string) => { const p = positionOf(mainText, needle, needle.length); return `${p.line}:${p.character}`; };
    assert.equal(byPos.get(end('var.image_name')), '= "base"');
    assert.equal(byPos.get(end('var.region')), '= "eu-west-1"');
    assert.equal(byPos.get(end('var.password')), '= <sensitive>');
    assert.equal(byPos.get(end('local.full_name')), '= "base-eu-west-1"');
  });

  it('links provisioner script paths and file() arguments', async () => {
    const links = await c.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: MAIN } });
    assert.equal(links.length, 1);
    assert.equal(links[0]!.target, fixtureUri('multi', 'scripts', 'setup.sh'));
    assert.deepEqual(links[0]!.range.start, positionOf(mainText, 'scripts/setup.sh'));
  });

  it('puts Build and Validate lenses above build blocks', async () => {
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: MAIN } });
    assert.deepEqual(lenses.map((l) => [l.command!.title, l.command!.command, l.range.start.line]), [
      ['▶ Build main', 'packer.build', 14],
      ['Validate', 'packer.validate', 14],
    ]);
    assert.deepEqual(lenses[0]!.command!.arguments, [join(FIXTURES, 'multi'), 'main']);
  });

  it('answers packer/inspect and packer/buildTargets', async () => {
    const r = await c.request<{ variables: { name: string; value: string; source: string }[]; locals: { name: string; value: string }[]; sources: { name: string }[]; builds: { name: string; sources: { name: string }[]; provisioners: { type: string }[]; postProcessors: { type: string }[][] }[] }>('packer/inspect', { uri: MAIN });
    assert.deepEqual(r.variables.map((v) => [v.name, v.value, v.source]), [
      ['region', '"eu-west-1"', 'varfile'],
      ['image_name', '"base"', 'default'],
      ['password', '<sensitive>', 'default'],
      ['instance_count', '1', 'default'],
    ]);
    assert.deepEqual(r.locals.map((l) => [l.name, l.value]), [['full_name', '"base-eu-west-1"'], ['secret', '<sensitive>']]);
    assert.deepEqual(r.sources.map((s) => s.name), ['null.first', 'docker.app']);
    assert.deepEqual(r.builds[0]!.sources.map((s) => s.name), ['main.null.first', 'main.docker.app']);
    assert.deepEqual(r.builds[0]!.provisioners.map((p) => p.type), ['shell-local', 'shell']);
    assert.deepEqual(r.builds[0]!.postProcessors.map((chain) => chain.map((p) => p.type)), [['manifest']]);
    const t = await c.request<{ path: string; targets: { name: string }[] }>('packer/buildTargets', { uri: MAIN });
    assert.equal(t.path, join(FIXTURES, 'multi'));
    assert.deepEqual(t.targets.map((x) => x.name), ['main.null.first', 'main.docker.app']);
  });
});
