/**
 * Entry of dist/extension.js: starts the language server (dist/server.js) and wires the commands, the packer
 * task type, the Inspect view and the language status item. Language logic lives in server/.
 */
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CliRunner } from './cli-process.js';
import { registerCommands } from './commands.js';
import { InspectView, VIEW_ID } from './inspect-view.js';
import { CliProblems } from './problems.js';
import { TemplateStatus } from './status.js';
import { PackerTaskProvider, TASK_TYPE } from './tasks.js';
import { TEMPLATE_GLOB, templateDirectories } from './templates.js';
import { ValidationTimer } from './validation-timer.js';

let client: LanguageClient | undefined;

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, timer: ValidationTimer, onDiagnosed: () => void): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  // V8's young generation grows to two 16 MB semi-spaces and stays committed; 8 MB ones keep the server 16 MB
  // smaller with no measurable keystroke cost. Typing leaves about a megabyte of old garbage a keystroke, and V8
  // lets the old generation grow to about four times what lives (~20 MB) before marking; a 1.75 growth factor
  // keeps the 50,000-line workspace under 145 MB. 1.5 kept it 5 MB lower but marked so often that a keystroke
  // cost 2 ms more CPU and its p95 grew by 4 ms (paired runs of scripts/bench-lsp.mjs).
  // Only the command line can set these.
  const heapFlags = ['--max-semi-space-size=8', '--heap-growing-percent=75'];
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: heapFlags } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...heapFlags, '--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'packer' },
      { scheme: 'file', language: 'packervars' },
      { scheme: 'untitled', language: 'packer' },
    ],
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    synchronize: { configurationSection: 'packer' },
    // The server may use it to keep evaluation inside the workspace; the client gates builds itself.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted }),
    middleware: {
      didOpen: (doc, next) => {
        timer.changed(doc.uri.toString());
        return next(doc);
      },
      didChange: (event, next) => {
        timer.changed(event.document.uri.toString());
        return next(event);
      },
      handleDiagnostics: (uri, diagnostics, next) => {
        next(uri, diagnostics);
        if (timer.diagnosed(uri.toString())) onDiagnosed();
      },
    },
  };
  return new LanguageClient('packer', 'Packer Studio Language Server', serverOptions, clientOptions);
}

async function updateHasTemplates(): Promise<void> {
  const dirs = await templateDirectories();
  await vscode.commands.executeCommand('setContext', 'packer.hasTemplates', dirs.length > 0);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Packer Studio', { log: true });
  const timer = new ValidationTimer();
  const status = new TemplateStatus(timer);
  const runner = new CliRunner(context.asAbsolutePath('dist/cli.js'));
  const buildProblems = new CliProblems('packer-build');
  const validateProblems = new CliProblems('packer-validate');
  const inspect = new InspectView(() => client);
  const inspectTree = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: inspect, showCollapseAll: true });
  inspect.attach(inspectTree);
  const log = (text: string) => output.append(text);
  const services = { runner, problems: buildProblems, log };

  client = createClient(context, output, timer, () => status.update());
  const watcher = vscode.workspace.createFileSystemWatcher(TEMPLATE_GLOB, false, true, false);

  context.subscriptions.push(
    output,
    status,
    buildProblems,
    validateProblems,
    inspect,
    inspectTree,
    watcher,
    vscode.tasks.registerTaskProvider(TASK_TYPE, new PackerTaskProvider(services)),
    ...registerCommands({
      ...services,
      output,
      validateProblems,
      inspect,
      restartServer: async () => {
        output.info('Restarting the language server');
        await client?.restart();
        await inspect.refresh();
      },
    }),
    watcher.onDidCreate(() => void updateHasTemplates()),
    watcher.onDidDelete(() => void updateHasTemplates()),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      status.update();
      inspect.followEditor(e);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => inspect.documentChanged(e.document)),
    vscode.workspace.onDidSaveTextDocument((d) => inspect.documentChanged(d)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('packer')) {
        status.update();
        void inspect.refresh();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      status.update();
      output.info('Workspace trusted: builds enabled; restarting the language server with full evaluation');
      void client?.restart();
    }),
  );

  void updateHasTemplates();
  await client.start();
  inspect.followEditor(vscode.window.activeTextEditor);
  output.info(`Packer Studio activated in ${Math.round(performance.now() - started)} ms`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
