/** Wires VS Code to the Packer Studio language server. Language logic lives in server/. */
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Packer Studio', { log: true });
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
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
  };
  client = new LanguageClient('packer', 'Packer Studio Language Server', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand('packer.restartLanguageServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('packer.showOutput', () => output.show(true)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
