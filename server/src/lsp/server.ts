/**
 * The language server: wires the LSP connection to the document store, the template workspace, the analysis
 * cache and the feature modules. Every handler is guarded: a failure is logged and answered with an empty
 * result, never a crash.
 */
import { dirname } from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  FileChangeType,
  ResponseError,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type Range,
} from 'vscode-languageserver';
import type { FileSystem } from '../hcl/function.js';
import type { HclParser } from '../hcl/parse.js';
import { analyze, type Analysis } from './analysis.js';
import { codeActions } from './code-actions.js';
import { codeLenses } from './code-lens.js';
import { complete } from './completion.js';
import { DiagnosticsPublisher } from './diagnostics.js';
import { DocumentStore, type Document } from './documents.js';
import { foldingRanges } from './folding.js';
import { formatDocument, formatRangeEdits } from './formatting.js';
import { hover } from './hover.js';
import { IdleCollector } from './idle-gc.js';
import { inlayHints } from './inlay-hints.js';
import { nodeFileSystem } from './node-fs.js';
import { buildTargets, inspect } from './inspect.js';
import { documentLinks } from './links.js';
import { definition, documentHighlights, prepareRename, references, rename } from './navigation.js';
import { offsetOf } from './positions.js';
import { BuildTargetsRequest, InspectRequest, type PackerSettings } from './protocol.js';
import { REGISTRY_SCHEMAS } from './schemas.js';
import { selectionRanges } from './selection.js';
import { semanticTokens, TOKEN_LEGEND } from './semantic-tokens.js';
import { TokenData, TokenResults } from './token-data.js';
import { DEFAULT_SETTINGS, parseSettings } from './settings.js';
import { signatureHelp } from './signature.js';
import { documentSymbols, workspaceSymbols } from './symbols.js';
import { trustedFrom, workspaceOnlyFileSystem } from './trust.js';
import { uriToFile } from './uris.js';
import { templateRoot, Workspace, type TemplateFiles } from './workspace.js';

/** How many templates keep their analysis and their documents' syntax in memory. */
const HOT_TEMPLATES = 2;
/** Quiet time after an analysis before the heap it left behind is collected. */
const IDLE_GC_MS = 500;

