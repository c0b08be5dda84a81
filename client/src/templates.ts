/** Finding the template a command is about: an explicit path, the active editor, or a pick among the workspace's. */
import * as path from 'node:path';
import * as vscode from 'vscode';

export const TEMPLATE_GLOB = '**/*.pkr.hcl';
const EXCLUDE = '**/{node_modules,.git,dist}/**';

export function isPackerDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'packer' || doc.languageId === 'packervars';
}

/** Directories holding at least one `.pkr.hcl`, sorted, each once. */
export async function templateDirectories(): Promise<string[]> {
  const files = await vscode.workspace.findFiles(TEMPLATE_GLOB, EXCLUDE, 500);
  return [...new Set(files.map((f) => path.dirname(f.fsPath)))].sort();
}

/** "examples" for a directory inside a workspace folder; the absolute path otherwise. */
export function templateLabel(fsPath: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(fsPath));
  // asRelativePath gives a folder's own root back as an absolute path: name it like the Explorer does.
  if (folder && path.relative(folder.uri.fsPath, fsPath) === '') return folder.name;
  const rel = vscode.workspace.asRelativePath(fsPath, false);
  return rel === '' ? path.basename(fsPath) : rel;
}

/** The workspace folder a template belongs to: where builds run and relative paths resolve. */
export function folderOf(fsPath: string): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(fsPath)) ?? vscode.workspace.workspaceFolders?.[0];
}

export function workingDirectory(fsPath: string): string {
  return folderOf(fsPath)?.uri.fsPath ?? path.dirname(fsPath);
}

/**
 * What a command runs on. Explicit arguments win (a path from a code lens, a Uri from the explorer); then
 * the active Packer editor's directory (a `.pkrvars.hcl` belongs to its directory's template too); then the
 * only template directory, or the user's pick. Undefined when there is none or the pick was cancelled.
 */
export async function resolveTemplate(arg: unknown): Promise<string | undefined> {
  if (typeof arg === 'string' && arg !== '') return arg;
  if (arg instanceof vscode.Uri && arg.scheme === 'file') {
    if (arg.fsPath.endsWith('.pkr.hcl') || arg.fsPath.endsWith('.json')) return arg.fsPath;
    if (arg.fsPath.endsWith('.hcl')) return path.dirname(arg.fsPath);
    return arg.fsPath;
  }
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && isPackerDocument(doc) && doc.uri.scheme === 'file') return path.dirname(doc.uri.fsPath);
  const dirs = await templateDirectories();
  if (dirs.length === 0) {
    void vscode.window.showWarningMessage('Packer: no template (*.pkr.hcl) in this workspace.');
    return undefined;
  }
  if (dirs.length === 1) return dirs[0];
  const pick = await vscode.window.showQuickPick(
    dirs.map((d) => ({ label: templateLabel(d), description: d, dir: d })),
    { title: 'Packer template directory', placeHolder: 'Which template?' },
  );
  return pick?.dir;
}
