/**
 * The language server beside HCL-JSON files. Editors open `.pkr.json` files as JSON (they are not sent to the
 * server), but Packer reads them as part of the directory's configuration, so a `.pkr.hcl` next to them must
 * see what they declare, and a `.pkrvars.json` chosen in settings must be read as JSON.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, textOf, uriOf } from './harness.js';

const MAIN = `source "null" "n" {
  communicator = "none"
}

build {
  sources = ["source.null.n"]
  provisioner "shell-local" {
    inline = ["echo \${var.region} \${local.from_json}"]
  }
}
`;

const JSON_SIDE = `${JSON.stringify({ variable: { region: { type: 'string' } }, locals: { from_json: '${upper(var.region)}' } }, null, 2)}\n`;

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lsp-json-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const messages = (d: readonly Diagnostic[]) => d.map((x) => textOf(x));

describe('the language server in a directory with HCL-JSON files', () => {
  const clients: LspClient[] = [];
  after(async () => {
    for (const c of clients) await c.stop();
  });

  it('reads the declarations of a .pkr.json file next to the open .pkr.hcl file', async () => {
    const dir = dirWith({ 'main.pkr.hcl': MAIN, 'vars.pkr.json': JSON_SIDE, 'a.auto.pkrvars.json': '{ "region": "${not_a_template}" }\n' });
    const c = await LspClient.start();
    clients.push(c);
    const uri = uriOf(join(dir, 'main.pkr.hcl'));
    await c.open(uri, readFileSync(join(dir, 'main.pkr.hcl'), 'utf8'));
    const diags = await c.waitForVersion(uri, 1);
    assert.deepEqual(messages(diags), []);
    assert.ok(c.alive);
  });

  it('reports a problem of the .pkr.json file on that file, on its JSON position', async () => {
    const dir = dirWith({ 'main.pkr.hcl': MAIN, 'vars.pkr.json': '{\n  "variable": { "region": { "type": "strin" } },\n  "locals": { "from_json": "x" }\n}\n' });
    const c = await LspClient.start();
    clients.push(c);
    const uri = uriOf(join(dir, 'main.pkr.hcl'));
    await c.open(uri, MAIN);
    await c.waitForVersion(uri, 1);
    const json = await c.waitForDiagnostics(uriOf(join(dir, 'vars.pkr.json')), (d) => d.length > 0);
    assert.match(messages(json).join('\n'), /Invalid type specification/);
    assert.equal(json[0]!.range.start.line, 1);
    assert.ok(c.alive);
  });
});
