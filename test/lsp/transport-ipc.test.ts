/**
 * The bundled server also speaks over node IPC (`--node-ipc`, what the VS Code client uses for a forked server):
 * initialize, diagnostics on open, a request, and a clean shutdown, all over the IPC channel.
 */
import { fork } from 'node:child_process';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  type Hover,
  type InitializeResult,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { SERVER } from './harness.js';

describe('node IPC transport', () => {
  it('serves initialize, diagnostics and hover over IPC, then exits on shutdown/exit', async () => {
    const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const published = new Promise<PublishDiagnosticsParams>((resolve) => connection.onNotification('textDocument/publishDiagnostics', resolve));
    connection.onRequest('workspace/configuration', () => [null]);
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    try {
      const init = await connection.sendRequest<InitializeResult>('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: {},
        initializationOptions: { settings: { packer: { diagnosticsDelay: 0 } } },
      });
      assert.ok(init.capabilities.hoverProvider);
      await connection.sendNotification('initialized', {});
      const uri = 'untitled:ipc';
      const text = 'variable "region" {\n  default = "eu"\n}\nlocals {\n  a = var.regon\n  b = var.region\n}\n';
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'packer', version: 1, text } });
      const p = await published;
      assert.equal(p.uri, uri);
      assert.equal(p.diagnostics.length, 1);
      assert.match(String(p.diagnostics[0]!.message), /"regon"/);
      assert.deepEqual(p.diagnostics[0]!.range.start, { line: 4, character: 9 });
      const hover = await connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 10 } });
      assert.match((hover.contents as { value: string }).value, /`"eu"`/);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      assert.equal(await exited, 0);
    } finally {
      connection.dispose();
      if (child.exitCode === null) child.kill();
    }
  });
});
