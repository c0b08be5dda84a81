/**
 * Packer's prepare step (hcl2template's GetBuilds), shared by `build` and `validate`: every selected build is
 * decoded and its builder, provisioners and post-processors configured before anything runs. What fails is a
 * diagnostic on its block and rules out only that build; the others stay ready to run.
 */
import type { Block } from '../hcl/ast.js';
import { hasErrors, rangeWithin, type Diagnostic, type Range } from '../hcl/diagnostic.js';
import type { Builder, BuildInfo } from '../engine/component.js';
import { ConfigErrors } from '../engine/decode.js';
import { buildVariables } from '../engine/provision-step.js';
import { createBuilder, createPostProcessor, createProvisioner } from '../engine/registry.js';
import { resolveBuilds, type ResolvedBuild, type ResolvedComponent } from '../packer/build-time.js';
import { BUILTIN_SCHEMAS } from '../packer/catalog.js';
import { checkRequired } from '../packer/check-bodies.js';
import type { Template } from '../packer/model.js';
import type { SelectedBuild } from '../packer/only-except.js';
import type { CliIO } from './command.js';

/**
 * Resolves and prepares each selected build in Packer's order — source body, builder, provisioners,
 * post-processors, error-cleanup provisioner — stopping that build at the first stage with an error. Every
 * diagnostic joins `diags` once per place and message; the builds that prepared cleanly are returned.
 */
export function resolveAndPrepare(template: Template, selected: readonly SelectedBuild[], except: readonly string[], diags: Diagnostic[], io: CliIO): ResolvedBuild[] {
  const seen = new Set(diags.map(diagnosticKey));
  const report = (found: readonly Diagnostic[]): boolean => {
    for (const d of found) {
      if (seen.has(diagnosticKey(d))) continue;
      seen.add(diagnosticKey(d));
      diags.push(d);
    }
    return hasErrors(found);
  };
  const ready: ResolvedBuild[] = [];
  for (const [i, b] of resolveBuilds(template, selected, except).entries()) {
    const sel = selected[i];
    if (!sel) continue;
    const missing = checkRequired(template, [sel], BUILTIN_SCHEMAS);
    // Each missing argument belongs to the block it is missing from; one in a post-processor that -except
    // dropped belongs to no stage and, as in Packer, goes unreported.
    const ofBlock = (block: Block): Diagnostic[] => missing.filter((d) => inside(d, block));
    const sourceBlocks = [sel.source.source.block, ...(sel.source.extra ? [sel.source.extra] : [])];
    const info: BuildInfo = { name: b.name, sourceName: b.sourceName, builderType: b.builderType, runUuid: '', force: false, debug: false, onError: 'cleanup', cwd: io.cwd, env: io.env };
    if (report([...sourceBlocks.flatMap(ofBlock), ...b.builder.diagnostics])) continue;
    let builder: Builder;
    try {
      builder = createBuilder(b.builderType, b.builder.values, info);
    } catch (e) {
      if (!(e instanceof ConfigErrors)) throw e;
      report([{ severity: 'error', summary: multiError(e), detail: '', range: headerRange(sel.source.source.block) }]);
      continue;
    }
    // `build.*` is only known once the builder runs; placeholders stand in for it, as in the engine's own prepare.
    const placeholders = Object.fromEntries([...Object.keys(buildVariables(info, {})), ...builder.generatedKeys].map((k) => [k, `<build.${k}>`]));
    const stages: [readonly ResolvedComponent[], Kind][] = [
      [b.provisioners, 'provisioner'],
      [b.postProcessors.flat(), 'post-processor'],
      [b.errorCleanupProvisioner ? [b.errorCleanupProvisioner] : [], 'provisioner'],
    ];
    if (stages.some(([components, kind]) => report(components.flatMap((c) => prepareComponent(c, kind, placeholders, info, ofBlock(c.block)))))) continue;
    ready.push(b);
  }
  return ready;
}

type Kind = 'provisioner' | 'post-processor';

/**
 * A component's evaluation and required-argument errors, or else its plugin's rejection: "Failed preparing
 * provisioner-block "type" "name"" (Go's %q of the block) with go-multierror's text as detail.
 */
function prepareComponent(c: ResolvedComponent, kind: Kind, placeholders: Readonly<Record<string, string>>, info: BuildInfo, missing: readonly Diagnostic[]): Diagnostic[] {
  const decoded = [...missing, ...c.config.diagnostics];
  if (hasErrors(decoded)) return decoded;
  const values = c.usesBuildVariables ? c.evaluate(placeholders).values : c.config.values;
  try {
    if (kind === 'provisioner') createProvisioner(c.type, values, info);
    else createPostProcessor(c.type, values, info);
    return decoded;
  } catch (e) {
    if (!(e instanceof ConfigErrors)) throw e;
    const block = `${kind}-block ${JSON.stringify(c.type)} ${JSON.stringify(c.name ?? '')}`;
    return [...decoded, { severity: 'error', summary: `Failed preparing ${block}`, detail: multiError(e), range: headerRange(c.block) }];
  }
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

function inside(d: Diagnostic, block: Block): boolean {
  const r = d.range;
  return r !== undefined && rangeWithin(r, block.range);
}

/**
 * Evaluating a body once per build repeats its diagnostics; one report per place and message is enough. A place is
 * a whole range: in HCL-JSON sibling blocks share their type key, so only the end tells them apart.
 */
export function diagnosticKey(d: Diagnostic): string {
  const r = d.range;
  return `${d.severity}|${d.summary}|${d.detail ?? ''}|${r ? `${r.file}:${r.start.line}.${r.start.character}-${r.end.line}.${r.end.character}` : ''}`;
}
