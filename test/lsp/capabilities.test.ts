/**
 * What the server announces and how it takes settings from a client like VS Code: every provider of issue 4 in
 * the initialize result (incremental sync, delta semantic tokens, the code action kinds), and settings pulled with
 * `workspace/configuration` when the client supports it — at start and again on each `didChangeConfiguration`.
 */
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeResult,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { LspClient, SERVER, textOf } from './harness.js';

describe('server capabilities and settings', () => {
  it('announces every feature the client relies on', async () => {
    const c = await LspClient.start();
    try {
      const caps = c.initializeResult.capabilities;
      assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: false });
      assert.deepEqual(caps.completionProvider?.triggerCharacters?.slice().sort(), [' ', '"', '(', '.', '='].sort());
      assert.deepEqual(caps.signatureHelpProvider?.triggerCharacters, ['(', ',']);
      assert.deepEqual(caps.renameProvider, { prepareProvider: true });
      assert.deepEqual(caps.semanticTokensProvider && { full: caps.semanticTokensProvider.full, range: caps.semanticTokensProvider.range }, { full: { delta: true }, range: true });
      assert.ok(caps.semanticTokensProvider!.legend.tokenTypes.length > 0);
      const kinds = (caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds;
      for (const k of ['quickfix', 'source.formatAll']) assert.ok(kinds.includes(k), k);
      for (const p of [
        'hoverProvider',
        'definitionProvider',
        'referencesProvider',
        'documentSymbolProvider',
        'workspaceSymbolProvider',
        'foldingRangeProvider',
        'documentHighlightProvider',
        'selectionRangeProvider',
        'inlayHintProvider',
        'documentLinkProvider',
        'codeLensProvider',
        'documentFormattingProvider',
        'documentRangeFormattingProvider',
      ] as const) {
        assert.ok(caps[p], p);
      }
      assert.equal(c.initializeResult.serverInfo?.name, 'packer-studio');
    } finally {
      await c.stop();
    }
  });

  it('pulls settings with workspace/configuration from a client that supports it, again on each change', async () => {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    let current: unknown = { diagnosticsDelay: 0, rules: { 'unknown-variable': 'hint' } };
    const asked: unknown[] = [];
    const registered: string[] = [];
    const publications: PublishDiagnosticsParams[] = [];
    let wake: () => void = () => undefined;
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
      asked.push(params.items.map((i) => i.section));
      return params.items.map(() => current);
    });
    connection.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
      registered.push(...params.registrations.map((r) => r.method));
      return null;
    });
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      publications.push(p);
      wake();
    });
    const next = async (accept: (p: PublishDiagnosticsParams) => boolean) => {
      const end = Date.now() + 10_000;
      for (;;) {
        const found = publications.find(accept);
        if (found) return found;
        if (Date.now() > end) throw new Error(`no matching publication: ${JSON.stringify(publications)}`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 100);
        });
      }
    };
    connection.listen();
    try {
      await connection.sendRequest<InitializeResult>('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
      });
      await connection.sendNotification('initialized', {});
      const uri = 'untitled:pulled';
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'packer', version: 1, text: 'locals {\n  a = nope\n}\n' } });
      const first = await next((p) => p.uri === uri && p.diagnostics.length === 1 && p.diagnostics[0]!.severity === 4);
      assert.match(textOf(first.diagnostics[0]!), /^Unknown variable/);
      assert.equal(first.diagnostics[0]!.code, 'unknown-variable');
      assert.ok(asked.some((a) => JSON.stringify(a) === '["packer"]'), JSON.stringify(asked));
      assert.ok(registered.includes('workspace/didChangeConfiguration'), JSON.stringify(registered));
      // VS Code sends the notification without settings: the server asks again and applies the answer.
      current = { diagnosticsDelay: 0, rules: { 'unknown-variable': 'off' } };
      const before = publications.length;
      await connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await next((p) => publications.indexOf(p) >= before && p.uri === uri && p.diagnostics.length === 0);
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});