export function startServer(connection: Connection, parser: HclParser): void {
  const docs = new DocumentStore(parser);
  const workspace = new Workspace(docs, parser);
  const schemas = REGISTRY_SCHEMAS;
  let settings: PackerSettings = DEFAULT_SETTINGS;
  let settingsGeneration = 0;
  let workspaceRoots: string[] = [];
  let pullConfiguration = false;
  /** What file functions read through; narrowed to the workspace folders when the client says it is untrusted. */
  let fileSystem: FileSystem = nodeFileSystem;
  const analyses = new Map<string, { key: string; analysis: Analysis }>();
  const idle = new IdleCollector(IDLE_GC_MS);
  const tokenResults = new TokenResults();

  const logError = (where: string, err: unknown) => {
    connection.console.error(`${where}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  };

  /**
   * The analysis of `files`, kept most recently used last. Only the HOT_TEMPLATES most recent templates keep
   * their analysis and their open documents' syntax: in a big workspace the others cost their texts, and are
   * parsed and analysed again when next needed.
   */
  const cachedAnalysis = (files: TemplateFiles): Analysis => {
    const key = `${settingsGeneration}|${files.files.map((f) => `${f.uri}@${f.stamp}`).join(',')}`;
    const cached = analyses.get(files.root);
    analyses.delete(files.root);
    const fresh = !cached || cached.key !== key;
    const entry = fresh ? { key, analysis: analyze(files, parser, settings, process.env, fileSystem) } : cached;
    if (fresh) idle.worked();
    analyses.set(files.root, entry);
    for (const [root] of analyses) {
      if (analyses.size <= HOT_TEMPLATES) break;
      analyses.delete(root);
      for (const doc of docs.all()) if (templateRoot(doc.uri) === root) doc.releaseModel();
      idle.dropped();
    }
    return entry.analysis;
  };

  const analysisFor = (uri: string): Analysis => cachedAnalysis(workspace.templateFor(uri, settings.varFiles));

  /**
   * The last analysis of the template, even if a keystroke made it stale, for requests that must answer while
   * typing (completion, signature help): re-analysing on each keystroke would cost more than a list one
   * keystroke old.
   */
  const recentAnalysisFor = (uri: string): Analysis => analyses.get(templateRoot(uri))?.analysis ?? analysisFor(uri);

  const publisher = new DiagnosticsPublisher(
    connection,
    templateRoot,
    analysisFor,
    () => settings,
    (err) => logError('diagnostics', err),
  );

  /** Runs a request handler on an open document, answering `fallback` when it is unknown or the handler fails. */
  function onDoc<P extends { textDocument: { uri: string } }, R>(name: string, fallback: R, fn: (doc: Document, params: P) => R): (params: P) => R {
    return (params) => {
      try {
        const doc = params?.textDocument?.uri ? docs.get(params.textDocument.uri) : undefined;
        return doc ? fn(doc, params) : fallback;
      } catch (err) {
        // A ResponseError is a deliberate answer (e.g. an invalid new name for rename), not a failure.
        if (err instanceof ResponseError) throw err;
        logError(name, err);
        return fallback;
      }
    };
  }

  function guard<P>(name: string, fn: (params: P) => void): (params: P) => void {
    return (params) => {
      try {
        fn(params);
      } catch (err) {
        logError(name, err);
      }
    };
  }

  const refreshAll = () => {
    analyses.clear();
    for (const doc of docs.all()) publisher.schedule(doc.uri, 0);
    void connection.languages.inlayHint.refresh().catch(() => undefined);
  };

  const loadSettings = async () => {
    if (!pullConfiguration) return;
    try {
      const raw: unknown = await connection.workspace.getConfiguration('packer');
      settings = parseSettings(raw);
      settingsGeneration++;
    } catch (err) {
      logError('configuration', err);
    }
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings !== undefined) settings = parseSettings(init.settings);
    workspaceRoots = (params.workspaceFolders ?? []).map((f) => uriToFile(f.uri));
    if (workspaceRoots.length === 0 && params.rootUri) workspaceRoots = [uriToFile(params.rootUri)];
    // The client restarts the server when trust is granted, so this is read once.
    if (!trustedFrom(params.initializationOptions)) fileSystem = workspaceOnlyFileSystem(nodeFileSystem, workspaceRoots);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        completionProvider: { triggerCharacters: ['.', '"', '=', ' ', '('], resolveProvider: false },
        hoverProvider: true,
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        documentHighlightProvider: true,
        selectionRangeProvider: true,
        semanticTokensProvider: { legend: TOKEN_LEGEND, full: { delta: true }, range: true },
        inlayHintProvider: true,
        documentLinkProvider: { resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, 'source.formatAll'] },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
      },
      serverInfo: { name: 'packer-studio' },
    };
  });

  connection.onInitialized(() => {
    if (pullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'packer' }).catch(() => undefined);
      void loadSettings().then(refreshAll);
    }
  });

  connection.onDidChangeConfiguration(
    guard('didChangeConfiguration', (params) => {
      const raw = (params as { settings?: unknown }).settings;
      if (pullConfiguration && (raw === undefined || raw === null)) {
        void loadSettings().then(refreshAll);
        return;
      }
      settings = parseSettings(raw);
      settingsGeneration++;
      refreshAll();
    }),
  );

  connection.onDidOpenTextDocument(
    guard('didOpen', (p) => {
      docs.open(p.textDocument.uri, p.textDocument.text, p.textDocument.version);
      publisher.schedule(p.textDocument.uri, 0);
    }),
  );
  connection.onDidChangeTextDocument(
    guard('didChange', (p) => {
      if (docs.change(p.textDocument.uri, p.contentChanges, p.textDocument.version ?? 0)) publisher.schedule(p.textDocument.uri);
    }),
  );
  connection.onDidCloseTextDocument(
    guard('didClose', (p) => {
      const uri = p.textDocument.uri;
      docs.close(uri);
      tokenResults.forget(uri);
      const file = uriToFile(uri);
      if (!uri.startsWith('file:') || !/\.pkr(vars)?\.hcl$/.test(file)) publisher.clear(uri);
      else {
        workspace.invalidate(file);
        publisher.schedule(uri, 0);
      }
    }),
  );
  connection.onDidChangeWatchedFiles(
    guard('didChangeWatchedFiles', (p) => {
      for (const change of p.changes) {
        const file = uriToFile(change.uri);
        workspace.invalidate(file);
        if (change.type === FileChangeType.Deleted) publisher.clear(change.uri);
        const sibling = [...docs.all()].find((d) => dirname(d.file) === dirname(file));
        if (sibling) publisher.schedule(sibling.uri);
      }
    }),
  );

  const at = (doc: Document, pos: { line: number; character: number } | undefined) => offsetOf(doc.lines, pos);

  connection.onCompletion(onDoc('completion', [], (doc, p) => complete(doc, at(doc, p.position), recentAnalysisFor(doc.uri), schemas)));
  connection.onHover(onDoc('hover', null, (doc, p) => hover(doc, at(doc, p.position), analysisFor(doc.uri), schemas)));
  connection.onSignatureHelp(onDoc('signatureHelp', null, (doc, p) => signatureHelp(doc, at(doc, p.position), recentAnalysisFor(doc.uri))));
  connection.onDefinition(onDoc('definition', [], (doc, p) => definition(doc, at(doc, p.position), analysisFor(doc.uri))));
  connection.onReferences(
    onDoc('references', [], (doc, p) => references(doc, at(doc, p.position), analysisFor(doc.uri), p.context?.includeDeclaration !== false)),
  );
  connection.onPrepareRename(onDoc('prepareRename', null, (doc, p) => prepareRename(doc, at(doc, p.position), analysisFor(doc.uri))));
  connection.onRenameRequest(onDoc('rename', null, (doc, p) => rename(doc, at(doc, p.position), String(p.newName ?? ''), analysisFor(doc.uri))));
  connection.onDocumentHighlight(onDoc('documentHighlight', [], (doc, p) => documentHighlights(doc, at(doc, p.position), analysisFor(doc.uri))));
  connection.onDocumentSymbol(onDoc('documentSymbol', [], (doc) => documentSymbols(doc)));
  connection.onWorkspaceSymbol((p) => {
    try {
      const byRoot = new Map<string, Analysis>();
      for (const dir of workspace.templateDirectories(workspaceRoots)) byRoot.set(dir, analyzeDirectory(dir));
      for (const d of docs.all()) {
        const a = analysisFor(d.uri);
        byRoot.set(a.files.root, a);
      }
      return workspaceSymbols([...byRoot.values()], String(p?.query ?? ''));
    } catch (err) {
      logError('workspaceSymbol', err);
      return [];
    }
  });
  connection.onFoldingRanges(onDoc('foldingRange', [], (doc) => foldingRanges(doc)));
  connection.onSelectionRanges(onDoc('selectionRange', [], (doc, p) => selectionRanges(doc, (p.positions ?? []).map((pos) => at(doc, pos)))));
  const tokensOf = (doc: Document, range?: Range): TokenData => {
    const tokens = new TokenData();
    semanticTokens(doc, tokens, range);
    return tokens;
  };
  connection.languages.semanticTokens.on(onDoc('semanticTokens', { data: [] }, (doc) => tokenResults.full(doc.uri, tokensOf(doc))));
  connection.languages.semanticTokens.onDelta(
    onDoc('semanticTokensDelta', { edits: [] }, (doc, p) => tokenResults.delta(doc.uri, p.previousResultId, tokensOf(doc))),
  );
  connection.languages.semanticTokens.onRange(onDoc('semanticTokensRange', { data: [] }, (doc, p) => ({ data: Array.from(tokensOf(doc, p.range).values) })));
  connection.languages.inlayHint.on(onDoc('inlayHint', [], (doc, p) => inlayHints(doc, p.range, analysisFor(doc.uri))));
  connection.onDocumentLinks(onDoc('documentLink', [], (doc) => documentLinks(doc, analysisFor(doc.uri))));
  connection.onCodeLens(onDoc('codeLens', [], (doc) => codeLenses(doc, analysisFor(doc.uri))));
  connection.onCodeAction(onDoc('codeAction', [], (doc, p) => codeActions(doc, p, analysisFor(doc.uri))));
  connection.onDocumentFormatting(onDoc('formatting', [], (doc, p) => formatDocument(doc, p.options)));
  connection.onDocumentRangeFormatting(onDoc('rangeFormatting', [], (doc, p) => formatRangeEdits(doc, p.range)));

  connection.onRequest(InspectRequest, (p) => {
    try {
      return p?.uri ? inspect(analysisFor(p.uri)) : null;
    } catch (err) {
      logError('packer/inspect', err);
      return null;
    }
  });
  connection.onRequest(BuildTargetsRequest, (p) => {
    try {
      return p?.uri ? buildTargets(analysisFor(p.uri)) : null;
    } catch (err) {
      logError('packer/buildTargets', err);
      return null;
    }
  });

  connection.onShutdown(() => {
    publisher.dispose();
    idle.dispose();
  });

  function analyzeDirectory(dir: string): Analysis {
    return cachedAnalysis(workspace.directory(dir, settings.varFiles));
  }

  connection.listen();
}
