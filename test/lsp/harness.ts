/**
 * Test client for the bundled language server: spawns dist/server.js over stdio and speaks LSP to it with the
 * vscode-languageserver-protocol client classes. Collects published diagnostics and server log messages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SERVER = join(ROOT, 'dist/server.js');
export const FIXTURES = join(import.meta.dirname, 'fixtures');

export function fixtureUri(...parts: string[]): string {
  return pathToFileURL(join(FIXTURES, ...parts)).href;
}

export function fixtureText(...parts: string[]): string {
  return readFileSync(join(FIXTURES, ...parts), 'utf8');
}

export interface StartOptions {
  readonly settings?: unknown;
  readonly workspaceFolders?: readonly string[];
  readonly env?: Record<string, string>;
  /** Extra initialization options, e.g. `{ trusted: false }` as the VS Code client sends them. */
  readonly initializationOptions?: Readonly<Record<string, unknown>>;
}

export class LspClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publication, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  private waiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  initializeResult!: InitializeResult;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.published.push(p);
      this.notify();
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    connection.onRequest('workspace/configuration', () => [null]);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/inlayHint/refresh', () => null);
  }

  static async start(opts: StartOptions = {}): Promise<LspClient> {
    if (!existsSync(SERVER)) throw new Error('dist/server.js is missing: run `npm run build` first');
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection);
    connection.listen();
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
      workspaceFolders: (opts.workspaceFolders ?? []).map((f) => ({ uri: pathToFileURL(f).href, name: f })),
      initializationOptions: { ...opts.initializationOptions, ...(opts.settings !== undefined ? { settings: opts.settings } : {}) },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private notify(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async open(uri: string, text: string, languageId = 'packer'): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Waits until the diagnostics published for `uri` satisfy `accept` (checks what was already published too). */
  waitForDiagnostics(uri: string, accept: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<Diagnostic[]> {
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(this.diagnostics.get(uri)?.diagnostics ?? null)}`)), timeoutMs);
      const check = () => {
        const p = this.diagnostics.get(uri);
        if (p && accept(p.diagnostics, p)) {
          clearTimeout(timer);
          resolvePromise(p.diagnostics);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  /** Waits for diagnostics of a given document version. */
  waitForVersion(uri: string, version: number, timeoutMs = 10_000): Promise<Diagnostic[]> {
    return this.waitForDiagnostics(uri, (_d, p) => p.version === version, timeoutMs);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The process may already be gone.
    }
    this.connection.dispose();
    if (this.alive) this.process.kill();
  }
}

/** A fresh copy of a fixture directory in a temporary directory, for tests that write files. */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `lsp-${name}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

/** Applies LSP text edits to a text (for asserting on the result of formatting, rename and quick fixes). */
export function applyEdits(text: string, edits: readonly { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const at = (p: { line: number; character: number }) => (starts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => at(b.range.start) - at(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, at(e.range.start)) + e.newText + out.slice(at(e.range.end));
  return out;
}

/** The line/character of the first occurrence of `needle` in `text` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" not found`);
  const offset = i + delta;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/**
 * Parameters that serve every position- or range-based request at once (each method reads the fields it knows),
 * so a suite can fire any of them at the same place.
 */
export function anyRequestParams(uri: string, position: unknown, range: unknown, extra: { diagnostics?: readonly unknown[]; newName?: string } = {}): Record<string, unknown> {
  return {
    textDocument: { uri },
    position,
    positions: [position],
    range,
    context: { includeDeclaration: true, diagnostics: extra.diagnostics ?? [] },
    options: { tabSize: 2, insertSpaces: true },
    newName: extra.newName ?? 'x',
  };
}

/** A diagnostic's message as text (LSP 3.18 allows markup content there too). */
export function textOf(d: { readonly message: string | { readonly value: string } }): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}
