/**
 * Packer's prepare step for `build`: every builder, provisioner and post-processor of the selected builds is
 * configured before anything starts, and what a plugin rejects becomes a diagnostic on its block.
 */
import type { Block } from '../hcl/ast.js';
import { hasErrors, type Diagnostic, type Range } from '../hcl/diagnostic.js';
import type { Builder, BuildInfo } from '../engine/component.js';
import { ConfigErrors } from '../engine/decode.js';
import { buildVariables } from '../engine/provision-step.js';
import { createBuilder, createPostProcessor, createProvisioner } from '../engine/registry.js';
import { resolveBuilds, type ResolvedBuild, type ResolvedComponent } from '../packer/build-time.js';
import type { Template } from '../packer/model.js';
import type { SelectedBuild } from '../packer/only-except.js';
import type { CliIO } from './command.js';

/**
 * What `build` and `validate` check once the schema checks pass: the selected builds are evaluated (their
 * diagnostics join `diags`, one report per place and message) and, if nothing failed, prepared.
 */
export function resolveAndPrepare(template: Template, selected: readonly SelectedBuild[], except: readonly string[], diags: Diagnostic[], io: CliIO): ResolvedBuild[] {
  const resolved = resolveBuilds(template, selected, except);
  const seen = new Set(diags.map(diagnosticKey));
  for (const b of resolved) {
    for (const d of [...b.builder.diagnostics, ...[...b.provisioners, ...b.postProcessors.flat()].flatMap((p) => p.config.diagnostics)]) {
      if (seen.has(diagnosticKey(d))) continue;
      seen.add(diagnosticKey(d));
      diags.push(d);
    }
  }
  if (!hasErrors(diags)) diags.push(...prepareBuilds(resolved, selected, io));
  return resolved;
}

/**
 * A builder's rejection (rules across attributes, like docker's commit/discard/export_path) is one diagnostic on
 * the source block's header with go-multierror's text as summary; a provisioner's or post-processor's is
 * "Failed preparing <kind>" with that text as detail, like Packer's hcl2template.
 */
function prepareBuilds(resolved: readonly ResolvedBuild[], selected: readonly SelectedBuild[], io: CliIO): Diagnostic[] {
  const out: Diagnostic[] = [];
  const add = (d: Diagnostic): void => {
    if (!out.some((o) => diagnosticKey(o) === diagnosticKey(d))) out.push(d);
  };
  for (const [i, b] of resolved.entries()) {
    const info: BuildInfo = { name: b.name, sourceName: b.sourceName, builderType: b.builderType, runUuid: '', force: false, debug: false, onError: 'cleanup', cwd: io.cwd, env: io.env };
    let builder: Builder | undefined;
    try {
      builder = createBuilder(b.builderType, b.builder.values, info);
    } catch (e) {
      if (!(e instanceof ConfigErrors)) throw e;
      const block = selected[i]?.source.source.block;
      add({ severity: 'error', summary: multiError(e), detail: '', ...(block ? { range: headerRange(block) } : {}) });
    }
    // `build.*` is only known once the builder runs; placeholders stand in for it, as in the engine's own prepare.
    const placeholders = Object.fromEntries([...Object.keys(buildVariables(info, {})), ...(builder?.generatedKeys ?? [])].map((k) => [k, `<build.${k}>`]));
    const components: [ResolvedComponent, 'provisioner' | 'post-processor'][] = [
      ...[...b.provisioners, ...(b.errorCleanupProvisioner ? [b.errorCleanupProvisioner] : [])].map((p): [ResolvedComponent, 'provisioner'] => [p, 'provisioner']),
      ...b.postProcessors.flat().map((p): [ResolvedComponent, 'post-processor'] => [p, 'post-processor']),
    ];
    for (const [c, kind] of components) {
      const values = c.usesBuildVariables ? c.evaluate(placeholders).values : c.config.values;
      try {
        if (kind === 'provisioner') createProvisioner(c.type, values, info);
        else createPostProcessor(c.type, values, info);
      } catch (e) {
        if (!(e instanceof ConfigErrors)) throw e;
        add({ severity: 'error', summary: `Failed preparing ${kind}`, detail: multiError(e), range: headerRange(c.block) });
      }
    }
  }
  return out;
}

/** go-multierror's text, which Packer shows for a plugin's Prepare error. */
function multiError(e: ConfigErrors): string {
  return `${e.errors.length} error(s) occurred:\n\n${e.errors.map((m) => `* ${m}`).join('\n')}`;
}

/** HCL's DefRange: the block type through its last label. */
function headerRange(block: Block): Range {
  const last = block.labels[block.labels.length - 1];
  return { file: block.range.file, start: block.typeRange.start, end: last ? last.range.end : block.typeRange.end };
}

/**
 * Evaluating a body once per build repeats its diagnostics; one report per place and message is enough. A place is
 * a whole range: in HCL-JSON sibling blocks share their type key, so only the end tells them apart.
 */
export function diagnosticKey(d: Diagnostic): string {
  const r = d.range;
  return `${d.severity}|${d.summary}|${d.detail ?? ''}|${r ? `${r.file}:${r.start.offset}-${r.end.offset}` : ''}`;
}
