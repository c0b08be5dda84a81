/** `packer-studio console`: evaluates expressions against a loaded template, from a pipe or interactively. */
import { createInterface } from 'node:readline';
import { evaluate, type EvalContext } from '../hcl/eval/index.js';
import { renderConsole } from '../hcl/render.js';
import { getHclParser } from '../platform/hcl-wasm.js';
import { packerFunctions } from '../hcl/functions/index.js';
import { HOME_DIR, nodeFileSystem } from '../platform/template-files.js';
import { objectVal, stringVal, unknownVal, type Value } from '../hcl/value.js';
import { PACKER_COMPAT_VERSION } from '../packer/version.js';
import type { Template } from '../packer/model.js';
import type { HclParser } from '../hcl/parse.js';
import { FlagError, parseFlags } from './args.js';
import type { CliIO, Command } from './command.js';
import type { Diagnostic } from '../hcl/diagnostic.js';
import { maskSecrets } from '../engine/ui.js';
import { formatDiagnostics, writeDiags } from './print-diagnostics.js';
import { uiRow } from './ui-text.js';
import { TEMPLATE_FLAGS, loadForCommand, templateArgs } from './template-flags.js';
import { usageError } from './usage.js';
import { variablesSection } from './inspect.js';

const HELP = `Usage: packer console [options] [TEMPLATE]

  Creates a console for testing variable interpolation.
  If a template is provided, this command will load the template and any
  variables defined therein into its context to be referenced during
  interpolation.

Options:
  -var 'key=value'       Variable for templates, can be used multiple times.
  -var-file=path         JSON or HCL2 file containing user variables.
  -config-type           Set to 'hcl2' to run in HCL2 mode when no file is passed. Defaults to json.
`;

function scopeFor(t: Template | undefined, rootDir: string, io: CliIO, parser: HclParser): EvalContext {
  const vars = new Map<string, Value>([
    ['path', objectVal({ root: stringVal(rootDir), cwd: stringVal(io.cwd) })],
    ['packer', objectVal({ version: stringVal(PACKER_COMPAT_VERSION) })],
    ['source', objectVal({ name: unknownVal(), type: unknownVal() })],
    ['build', unknownVal()],
    ['var', objectVal(new Map([...(t?.variables.values() ?? [])].map((v) => [v.name, v.value])))],
    ['local', objectVal(new Map([...(t?.locals.values() ?? [])].map((l) => [l.name, l.value ?? unknownVal()])))],
  ]);
  return { variables: vars, functions: packerFunctions({ fs: nodeFileSystem(io.cwd), baseDir: rootDir, homeDir: HOME_DIR, parser }) };
}

/** How a line's diagnostics are printed: the human text, or Packer's row (writeDiags without files). */
type ShowDiagnostics = (diags: readonly Diagnostic[], sources: ReadonlyMap<string, string>) => string;

/** Evaluates one console line: the result text (empty on failure) and the diagnostics to print. */
function evalLine(line: string, ctx: EvalContext, parser: HclParser, t: Template | undefined, sources: ReadonlyMap<string, string>, show: ShowDiagnostics): { result: string; errors: string } {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed === 'exit') return { result: '', errors: '' };
  if (trimmed === 'help') {
    return { result: 'The Packer console allows you to experiment with Packer interpolations.\nYou may access variables and functions in the Packer config you called the\nconsole with.\n\nType in the interpolation to test and hit <enter> to see the result.\n\n"variables" will dump all available variables and their values.\n\nTo exit the console, type "exit" and hit <enter>, or use Control-C.\n', errors: '' };
  }
  if (trimmed === 'variables') return { result: t ? variablesSection(t) : '> input-variables:\n\n\n> local-variables:\n\n', errors: '' };
  const parsed = parser.parseExpression(trimmed, '<console-input>');
  const src = new Map(sources).set('<console-input>', trimmed);
  if (parsed.diagnostics.length > 0) return { result: '', errors: show(parsed.diagnostics, src) };
  const r = evaluate(parsed.expr, ctx);
  if (r.diagnostics.some((d) => d.severity === 'error')) return { result: '', errors: show(r.diagnostics, src) };
  return { result: renderConsole(r.value), errors: '' };
}

export const consoleCommand: Command = {
  name: 'console',
  synopsis: 'creates a console for testing variable interpolation',
  async run(args, io) {
    let flags;
    try {
      flags = parseFlags(args, { ...TEMPLATE_FLAGS, 'config-type': 'string', 'machine-readable': 'bool' });
    } catch (e) {
      if (e instanceof FlagError) return usageError(io, e.message, HELP);
      throw e;
    }
    if (flags.positional.length > 1) return usageError(io, undefined, HELP);
    const parser = await getHclParser();
    let template: Template | undefined;
    let sources: ReadonlyMap<string, string> = new Map();
    let rootDir = '.';
    const path = flags.positional[0];
    if (path) {
      const t = await loadForCommand(path, templateArgs(flags), io, false);
      template = t.template;
      sources = t.sources;
      rootDir = template?.rootDir ?? '.';
    }
    const ctx = scopeFor(template, rootDir, io, parser);
    const machineReadable = flags.bools.get('machine-readable') === true;
    const secrets = template?.secrets ?? [];
    const show: ShowDiagnostics = machineReadable ? (diags) => uiRow(writeDiags(diags, undefined, secrets)) : (diags, src) => formatDiagnostics(diags, src, false);

    if (!io.stdinIsTTY) {
      // Like Packer: every line is evaluated (even after `exit`), errors are printed as they come, and only the
      // last line's result is printed, empty when that line failed or was blank.
      const input = await io.readStdin();
      const lines = input.split(/\r?\n/);
      if (lines[lines.length - 1] === '') lines.pop();
      let last = '';
      let failed = false;
      for (const line of lines) {
        const r = evalLine(line, ctx, parser, template, sources, show);
        if (r.errors !== '') {
          io.stdout(r.errors);
          failed = true;
        }
        last = r.result;
      }
      // Packer's ui.Message of the last result.
      io.stdout(machineReadable ? uiRow({ kind: 'message', text: maskSecrets(last, secrets) }) : `${last}\n`);
      return failed ? 1 : 0;
    }

    const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
    rl.prompt();
    for await (const line of rl) {
      if (line.trim() === 'exit') break;
      const r = evalLine(line, ctx, parser, template, sources, show);
      io.stdout(r.errors !== '' ? r.errors : r.result === '' ? '' : `${r.result}\n`);
      rl.prompt();
    }
    rl.close();
    return 0;
  },
};
