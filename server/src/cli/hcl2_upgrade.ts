/**
 * `packer-studio hcl2_upgrade [-output-file F] [-with-annotations] TEMPLATE.json`: the legacy JSON template
 * converted to HCL2 (see packer/legacy-json/upgrade.ts), formatted like `packer fmt`, written to F
 * (default: TEMPLATE.json.pkr.hcl). Messages and exit codes follow `packer hcl2_upgrade`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatHcl } from '../hcl/format/format.js';
import { upgradeLegacyJson } from '../packer/legacy-json/upgrade.js';
import { legacyParseErrorMessage } from '../packer/legacy-json/detect.js';
import { getHclParser } from '../platform/hcl-wasm.js';
import type { CliIO, Command } from './command.js';
import { commandUi } from './ui-text.js';

const HELP = `Usage: packer-studio hcl2_upgrade [options] TEMPLATE

  Converts a legacy JSON template into an HCL2 configuration.

Options:

  -output-file=path    Where to write the HCL2 configuration. Defaults to the
                       TEMPLATE path followed by ".pkr.hcl"; Packer only loads
                       files ending in ".pkr.hcl".
  -with-annotations    Add comments explaining each kind of generated block.
`;

export interface FlagSpec {
  readonly bools: ReadonlySet<string>;
  readonly values: ReadonlySet<string>;
}

export type ParsedFlags =
  | { readonly flags: ReadonlyMap<string, string>; readonly rest: readonly string[] }
  | { readonly error: string };

/** Go `flag` package rules: `-f`/`--f`, `-f=v`, `-f v` for non-bools; parsing stops at the first argument or `--`. */
export function parseGoFlags(args: readonly string[], spec: FlagSpec): ParsedFlags {
  const flags = new Map<string, string>();
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (arg.length < 2 || arg[0] !== '-') break;
    const body = arg.startsWith('--') ? arg.slice(2) : arg.slice(1);
    if (body === '' || body.startsWith('-') || body.startsWith('=')) return { error: `bad flag syntax: ${arg}` };
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    if (spec.bools.has(name)) {
      const value = eq >= 0 ? body.slice(eq + 1) : 'true';
      const normalized = parseGoBool(value);
      if (normalized === undefined) return { error: `invalid boolean value ${JSON.stringify(value)} for -${name}: parse error` };
      flags.set(name, normalized);
    } else if (spec.values.has(name)) {
      if (eq >= 0) flags.set(name, body.slice(eq + 1));
      else if (i + 1 < args.length) flags.set(name, args[++i]);
      else return { error: `flag needs an argument: -${name}` };
    } else return { error: `flag provided but not defined: -${name}` };
  }
  return { flags, rest: args.slice(i) };
}

function parseGoBool(v: string): string | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return 'true';
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return 'false';
  return undefined;
}

export const hcl2UpgradeCommand: Command = {
  name: 'hcl2_upgrade',
  synopsis: 'transform a JSON template into an HCL2 configuration',
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const parsed = parseGoFlags(args, { bools: new Set(['with-annotations', 'machine-readable']), values: new Set(['output-file', 'var', 'var-file']) });
    if ('error' in parsed) {
      io.stderr(parsed.error + '\n');
      io.stdout(HELP);
      return 1;
    }
    if (parsed.rest.length !== 1) {
      io.stdout(HELP);
      return 1;
    }
    const input = parsed.rest[0];
    const output = parsed.flags.get('output-file') || `${input}.pkr.hcl`;
    const withAnnotations = parsed.flags.get('with-annotations') === 'true';
    const ui = commandUi(io, parsed.flags.get('machine-readable') === 'true');

    let json: string;
    try {
      json = readFileSync(resolve(io.cwd, input), 'utf8');
    } catch (err) {
      ui.error(legacyParseErrorMessage(`open ${input}: ${describeIoError(err)}`));
      ui.error('Failed to get config from JSON');
      return 1;
    }
    const result = upgradeLegacyJson(json, { withAnnotations });
    if ('parseError' in result) {
      ui.error(legacyParseErrorMessage(result.parseError, json));
      ui.error('Failed to get config from JSON');
      return 1;
    }
    const hcl = await formatted(result.text, output);
    try {
      const target = resolve(io.cwd, output);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, hcl);
    } catch (err) {
      ui.error(`Failed to create output file: ${describeIoError(err)}`);
      return 1;
    }
    for (const e of result.errors) ui.error(e);
    const code = result.errors.length > 0 ? 1 : 0;
    ui.say(`Successfully created ${output}. Exit ${code}`);
    return code;
  },
};

/** Packer formats the generated text; output the formatter refuses (never seen in practice) is written as is. */
async function formatted(text: string, file: string): Promise<string> {
  const parser = await getHclParser();
  const parsed = parser.parse(text, file);
  try {
    const result = formatHcl({ text, tree: parsed.tree, diagnostics: parsed.diagnostics, file });
    return 'text' in result ? result.text : text;
  } finally {
    parsed.tree.delete();
  }
}

export function describeIoError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return err instanceof Error ? err.message : String(err);
}
