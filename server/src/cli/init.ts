/**
 * `packer-studio init`: Packer's `init` reads `packer { required_plugins { ... } }` and downloads what is missing.
 * Packer Studio's components are built in and nothing is ever downloaded, so this checks each requirement
 * against the built-in plugins instead: exit 0 when every one is satisfied, 1 naming what is not built in.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type * as ast from '../hcl/ast.js';
import { hasErrors, type Diagnostic } from '../hcl/diagnostic.js';
import { builtinPlugins, checkRequirement, describeComponents } from '../packer/builtin-plugins.js';
import { parseJsonConfig } from '../packer/json-config.js';
import { decodeRequiredPlugins, type RequiredPlugin } from '../packer/required-plugins.js';
import { getHclParser } from '../platform/hcl-wasm.js';
import { readTemplateFiles } from '../platform/template-files.js';
import { FlagError, parseFlags } from './args.js';
import type { Command } from './command.js';
import type { ConfigFile } from '../packer/model.js';
import { PackerFiles, formatDiagnostics, writeDiags } from './print-diagnostics.js';
import { uiRow } from './ui-text.js';
import { TEMPLATE_FLAGS, colourEnabled } from './template-flags.js';
import { usageError } from './usage.js';

export const INIT_HELP = `Usage: packer init [options] TEMPLATE

  Install all the missing plugins required in a Packer config. Note that Packer
  does not have a state.

  packer-studio ships its plugins built in and never downloads any: this
  checks that every entry of the template's required_plugins block is
  satisfied by a built-in plugin (source and version constraint), and names
  those that are not.

  This command is always safe to run multiple times. It never changes or
  deletes anything.

Options:
  -upgrade                     Accepted for compatibility: built-in plugins are
                               upgraded by upgrading packer-studio.
  -force                       Accepted for compatibility: nothing is installed.
`;

const NO_REQUIREMENTS = `
No plugins requirement found, make sure you reference a Packer config
containing a packer.required_plugins block. See
https://www.packer.io/docs/templates/hcl_templates/blocks/packer
for more info.`;

function isVarFile(path: string): boolean {
  return /\.pkrvars\.(hcl|json)$/.test(path);
}

/** Every `packer { required_plugins { ... } }` entry of the configuration files, in file order. */
function requiredPluginsOf(files: readonly ast.File[], diags: Diagnostic[]): RequiredPlugin[] {
  const out: RequiredPlugin[] = [];
  for (const f of files) {
    for (const item of f.body.items) {
      if (item.kind !== 'block' || item.type !== 'packer') continue;
      for (const inner of item.body.items) {
        if (inner.kind === 'block' && inner.type === 'required_plugins') out.push(...decodeRequiredPlugins(inner, diags));
      }
    }
  }
  return out;
}

export const initCommand: Command = {
  name: 'init',
  synopsis: 'Install missing plugins or upgrade plugins',
  async run(args, io) {
    let flags;
    try {
      flags = parseFlags(args, { ...TEMPLATE_FLAGS, upgrade: 'bool', force: 'bool', 'machine-readable': 'bool' });
    } catch (e) {
      if (e instanceof FlagError) return usageError(io, e.message, INIT_HELP);
      throw e;
    }
    if (flags.positional.length !== 1) return usageError(io, undefined, INIT_HELP);
    const path = flags.positional[0]!;
    const machineReadable = flags.bools.get('machine-readable') === true;
    const colour = !machineReadable && colourEnabled(io);
    /** A line of Packer's UI: the text, or its `-machine-readable` row. */
    const ui = (kind: 'say' | 'error' | 'message', text: string): void => io.stdout(machineReadable ? uiRow({ kind, text }) : `${text}\n`);
    /** One writeDiags call; Packer gives its writer the parsed files only for what parsing found. */
    const printDiags = (diags: readonly Diagnostic[], sources: ReadonlyMap<string, string>, parsed?: readonly ConfigFile[]) => {
      if (diags.length === 0) return;
      io.stdout(machineReadable ? uiRow(writeDiags(diags, parsed ? new PackerFiles(sources, parsed) : undefined, [])) : formatDiagnostics(diags, sources, colour));
    };

    // A legacy JSON template loads in Packer, then init refuses it; the HCL reader would call it a bad extension.
    const abs = isAbsolute(path) ? path : join(io.cwd, path);
    if (existsSync(abs) && statSync(abs).isFile() && !/\.pkr\.(hcl|json)$/.test(path)) {
      printDiags(
        [
          {
            severity: 'error',
            summary: 'Packer init is supported for HCL2 configuration templates only',
            detail: 'Please manually install plugins or use a HCL2 configuration that will do that for you.',
          },
        ],
        new Map(),
      );
      return 1;
    }

    const found = readTemplateFiles(path, io.cwd);
    const sources = new Map(found.files.map((f) => [f.path, f.text]));
    if (found.diagnostics.length > 0) {
      printDiags(found.diagnostics, sources);
      return 1;
    }
    const parser = await getHclParser();
    const diags: Diagnostic[] = [];
    const configs = found.files
      .filter((f) => !isVarFile(f.path))
      .map((f): ConfigFile => {
        if (f.path.endsWith('.json')) {
          const parsed = parseJsonConfig(f.text, f.path, parser);
          diags.push(...parsed.diagnostics);
          return { path: f.path, text: f.text, ast: parsed.ast, kind: 'config' };
        }
        const parsed = parser.parse(f.text, f.path);
        parsed.tree.delete();
        diags.push(...parsed.diagnostics);
        return { path: f.path, text: f.text, ast: parsed.ast, kind: 'config' };
      });
    const parsing = diags.length;
    const requirements = requiredPluginsOf(configs.map((c) => c.ast), diags);
    // Packer's GetConfig, then PluginRequirements: two writeDiags calls.
    printDiags(diags.slice(0, parsing), sources, configs);
    printDiags(diags.slice(parsing), sources);
    if (hasErrors(diags)) return 1;
    if (requirements.length === 0) {
      ui('message', NO_REQUIREMENTS);
      return 0;
    }

    // Packer writes these through a cyan ColoredUi.
    const say = (text: string) => (colour ? io.stdout(`\x1b[1;36m${text}\x1b[0m\n`) : ui('say', text));
    let code = 0;
    for (const req of requirements) {
      const check = checkRequirement(req.source, req.version);
      if (check.kind === 'built-in') {
        say(`Plugin ${req.source} ${req.version} is built in (v${check.plugin.version}: ${describeComponents(check.plugin)}); nothing to install.`);
        continue;
      }
      code = 1;
      ui('error', `Failed getting the "${req.source}" plugin:`);
      if (check.kind === 'version-mismatch') {
        ui(
          'error',
          `The built-in ${check.plugin.source} plugin is v${check.plugin.version}, which does not match the version constraint "${req.version}" ` +
            `of "${req.name}". packer-studio does not download plugins: relax the constraint to one that v${check.plugin.version} meets.`,
        );
      } else {
        const known = builtinPlugins().map((p) => `${p.source} v${p.version}`).join(', ');
        ui(
          'error',
          `"${req.source}" (required as "${req.name}") is not built into packer-studio, and packer-studio does not download plugins. ` +
            `Built-in plugins: ${known}.`,
        );
      }
    }
    if (flags.bools.get('upgrade') === true && code === 0) {
      ui('say', 'Built-in plugins are upgraded by upgrading packer-studio; nothing to upgrade.');
    }
    return code;
  },
};
