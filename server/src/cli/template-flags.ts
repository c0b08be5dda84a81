/** Flags shared by the commands that load a template (Packer's MetaArgs), and loading it with them. */
import { hasErrors, type Diagnostic } from '../hcl/diagnostic.js';
import { loadTemplateFromDisk, type DiskTemplate } from '../platform/load-template.js';
import { commaList, varPairs, type FlagSpec, type ParsedFlags } from './args.js';
import type { CliIO } from './command.js';
import { maskSecrets } from '../engine/ui.js';
import { formatDiagnostics, printedDiagnostics, uiMessages } from './print-diagnostics.js';
import { uiRow } from './ui-text.js';

export const TEMPLATE_FLAGS: FlagSpec = {
  var: 'list',
  'var-file': 'list',
  only: 'list',
  except: 'list',
  'use-sequential-evaluation': 'bool',
  'ignore-prerelease-plugins': 'bool',
};

export interface TemplateArgs {
  readonly vars: [string, string][];
  readonly varFiles: string[];
  readonly only: string[];
  readonly except: string[];
}

export function templateArgs(f: ParsedFlags): TemplateArgs {
  return {
    vars: varPairs(f.lists.get('var')),
    varFiles: [...(f.lists.get('var-file') ?? [])],
    only: commaList(f.lists.get('only')),
    except: commaList(f.lists.get('except')),
  };
}

export function colourEnabled(io: CliIO, flags?: ParsedFlags): boolean {
  if (flags?.bools.get('color') === false) return false;
  return io.stdoutIsTTY && io.env.PACKER_NO_COLOR === undefined;
}

export async function loadForCommand(path: string, a: TemplateArgs, io: CliIO, warnUndeclared: boolean, evaluateDataSources = false): Promise<DiskTemplate> {
  return loadTemplateFromDisk({ path, varFiles: a.varFiles, vars: a.vars, env: io.env, cwd: io.cwd, warnUndeclared, evaluateDataSources, signal: io.signal });
}

/** Where a command's UI text goes: plain lines, or `-machine-readable` CSV rows (`<time>,,ui,<kind>,<text>`). */
export interface CommandOutput {
  say(text: string): void;
  error(text: string): void;
  readonly machineReadable: boolean;
}

export function commandOutput(io: CliIO, machineReadable: boolean): CommandOutput {
  if (!machineReadable) return { say: (t) => io.stdout(`${t}\n`), error: (t) => io.stdout(t), machineReadable };
  return { say: (text) => io.stdout(uiRow({ kind: 'say', text })), error: (text) => io.stdout(uiRow({ kind: 'error', text })), machineReadable };
}

/** Prints diagnostics (errors and warnings) as Packer does, masked; true when any is an error. */
export function report(diags: readonly Diagnostic[], t: DiskTemplate, out: CommandOutput, colour: boolean): boolean {
  if (out.machineReadable) {
    for (const m of uiMessages(diags, t)) out[m.kind](m.text);
    return hasErrors(diags);
  }
  for (const d of printedDiagnostics(diags, t)) {
    const text = maskSecrets(formatDiagnostics([d], t.sources, colour), t.template?.secrets ?? []);
    if (d.severity === 'error') out.error(text);
    else out.say(text);
  }
  return hasErrors(diags);
}
