/** Flags shared by the commands that load a template (Packer's MetaArgs), and loading it with them. */
import { hasErrors, type Diagnostic } from '../hcl/diagnostic.js';
import { loadTemplateFromDisk, type DiskTemplate } from '../platform/load-template.js';
import { commaList, varPairs, type FlagSpec, type ParsedFlags } from './args.js';
import type { CliIO } from './command.js';
import { formatDiagnostics } from './print-diagnostics.js';

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

/** Prints diagnostics (errors and warnings) to stdout, as Packer does; true when any is an error. */
export function report(diags: readonly Diagnostic[], t: DiskTemplate, io: CliIO, colour: boolean): boolean {
  if (diags.length > 0) io.stdout(formatDiagnostics(diags, t.sources, colour));
  return hasErrors(diags);
}
