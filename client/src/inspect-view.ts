/**
 * The Inspect view: the template's variables, locals, sources and builds from `packer/inspect`, refreshed as
 * the user edits or switches templates. Clicking an item reveals its block.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { InspectRequest, type InspectResult } from '../../server/src/lsp/protocol.js';
import { inspectTree, type InspectLocation, type InspectNode, type InspectNodeKind } from './inspect-model.js';
import { isPackerDocument, templateLabel } from './templates.js';

export const VIEW_ID = 'packer.inspect';
export const REVEAL_COMMAND = 'packer.inspect.reveal';
const HAS_TEMPLATE = 'packer.inspect.hasTemplate';

/** Edits come in bursts; one request after the burst is enough. */
const REFRESH_DELAY_MS = 300;

const ICONS: Record<InspectNodeKind, string> = {
  group: 'list-tree',
  variable: 'symbol-variable',
  'sensitive-variable': 'lock',
  local: 'symbol-constant',
  data: 'database',
  source: 'server-environment',
  build: 'package',
  'build-source': 'server-environment',
  provisioner: 'tools',
  'post-processor': 'archive',
  chain: 'link',
};

/** Groups start open: the view exists to show what is inside them. */
const EXPANDED: ReadonlySet<InspectNodeKind> = new Set(['group']);

export function toVscodeRange(r: InspectLocation['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export class InspectView implements vscode.TreeDataProvider<InspectNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<InspectNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes: InspectNode[] = [];
  private currentUri: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private view: vscode.TreeView<InspectNode> | undefined;
  private generation = 0;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  attach(view: vscode.TreeView<InspectNode>): void {
    this.view = view;
  }

  getTreeItem(n: InspectNode): vscode.TreeItem {
    const state =
      n.children.length === 0 ? vscode.TreeItemCollapsibleState.None : EXPANDED.has(n.kind) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(n.label, state);
    // VS Code keeps an element's expansion by id and ignores a new collapsibleState, so a group that was empty
    // (a leaf) would come back with a twistie and no rows once it has children: a leaf gets an id of its own.
    item.id = state === vscode.TreeItemCollapsibleState.None ? `${n.id}#leaf` : n.id;
    item.description = n.description;
    item.tooltip = n.tooltip;
    item.contextValue = n.kind;
    item.iconPath = new vscode.ThemeIcon(ICONS[n.kind]);
    if (n.location) {
      item.command = { title: 'Reveal in Editor', command: REVEAL_COMMAND, arguments: [n.location] };
    }
    return item;
  }

  getChildren(n?: InspectNode): InspectNode[] {
    return n ? [...n.children] : this.nodes;
  }

  /** Follow the active editor when it is a Packer file; otherwise keep showing the last template. */
  followEditor(editor: vscode.TextEditor | undefined): void {
    if (editor && isPackerDocument(editor.document)) this.schedule(editor.document.uri.toString(), 0);
  }

  documentChanged(doc: vscode.TextDocument): void {
    if (!isPackerDocument(doc)) return;
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    if (doc.uri.toString() === active || doc.uri.toString() === this.currentUri) this.schedule(doc.uri.toString(), REFRESH_DELAY_MS);
  }

  /** Refresh now, for the given document or the one the view already shows. */
  refresh(uri?: string): Promise<void> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri.toString() ?? this.currentUri;
    return target ? this.load(target) : Promise.resolve();
  }

  private schedule(uri: string, delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.load(uri);
    }, delay);
  }

  private async load(uri: string): Promise<void> {
    const client = this.client();
    if (!client) return;
    const generation = ++this.generation;
    let result: InspectResult | null;
    try {
      result = await client.sendRequest(InspectRequest, { uri });
    } catch {
      // The server restarting or busy: the next edit or editor switch asks again.
      return;
    }
    if (generation !== this.generation) return;
    this.currentUri = uri;
    this.nodes = result ? inspectTree(result) : [];
    void vscode.commands.executeCommand('setContext', HAS_TEMPLATE, result !== null);
    if (this.view) this.view.description = result ? templateLabel(vscode.Uri.parse(result.root).fsPath) : undefined;
    this.changed.fire(undefined);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }
}

export async function revealLocation(loc: InspectLocation): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(loc.uri));
  const range = toVscodeRange(loc.range);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(range.start, range.start), preserveFocus: false });
}
