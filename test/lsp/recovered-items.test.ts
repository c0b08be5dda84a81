/**
 * Declarations below a syntax error stay known to the editor, as hclsyntax still reads them: completion offers a
 * variable declared below a broken line, symbols list what follows it, and typing the line broken keeps them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, DocumentSymbol, Location } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from './harness.js';

/** `|` marks where completion is asked; `a = [1 2]` above it is hclsyntax's "Missing item separator". */
const BROKEN = `locals {
  a = [1 2]
  b = var.|
}

variable "region" {
  default = "eu-west-1"
}

source "null" "box" {
  communicator = "none"
}
`;

describe('items after a syntax error', () => {
  let c: LspClient;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'recovered-items-'));
    c = await LspClient.start({ workspaceFolders: [dir] });
  });
  after(async () => {
    await c.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (name: string, marked: string): Promise<{ uri: string; text: string }> => {
    const uri = pathToFileURL(join(dir, name)).href;
    const text = marked.replace('|', '');
    await c.open(uri, text);
    await c.waitForVersion(uri, 1);
    return { uri, text };
  };

  it('completion offers a variable declared below a broken line', async () => {
    const { uri } = await open('a.pkr.hcl', BROKEN);
    const diagnostics = c.diagnostics.get(uri)?.diagnostics ?? [];
    assert.ok(diagnostics.some((d) => JSON.stringify(d.message).includes('Missing item separator')), JSON.stringify(diagnostics));
    const items = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(BROKEN, '|') });
    assert.ok(items.some((i) => i.label === 'region'), JSON.stringify(items.map((i) => i.label)));
  });

  it('document symbols list the declarations after the broken line, and go to definition finds them', async () => {
    const withReference = BROKEN.replace('var.|', 'var.region');
    const { uri, text } = await open('b.pkr.hcl', withReference);
    const symbols = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const names = symbols.map((s) => s.name).join(' | ');
    assert.match(names, /region/);
    assert.match(names, /box/);
    const definition = await c.request<Location | Location[] | null>('textDocument/definition', {
      textDocument: { uri },
      position: positionOf(text, 'var.region', 5),
    });
    const first = Array.isArray(definition) ? definition[0] : definition;
    assert.equal(first?.range.start.line, text.split('\n').findIndex((l) => l.startsWith('variable "region"')));
  });

  it('breaking a line while typing keeps the variable below it in completion', async () => {
    const clean = BROKEN.replace('[1 2]', '[1, 2]');
    const { uri, text } = await open('c.pkr.hcl', clean);
    // Type the comma away: the list becomes "[1 2]" again.
    const comma = positionOf(text, ', 2]');
    const version = await c.change(uri, [{ range: { start: comma, end: { line: comma.line, character: comma.character + 1 } }, text: '' }]);
    await c.waitForVersion(uri, version);
    const items = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(BROKEN, '|') });
    assert.ok(items.some((i) => i.label === 'region'), JSON.stringify(items.map((i) => i.label)));
  });
});
