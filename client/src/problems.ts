/** Puts the positioned errors of a CLI run (build, validate) into the Problems panel, replacing the last run's. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseDiagnostics } from './packer-output.js';

export class CliProblems implements vscode.Disposable {
  private readonly collection: vscode.DiagnosticCollection;

  constructor(name: string) {
    this.collection = vscode.languages.createDiagnosticCollection(name);
  }

  /** Returns how many problems were reported. */
  report(output: string, cwd: string, source: string): number {
    this.collection.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const d of parseDiagnostics(output)) {
      const file = path.resolve(cwd, d.file);
      const range = new vscode.Range(d.line, d.startColumn, d.line, d.endColumn ?? Number.MAX_SAFE_INTEGER);
      const message = d.detail === '' ? d.summary : `${d.summary}\n\n${d.detail}`;
      const diag = new vscode.Diagnostic(range, message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      diag.source = source;
      byFile.set(file, [...(byFile.get(file) ?? []), diag]);
    }
    let count = 0;
    for (const [file, diags] of byFile) {
      this.collection.set(vscode.Uri.file(file), diags);
      count += diags.length;
    }
    return count;
  }

  clear(): void {
    this.collection.clear();
  }

  dispose(): void {
    this.collection.dispose();
  }
}
