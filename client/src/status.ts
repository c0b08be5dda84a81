/** The language status item: which template directory the file belongs to and how fast the last edit was validated. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { validationBudget } from './config.js';
import { isPackerDocument, templateLabel } from './templates.js';
import { statusText, type ValidationTimer } from './validation-timer.js';

export class TemplateStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;

  constructor(private readonly timer: ValidationTimer) {
    this.item = vscode.languages.createLanguageStatusItem('packer.template', [{ language: 'packer' }, { language: 'packervars' }]);
    this.item.name = 'Packer template';
    this.item.command = { title: 'Show Output', command: 'packer.showOutput' };
    this.update();
  }

  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const dir = doc && isPackerDocument(doc) && doc.uri.scheme === 'file' ? templateLabel(path.dirname(doc.uri.fsPath)) : 'Packer';
    const budget = validationBudget();
    const s = statusText(dir, this.timer.last, budget);
    this.item.text = `$(folder) ${s.text}`;
    this.item.detail = s.detail;
    this.item.severity = s.overBudget ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    if (!vscode.workspace.isTrusted) {
      this.item.detail = `${s.detail} · Restricted Mode: builds disabled`;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
