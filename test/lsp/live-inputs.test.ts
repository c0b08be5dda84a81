/**
 * What a template's analysis reads besides the open documents, changed while the server runs: files of the
 * directory created and deleted on disk (`workspace/didChangeWatchedFiles`), auto var files and their validation
 * failures, and var files and `PKR_VAR_*` values chosen in settings (`workspace/didChangeConfiguration`), seen in
 * hover and inlay hints as well as in diagnostics.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hover, InlayHint } from 'vscode-languageserver-protocol';
import { LspClient, positionOf, textOf, uriOf } from './harness.js';

const VARS = `variable "size" {
  type    = number
  default = 2

  validation {
    condition     = var.size < 10
    error_message = "The size must be below 10."
  }
}
`;
const MAIN = 'locals {\n  doubled = var.size * 2\n  extra   = var.extra\n}\n';

describe('inputs that change while the server runs', () => {
  let c: LspClient;
  let dir: string;
  let main: string;
  const path = (name: string) => join(dir, name);
  const settings = (packer: Record<string, unknown>) => c.connection.sendNotification('workspace/didChangeConfiguration', { settings: { packer: { diagnosticsDelay: 0, ...packer } } });
  const hoverSize = async () => {
    const h = await c.request<Hover>('textDocument/hover', { textDocument: { uri: main }, position: positionOf(MAIN, 'var.size', 5) });
    return (h.contents as { value: string }).value;
  };
  const hintOnSize = async () => {
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: main }, range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } } });
    const end = positionOf(MAIN, 'var.size', 'var.size'.length);
    return hints.find((h) => h.position.line === end.line && h.position.character === end.character)?.label;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lsp-live-'));
    writeFileSync(path('variables.pkr.hcl'), VARS);
    writeFileSync(path('main.pkr.hcl'), MAIN);
    main = uriOf(path('main.pkr.hcl'));
    c = await LspClient.start({ settings: { packer: { diagnosticsDelay: 0 } } });
    await c.open(main, MAIN);
  });
  after(async () => {
    await c.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a file created on disk and forgets it when it is deleted', async () => {
    const ds = await c.waitForVersion(main, 1);
    assert.deepEqual(ds.map((d) => `${d.range.start.line}:${d.range.start.character} ${textOf(d)}`), ['2:15 Unsupported attribute: This object does not have an attribute named "extra".']);
    const extra = path('extra.pkr.hcl');
    writeFileSync(extra, 'variable "extra" {\n  default = "x"\n}\n');
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(extra), type: 1 }] });
    await c.waitForDiagnostics(main, (d) => d.length === 0);
    unlinkSync(extra);
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(extra), type: 3 }] });
    await c.waitForDiagnostics(main, (d) => d.some((x) => textOf(x).includes('"extra"')));
    // Declared again for the rest of the suite.
    writeFileSync(extra, 'variable "extra" {\n  default = "x"\n}\n');
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(extra), type: 1 }] });
    await c.waitForDiagnostics(main, (d) => d.length === 0);
  });

  it('applies a new auto var file: its value shows in hover and hints, its validation failure sits on its entry', async () => {
    assert.match(await hoverSize(), /Value \(default\): `2`/);
    assert.equal(await hintOnSize(), '= 2');
    const auto = path('big.auto.pkrvars.hcl');
    const text = '# too big\nsize = 12\n';
    writeFileSync(auto, text);
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(auto), type: 1 }] });
    const ds = await c.waitForDiagnostics(uriOf(auto), (d) => d.length > 0);
    assert.equal(ds.length, 1);
    assert.match(textOf(ds[0]!), /^Invalid value for varfile variable: The size must be below 10\./);
    assert.deepEqual(ds[0]!.range.start, positionOf(text, '12'));
    assert.match(await hoverSize(), /Value \(varfile\): `12`/);
    assert.equal(await hintOnSize(), '= 12');
    unlinkSync(auto);
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(auto), type: 3 }] });
    await c.waitForDiagnostics(uriOf(auto), (d) => d.length === 0);
    assert.match(await hoverSize(), /Value \(default\): `2`/);
  });

  it('applies var files and PKR_VAR_ values from settings live, in that precedence', async () => {
    writeFileSync(path('prod.pkrvars.hcl'), 'size = 5\n');
    await settings({ env: { PKR_VAR_size: '7' } });
    await waitFor(async () => /Value \(env\): `7`/.test(await hoverSize()));
    assert.equal(await hintOnSize(), '= 7');
    // With the environment value still set, a var file chosen in settings wins, as -var-file wins over PKR_VAR_.
    await settings({ varFiles: ['prod.pkrvars.hcl'], env: { PKR_VAR_size: '7' } });
    await waitFor(async () => /Value \(varfile\): `5`/.test(await hoverSize()));
    assert.equal(await hintOnSize(), '= 5');
    await settings({});
    await waitFor(async () => /Value \(default\): `2`/.test(await hoverSize()));
  });

  it('revalidates a var file chosen in settings when it changes on disk', async () => {
    const file = path('chosen.pkrvars.hcl');
    writeFileSync(file, 'size = 4\n');
    await settings({ varFiles: ['chosen.pkrvars.hcl'] });
    await waitFor(async () => /Value \(varfile\): `4`/.test(await hoverSize()));
    assert.deepEqual(await c.waitForDiagnostics(uriOf(file)), []);
    const text = 'size = 40\n';
    writeFileSync(file, text);
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(file), type: 2 }] });
    const ds = await c.waitForDiagnostics(uriOf(file), (d) => d.length > 0);
    assert.equal(ds.length, 1);
    assert.equal(textOf(ds[0]!), `Invalid value for varfile variable: The size must be below 10.\n\nThis was checked by the validation rule at ${path('variables.pkr.hcl')}:5,3-13.`);
    assert.deepEqual(ds[0]!.range.start, positionOf(text, '40'));
    assert.equal(await hintOnSize(), '= 40');
    await settings({});
  });
});

/** Polls until `check` holds: settings are applied asynchronously, after the notification has been sent. */
async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
