/** `packer-studio validate`: Packer's verdict on a configuration. */
import { hasErrors } from '../hcl/diagnostic.js';
import { templateDiagnostics } from '../packer/load.js';
import { FlagError, parseFlags } from './args.js';
import type { Command } from './command.js';
import { TEMPLATE_FLAGS, colourEnabled, commandOutput, loadForCommand, report, templateArgs } from './template-flags.js';
import { usageError } from './usage.js';

export const VALIDATE_HELP = `Usage: packer validate [options] TEMPLATE

  Checks the template is valid by parsing the template and also
  checking the configuration with the various builders, provisioners, etc.

  If it is not valid, the errors will be shown and the command will exit
  with a non-zero exit status. If it is valid, it will exit with a zero
  exit status.

Options:

  -syntax-only                  Only check syntax. Do not verify config of the template.
  -except=foo,bar,baz           Validate all builds other than these.
  -only=foo,bar,baz             Validate only these builds.
  -machine-readable             Produce machine-readable output.
  -var 'key=value'              Variable for templates, can be used multiple times.
  -var-file=path                JSON or HCL2 file containing user variables, can be used multiple times.
  -no-warn-undeclared-var       Disable warnings for user variable files containing undeclared variables.
  -evaluate-datasources         Evaluate data sources during validation (HCL2 only, may incur costs); Defaults to false.
  -ignore-prerelease-plugins    Disable the loading of prerelease plugin binaries (x.y.z-dev).
  -use-sequential-evaluation    Fallback to using a sequential approach for local/datasource evaluation.
`;

export const validateCommand: Command = {
  name: 'validate',
  synopsis: 'check that a template is valid',
  async run(args, io) {
    let flags;
    try {
      flags = parseFlags(args, {
        ...TEMPLATE_FLAGS,
        'syntax-only': 'bool',
        'no-warn-undeclared-var': 'bool',
        'evaluate-datasources': 'bool',
        'machine-readable': 'bool',
      });
    } catch (e) {
      if (e instanceof FlagError) return usageError(io, e.message, VALIDATE_HELP);
      throw e;
    }
    if (flags.positional.length !== 1) return usageError(io, undefined, VALIDATE_HELP);
    const a = templateArgs(flags);
    const machine = flags.bools.get('machine-readable') === true;
    const colour = !machine && colourEnabled(io);
    const out = commandOutput(io, machine);
    const t = await loadForCommand(flags.positional[0]!, a, io, !flags.bools.get('no-warn-undeclared-var'), flags.bools.get('evaluate-datasources') === true);
    if (flags.bools.get('syntax-only')) {
      // Packer's -syntax-only stops after parsing: it reports what its Parse found, nothing else.
      const parsed = t.template?.parseDiagnostics;
      const syntax = parsed ? t.diagnostics.filter((d) => parsed.has(d)) : t.diagnostics;
      if (report(syntax, t, out, colour)) return 1;
      out.say('Syntax-only check passed. Everything looks okay.');
      return 0;
    }
    // Body findings are left to each selected build's prepare step, as in Packer's validate (GetBuilds).
    const diags = templateDiagnostics(t.diagnostics, t.template);
    if (t.template) {
      if (t.template.builds.length === 0 && !diags.some((d) => d.severity === 'error')) {
        diags.push({ severity: 'error', summary: 'Missing build block', detail: 'A build block with one or more sources is required for executing a build.' });
      }
      // Like Packer's validate, every selected build is decoded and prepared, each reporting its own errors. The
      // module loads the engine's components (dockerode, ssh2), so it is imported only when the template is sound.
      if (!hasErrors(diags)) (await import('./build-prepare.js')).getBuilds(t.template, a, diags, io);
    }
    if (report(diags, t, out, colour)) return 1;
    out.say('The configuration is valid.');
    return 0;
  },
};
