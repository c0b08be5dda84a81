/** `packer-studio inspect`: Packer's HCL2 inspect sections. */
import { renderConsole } from '../hcl/render.js';
import { goQuote } from '../hcl/render.js';
import type { Template } from '../packer/model.js';
import { FlagError, parseFlags } from './args.js';
import type { Command } from './command.js';
import { TEMPLATE_FLAGS, commandOutput, loadForCommand, templateArgs } from './template-flags.js';
import { printDiagnostics } from './print-diagnostics.js';
import { usageError } from './usage.js';

const HELP = `Usage: packer inspect TEMPLATE

  Inspects a template, parsing and outputting the components a template
  defines. This does not validate the contents of a template (other than
  basic syntax by necessity).

Options:

  -machine-readable             Machine-readable output
  -use-sequential-evaluation    Fallback to using a sequential approach for local/datasource evaluation.
`;

/** The inspect text for a loaded template (also used by `console`'s `variables` command). */
export function variablesSection(t: Template): string {
  const lines: string[] = ['> input-variables:', ''];
  for (const v of [...t.variables.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    lines.push(`var.${v.name}: ${goQuote(renderConsole(v.value))}`);
  }
  lines.push('', '> local-variables:', '');
  for (const l of [...t.locals.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    lines.push(`local.${l.name}: ${l.value ? goQuote(renderConsole(l.value)) : '"<unknown>"'}`);
  }
  return `${lines.join('\n')}\n`;
}

export function inspectText(t: Template): string {
  const out: string[] = ['Packer Inspect: HCL2 mode', '', variablesSection(t), '> builds:', ''];
  t.builds.forEach((b, i) => {
    out.push(`  > ${b.name ?? `<unnamed build ${i}>`}:`, '');
    if (b.description) out.push(`  > Description: ${b.description}`, '');
    out.push('    sources:', '');
    if (b.sources.length === 0) out.push('      <no source>', '');
    for (const s of b.sources) out.push(`      ${s.source.type}.${s.localName}`, '');
    out.push('    provisioners:', '');
    if (b.provisioners.length === 0) out.push('      <no provisioner>');
    for (const p of b.provisioners) out.push(`      ${p.type}${p.name ? `.${p.name}` : ''}`);
    out.push('', '    post-processors:', '');
    if (b.postProcessors.length === 0) out.push('      <no post-processor>');
    b.postProcessors.forEach((chain, ci) => {
      out.push(`      ${ci}:`);
      for (const p of chain) out.push(`        ${p.type}${p.name ? `.${p.name}` : ''}`);
    });
    out.push('');
  });
  return `${out.join('\n')}\n`;
}

export const inspectCommand: Command = {
  name: 'inspect',
  synopsis: 'see components of a template',
  async run(args, io) {
    let flags;
    try {
      flags = parseFlags(args, { ...TEMPLATE_FLAGS, 'machine-readable': 'bool' });
    } catch (e) {
      if (e instanceof FlagError) return usageError(io, e.message, HELP);
      throw e;
    }
    if (flags.positional.length !== 1) return usageError(io, undefined, HELP);
    const t = await loadForCommand(flags.positional[0]!, templateArgs(flags), io, false);
    const machineReadable = flags.bools.get('machine-readable') === true;
    if (!t.template || t.diagnostics.some((d) => d.severity === 'error' && d.code === 'syntax')) {
      printDiagnostics(t.diagnostics, t, { write: io.stdout, machineReadable, colour: false });
      return 1;
    }
    commandOutput(io, machineReadable).say(inspectText(t.template).replace(/\n$/, ''));
    return 0;
  },
};
