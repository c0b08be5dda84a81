/** The palette commands. Each resolves the template it is about, checks trust when it would run code, then acts. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cliArgs } from './build-args.js';
import { buildDefaults, engineSettings } from './config.js';
import { buildEnvironment } from './environment.js';
import { initReport } from './init-report.js';
import type { InspectNode } from './inspect-model.js';
import { revealLocation, VIEW_ID, type InspectView } from './inspect-view.js';
import type { CliProblems } from './problems.js';
import { createPackerTask, type TaskServices } from './tasks.js';
import { folderOf, isPackerDocument, resolveTemplate, templateLabel, workingDirectory } from './templates.js';
import { requireTrust } from './trust.js';

export interface CommandServices extends TaskServices {
  readonly output: vscode.LogOutputChannel;
  readonly validateProblems: CliProblems;
  readonly inspect: InspectView;
  readonly restartServer: () => Promise<void>;
}

const SHOW_OUTPUT = 'Show Output';
const SHOW_PROBLEMS = 'Show Problems';

function templateDir(template: string): string {
  return template.endsWith('.hcl') || template.endsWith('.json') ? path.dirname(template) : template;
}

function cliEnv(template: string): Record<string, string> {
  return buildEnvironment(process.env, engineSettings(folderOf(template)?.uri));
}

export function registerCommands(s: CommandServices): vscode.Disposable[] {
  const capture = async (args: string[], template: string, stdin?: string) => {
    s.output.info(`packer-studio ${args.join(' ')}`);
    const run = await s.runner.capture(args, { cwd: workingDirectory(template), env: cliEnv(template) }, stdin);
    if (run.stdout !== '') s.output.append(run.stdout);
    if (run.stderr !== '') s.output.append(run.stderr);
    return run;
  };
  const tell = (kind: 'info' | 'error', message: string, ...actions: string[]) => {
    const show = kind === 'info' ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
    void show(message, ...actions).then((choice) => {
      if (choice === SHOW_OUTPUT) s.output.show(true);
      if (choice === SHOW_PROBLEMS) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  };

  const build = async (arg?: unknown, buildName?: unknown) => {
    if (!requireTrust('Build')) return;
    const template = await resolveTemplate(arg);
    if (!template) return;
    const folder = folderOf(template);
    const only = typeof buildName === 'string' && buildName !== '' ? [`${buildName}.*`] : undefined;
    const task = createPackerTask({ type: 'packer', command: 'build', template, only }, folder ?? vscode.TaskScope.Workspace, s);
    await vscode.tasks.executeTask(task);
  };

  const validate = async (arg?: unknown) => {
    if (!requireTrust('Validate')) return;
    const template = await resolveTemplate(arg);
    if (!template) return;
    const defaults = buildDefaults(folderOf(template)?.uri);
    const dir = templateDir(template);
    const varFiles = defaults.varFiles.map((f) => (path.isAbsolute(f) ? f : path.resolve(dir, f)));
    const run = await capture(cliArgs({ type: 'packer', command: 'validate' }, template, { ...defaults, varFiles }), template);
    const count = s.validateProblems.report(run.stdout + run.stderr, workingDirectory(template), 'packer validate');
    if (run.code === 0) tell('info', `Packer: the configuration in ${templateLabel(template)} is valid.`);
    else tell('error', `Packer: validate failed for ${templateLabel(template)} (${count} problem${count === 1 ? '' : 's'} with a position).`, SHOW_PROBLEMS, SHOW_OUTPUT);
  };

  // fmt needs no trust: it parses and rewrites, it never evaluates anything.
  const format = async (arg?: unknown) => {
    const editor = vscode.window.activeTextEditor;
    if (arg === undefined && editor && isPackerDocument(editor.document)) {
      await vscode.commands.executeCommand('editor.action.formatDocument');
      return;
    }
    const target = await resolveTemplate(arg);
    if (!target) return;
    await vscode.workspace.saveAll(false);
    const run = await capture(['fmt', target], target);
    const changed = run.stdout.split('\n').filter((l) => l.trim() !== '').length;
    if (run.code === 0) tell('info', changed === 0 ? `Packer: ${templateLabel(target)} is already formatted.` : `Packer: formatted ${changed} file${changed === 1 ? '' : 's'}.`);
    else tell('error', `Packer: fmt failed for ${templateLabel(target)}.`, SHOW_OUTPUT);
  };

  const inspect = async () => {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    await s.inspect.refresh();
  };

  const console = async (arg?: unknown) => {
    if (!requireTrust('Console')) return;
    const template = await resolveTemplate(arg);
    if (!template) return;
    const shell = s.runner.shell(['console', template]);
    const terminal = vscode.window.createTerminal({
      name: `Packer Console: ${templateLabel(template)}`,
      shellPath: shell.shellPath,
      shellArgs: shell.shellArgs,
      cwd: workingDirectory(template),
      env: { ...cliEnv(template), ...shell.env },
      isTransient: true,
    });
    terminal.show();
  };

  const jsonTemplate = (arg: unknown): vscode.Uri | undefined => {
    if (arg instanceof vscode.Uri) return arg;
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && doc.uri.scheme === 'file' && doc.uri.fsPath.endsWith('.json')) return doc.uri;
    void vscode.window.showWarningMessage('Packer: open a legacy JSON template first.');
    return undefined;
  };

  const hcl2Upgrade = async (arg?: unknown) => {
    const uri = jsonTemplate(arg);
    if (!uri) return;
    const out = `${uri.fsPath}.pkr.hcl`;
    const run = await capture(['hcl2_upgrade', `-output-file=${out}`, uri.fsPath], uri.fsPath);
    if (run.code !== 0) {
      tell('error', `Packer: hcl2_upgrade failed for ${path.basename(uri.fsPath)}.`, SHOW_OUTPUT);
      return;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(out));
  };

  const fix = async (arg?: unknown) => {
    const uri = jsonTemplate(arg);
    if (!uri) return;
    const run = await capture(['fix', uri.fsPath], uri.fsPath);
    if (run.code !== 0) {
      tell('error', `Packer: fix failed for ${path.basename(uri.fsPath)}.`, SHOW_OUTPUT);
      return;
    }
    // Like `packer fix`, the result is shown, not written: the user decides whether to save it over the original.
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: run.stdout });
    await vscode.window.showTextDocument(doc);
  };

  // init needs no trust: it only parses required_plugins (constant expressions), it never evaluates the template.
  const init = async (arg?: unknown) => {
    const template = await resolveTemplate(arg);
    if (!template) return;
    const run = await capture(['init', template], template);
    const report = initReport(run.stdout, run.code, templateLabel(template));
    tell(report.ok ? 'info' : 'error', report.message, SHOW_OUTPUT);
  };

  const runBuildNode = async (node?: InspectNode) => {
    if (!node?.location || !node.only) return;
    if (!requireTrust('Build')) return;
    const template = path.dirname(vscode.Uri.parse(node.location.uri).fsPath);
    const folder = folderOf(template);
    const task = createPackerTask({ type: 'packer', command: 'build', template, only: node.only.split(',') }, folder ?? vscode.TaskScope.Workspace, s);
    await vscode.tasks.executeTask(task);
  };

  return [
    vscode.commands.registerCommand('packer.build', build),
    vscode.commands.registerCommand('packer.validate', validate),
    vscode.commands.registerCommand('packer.format', format),
    vscode.commands.registerCommand('packer.inspect', inspect),
    vscode.commands.registerCommand('packer.console', console),
    vscode.commands.registerCommand('packer.hcl2Upgrade', hcl2Upgrade),
    vscode.commands.registerCommand('packer.fix', fix),
    vscode.commands.registerCommand('packer.init', init),
    vscode.commands.registerCommand('packer.restartLanguageServer', s.restartServer),
    vscode.commands.registerCommand('packer.showOutput', () => s.output.show(true)),
    vscode.commands.registerCommand('packer.inspect.refresh', () => s.inspect.refresh()),
    vscode.commands.registerCommand('packer.inspect.reveal', revealLocation),
    vscode.commands.registerCommand('packer.inspect.runBuild', runBuildNode),
  ];
}
