/**
 * The `packer` task type: build and validate tasks offered per template directory, and any written in
 * tasks.json, all run through a CustomExecution Pseudoterminal on the embedded engine.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cliArgs, parseTaskDefinition, taskLabel, type BuildDefaults, type PackerTaskDefinition } from './build-args.js';
import { BuildTerminal } from './build-terminal.js';
import type { CliRunner } from './cli-process.js';
import { buildDefaults, engineSettings } from './config.js';
import { buildEnvironment } from './environment.js';
import type { CliProblems } from './problems.js';
import { folderOf, templateDirectories, templateLabel } from './templates.js';
import { untrustedMessage } from './trust.js';

export const TASK_TYPE = 'packer';

export interface TaskServices {
  readonly runner: CliRunner;
  readonly problems: CliProblems;
  readonly log: (text: string) => void;
}

/** Relative `template` and var files resolve against the workspace folder, as `${workspaceFolder}` would. */
function resolvePath(p: string, base: string): string {
  return path.isAbsolute(p) ? p : path.resolve(base, p);
}

function templateDirOf(templatePath: string): string {
  return templatePath.endsWith('.hcl') || templatePath.endsWith('.json') ? path.dirname(templatePath) : templatePath;
}

/** Settings var files are relative to the template directory (as the language server reads them). */
function withAbsoluteVarFiles(d: BuildDefaults, templateDir: string): BuildDefaults {
  return { ...d, varFiles: d.varFiles.map((f) => resolvePath(f, templateDir)) };
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function createPackerTask(def: PackerTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope, services: TaskServices): vscode.Task {
  const base = typeof scope === 'object' ? scope.uri.fsPath : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd());
  const label = taskLabel(def, def.template ? templateLabel(resolvePath(def.template, base)) : 'active template');
  const execution = new vscode.CustomExecution(async (resolved) => {
    const d = parseTaskDefinition(resolved) ?? def;
    if (!vscode.workspace.isTrusted) return refusal(untrustedMessage(d.command === 'build' ? 'Build' : 'Validate'));
    const template = await templateFor(d, base);
    if (!template) return refusal('Packer: no template to run. Set "template" in the task or open a .pkr.hcl file.');
    const dir = templateDirOf(template);
    const folder = folderOf(template);
    const args = cliArgs(d, template, withAbsoluteVarFiles(buildDefaults(folder?.uri), dir));
    const env = buildEnvironment(process.env, engineSettings(folder?.uri), d.env);
    const cwd = folder?.uri.fsPath ?? dir;
    services.problems.clear();
    return new BuildTerminal(services.runner, { args, cwd, env, commandLine: `packer-studio ${args.map(quote).join(' ')}` }, {
      finished: (output, code) => {
        services.problems.report(output, cwd, `packer ${d.command}`);
        services.log(`packer-studio ${d.command} exited with code ${code}\n`);
      },
      log: services.log,
    });
  });
  const task = new vscode.Task(def, scope, label, TASK_TYPE, execution, []);
  task.group = def.command === 'build' ? vscode.TaskGroup.Build : vscode.TaskGroup.Test;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true, focus: true };
  return task;
}

/** The task's template, else the active Packer editor's directory. */
async function templateFor(d: PackerTaskDefinition, base: string): Promise<string | undefined> {
  if (d.template) return resolvePath(d.template, base);
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && doc.uri.scheme === 'file' && (doc.languageId === 'packer' || doc.languageId === 'packervars')) return path.dirname(doc.uri.fsPath);
  const dirs = await templateDirectories();
  return dirs.length === 1 ? dirs[0] : undefined;
}

/** A terminal that only explains why nothing runs, and fails the task. */
function refusal(message: string): vscode.Pseudoterminal {
  const writer = new vscode.EventEmitter<string>();
  const closer = new vscode.EventEmitter<number>();
  return {
    onDidWrite: writer.event,
    onDidClose: closer.event,
    open: () => {
      writer.fire(`\u001b[31m${message}\u001b[0m\r\n`);
      closer.fire(1);
    },
    close: () => undefined,
  };
}

export class PackerTaskProvider implements vscode.TaskProvider {
  constructor(private readonly services: TaskServices) {}

  async provideTasks(): Promise<vscode.Task[]> {
    if (!vscode.workspace.isTrusted) return [];
    const tasks: vscode.Task[] = [];
    for (const dir of await templateDirectories()) {
      const folder = folderOf(dir);
      if (!folder) continue;
      const template = path.relative(folder.uri.fsPath, dir) || '.';
      for (const command of ['build', 'validate'] as const) {
        tasks.push(createPackerTask({ type: 'packer', command, template }, folder, this.services));
      }
    }
    return tasks;
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const def = parseTaskDefinition(task.definition);
    if (!def) return undefined;
    const scope = task.scope !== undefined && typeof task.scope === 'object' ? task.scope : vscode.TaskScope.Workspace;
    // VS Code requires the resolved task to keep the very definition object it came with.
    const resolved = createPackerTask(def, scope, this.services);
    return new vscode.Task(task.definition, scope, task.name, TASK_TYPE, resolved.execution, []);
  }
}
