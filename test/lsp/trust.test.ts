/**
 * Workspace trust through the protocol: with `initializationOptions.trusted = false` (what the VS Code client
 * sends in Restricted Mode) file functions read nothing outside the workspace folders, symbolic links included;
 * inside the workspace they still work. Data sources are never fetched by the server, trusted or not.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, textOf, uriOf } from './harness.js';

const SECRET = 'top-secret-outside-the-workspace';

interface Inspected {
  readonly locals: readonly { readonly name: string; readonly value: string }[];
}

describe('workspace trust in the language server', () => {
  let base: string;
  let ws: string;
  let http: Server;
  let requests = 0;

  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'lsp-trust-'));
    ws = join(base, 'ws');
    mkdirSync(ws);
    mkdirSync(join(base, 'outside'));
    writeFileSync(join(base, 'outside/secret.txt'), SECRET);
    writeFileSync(join(ws, 'inside.txt'), 'inside-value');
    symlinkSync(join(base, 'outside/secret.txt'), join(ws, 'link.txt'));
    http = createServer((_req, res) => {
      requests++;
      res.end('fetched');
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  });

  after(async () => {
    await new Promise((r) => http.close(r));
    rmSync(base, { recursive: true, force: true });
  });

  const template = () => {
    const port = (http.address() as AddressInfo).port;
    return [
      'data "http" "remote" {',
      `  url = "http://127.0.0.1:${port}/"`,
      '}',
      '',
      'locals {',
      `  inside  = file("${join(ws, 'inside.txt')}")`,
      `  outside = file("${join(base, 'outside/secret.txt')}")`,
      `  linked  = file("${join(ws, 'link.txt')}")`,
      `  listed  = fileset("${join(base, 'outside')}", "*")`,
      '  remote  = data.http.remote.body',
      '}',
      '',
    ].join('\n');
  };

  async function analyse(trusted: boolean | undefined): Promise<{ diags: Diagnostic[]; inspected: Inspected }> {
    const file = join(ws, trusted === false ? 'untrusted.pkr.hcl' : 'trusted.pkr.hcl');
    const c = await LspClient.start({ workspaceFolders: [ws], ...(trusted === undefined ? {} : { initializationOptions: { trusted } }) });
    try {
      const uri = uriOf(file);
      writeFileSync(file, template());
      await c.open(uri, template());
      const diags = await c.waitForVersion(uri, 1);
      const inspected = await c.request<Inspected>('packer/inspect', { uri });
      return { diags, inspected };
    } finally {
      await c.stop();
      rmSync(file);
    }
  }

  const local = (i: Inspected, name: string) => i.locals.find((l) => l.name === name)?.value;

  it('untrusted: files outside the workspace are not read, and the diagnostic says why', async () => {
    const { diags, inspected } = await analyse(false);
    const outside = diags.filter((d) => /outside the workspace: in Restricted Mode file functions only read files inside the workspace folders/.test(textOf(d)));
    assert.deepEqual(
      outside.map((d) => d.range.start.line),
      [6, 7, 8],
      `file(outside), file(link to outside) and fileset(outside) are refused: ${JSON.stringify(diags.map(textOf))}`,
    );
    assert.equal(local(inspected, 'inside'), '"inside-value"', 'files inside the workspace are still read');
    assert.doesNotMatch(JSON.stringify({ diags, inspected }), new RegExp(SECRET));
    assert.equal(requests, 0, 'the http data source was not fetched');
  });

  it('trusted (and a client that says nothing): every file is read; data sources are still not fetched', async () => {
    for (const trusted of [true, undefined]) {
      const { diags, inspected } = await analyse(trusted);
      assert.deepEqual(
        diags.filter((d) => d.severity === 1).map(textOf),
        [],
      );
      assert.equal(local(inspected, 'outside'), `"${SECRET}"`);
      assert.equal(local(inspected, 'linked'), `"${SECRET}"`);
      assert.equal(local(inspected, 'inside'), '"inside-value"');
    }
    assert.equal(requests, 0, 'the http data source was not fetched');
  });
});
