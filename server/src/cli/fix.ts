/**
 * `packer-studio fix [-validate=false] TEMPLATE.json`: Packer's fixers applied to a legacy JSON template, the
 * fixed JSON printed on stdout (see packer/legacy-json/fix.ts). Messages and exit codes follow `packer fix`.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fixLegacyJson, validateFixedTemplate } from '../packer/legacy-json/fix.js';
import { FIXERS } from '../packer/legacy-json/fixers.js';
import type { CliIO, Command } from './command.js';
import { describeIoError, parseGoFlags } from './hcl2_upgrade.js';
import { commandUi } from './ui-text.js';

function help(): string {
  const fixers = FIXERS.map((f) => `  ${f.name.padEnd(27)}${f.synopsis}\n`).join('');
  return `Usage: packer-studio fix [options] TEMPLATE

  Reads a legacy JSON template and rewrites options that newer Packer versions
  renamed or removed. The fixed template is printed on standard output; errors
  go to standard error with a non-zero exit status.

Fixes that are run (in order):

${fixers}
Options:

  -validate=false  Don't validate the fixed template.
`;
}

/** Packer treats HCL2 file names and directories as HCL templates. */
function isHcl(path: string): boolean {
  if (path.endsWith('.pkr.hcl') || path.endsWith('.pkr.json')) return true;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export const fixCommand: Command = {
  name: 'fix',
  synopsis: 'fixes templates from old versions of packer',
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const parsed = parseGoFlags(args, { bools: new Set(['validate', 'machine-readable']), values: new Set() });
    if ('error' in parsed) {
      io.stderr(parsed.error + '\n');
      io.stdout(help());
      return 1;
    }
    if (parsed.rest.length !== 1) {
      io.stdout(help());
      return 1;
    }
    const path = parsed.rest[0];
    const ui = commandUi(io, parsed.flags.get('machine-readable') === 'true');
    const full = resolve(io.cwd, path);
    if (isHcl(full)) {
      ui.error('packer fix only works with JSON files for now.');
      return 1;
    }
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch (err) {
      ui.error(`Error opening template: open ${path}: ${describeIoError(err)}`);
      return 1;
    }
    const result = fixLegacyJson(text);
    if ('error' in result) {
      ui.error(result.error);
      return 1;
    }
    ui.say(result.output);
    if (parsed.flags.get('validate') === 'false') return 0;
    const invalid = validateFixedTemplate(result.output);
    if (invalid !== undefined) {
      ui.error(invalid);
      return 1;
    }
    return 0;
  },
};
