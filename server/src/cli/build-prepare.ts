/**
 * Packer's prepare step (hcl2template's GetBuilds), shared by `build` and `validate`: every selected build is
 * decoded and its builder, provisioners and post-processors configured before anything runs. What fails is a
 * diagnostic on its block and rules out only that build; the others stay ready to run.
 */
import type { Block } from '../hcl/ast.js';
import { hasErrors, type Diagnostic, type Position, type Range } from '../hcl/diagnostic.js';
import { LineIndex, toHclPos, type HclPos } from '../hcl/text.js';
import type { Builder, BuildInfo } from '../engine/component.js';
import { ConfigErrors } from '../engine/decode.js';
import { buildVariables } from '../engine/provision-step.js';
import { createBuilder, createPostProcessor, createProvisioner } from '../engine/registry.js';
import { resolveBuilds, type ResolvedBuild, type ResolvedComponent } from '../packer/build-time.js';
import { BUILTIN_SCHEMAS } from '../packer/catalog.js';
import { checkSelectedBuild } from '../packer/check-bodies.js';
import type { Template } from '../packer/model.js';
import { selectBuilds, type SelectedBuild } from '../packer/only-except.js';
import type { CliIO } from './command.js';
import type { TemplateArgs } from './template-flags.js';

/**
 * Packer's GetBuilds on a template without errors of its own: -only/-except select the builds (a bad pattern stops
 * everything), each selected build is prepared (resolveAndPrepare), and the warnings about patterns that matched
 * less than they named come last, after the builds' own findings.
 */
export function getBuilds(template: Template, args: Pick<TemplateArgs, 'only' | 'except'>, diags: Diagnostic[], io: CliIO): ResolvedBuild[] {
  const selection: Diagnostic[] = [];
  const selected = selectBuilds(template.builds, args.only, args.except, selection);
  if (hasErrors(selection)) {
    diags.push(...selection);
    return [];
  }
  const ready = resolveAndPrepare(template, selected, args.except, diags, io);
  diags.push(...selection);
  return ready;
}

/**
 * Resolves and prepares each selected build in Packer's order — source body, builder, provisioners,
 * post-processors, error-cleanup provisioner — stopping that build at the first stage with an error; the builds
 * that prepared cleanly are returned. Only the selected builds' bodies are decoded, each in its build's context
 * (`source.name`, `build.name`): a body no selected build uses is never reported, as in Packer. A body two builds
 * use is decoded for each, so its errors are reported once per build, as Packer's GetBuilds appends them.
 */
function resolveAndPrepare(template: Template, selected: readonly SelectedBuild[], except: readonly string[], diags: Diagnostic[], io: CliIO): ResolvedBuild[] {
  const templateWide = new Set(diags.map(diagnosticKey));
  const positions = new HclPositions(template);
  const ready: ResolvedBuild[] = [];
  for (const [i, b] of resolveBuilds(template, selected, except).entries()) {
    const sel = selected[i];
    if (!sel) continue;
    // Within one build a finding reached twice (the schema check and the evaluation of one body) is one decode's.
    const seen = new Set(templateWide);
    const report = (found: readonly Diagnostic[]): boolean => {
      for (const d of found) {
        if (seen.has(diagnosticKey(d))) continue;
        seen.add(diagnosticKey(d));
        diags.push(d);
      }
      return hasErrors(found);
    };
    // Schema findings by block; a post-processor that -except dropped is never looked up, so, as in Packer,
    // what is wrong with it goes unreported. A missing required argument is the plugin's finding, as in Packer
    // (its HCL specs require nothing): the engine's config decode words it ("target required").
    const checked = checkSelectedBuild(template, sel, BUILTIN_SCHEMAS, false);
    const info: BuildInfo = { name: b.name, sourceName: b.sourceName, builderType: b.builderType, runUuid: '', force: false, debug: false, onError: 'cleanup', cwd: io.cwd, env: io.env };
    // Packer adds the builder's decode diagnostics as they are, each at its own place.
    if (report([...(checked.get(sel.source.source.block) ?? []), ...b.builder.diagnostics])) continue;
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
    if (stages.some(([components, kind]) => report(components.flatMap((c) => prepareComponent(c, kind, placeholders, info, checked.get(c.block) ?? [], positions))))) continue;
    ready.push(b);
  }
  return ready;
}

type Kind = 'provisioner' | 'post-processor';

/**
 * A component's decode (schema findings and evaluation errors) and its plugin's prepare. Packer's HCL2Prepare turns
 * either failure into one error, reported as "Failed preparing provisioner-block "type" "name"" (Go's %q of the
 * block) on the block's header: with hcl.Diagnostics' text for a decode, go-multierror's for a plugin's rejection.
 */
function prepareComponent(
  c: ResolvedComponent,
  kind: Kind,
  placeholders: Readonly<Record<string, string>>,
  info: BuildInfo,
  findings: readonly Diagnostic[],
  positions: HclPositions,
): Diagnostic[] {
  const failed = (detail: string): Diagnostic => ({
    severity: 'error',
    summary: `Failed preparing ${kind}-block ${JSON.stringify(c.type)} ${JSON.stringify(c.name ?? '')}`,
    detail,
    range: headerRange(c.block),
  });
  const decoded = [...findings, ...c.config.diagnostics];
  if (hasErrors(decoded)) return [failed(hclErrorText(decoded, positions))];
  const values = c.usesBuildVariables ? c.evaluate(placeholders).values : c.config.values;
  try {
    if (kind === 'provisioner') createProvisioner(c.type, values, info);
    else createPostProcessor(c.type, values, info);
    return decoded;
  } catch (e) {
    if (!(e instanceof ConfigErrors)) throw e;
    return [...decoded, failed(multiError(e))];
  }
}

/** hcl.Diagnostics' Error(): the first as `range: summary; detail`, then how many others there are. */
function hclErrorText(ds: readonly Diagnostic[], positions: HclPositions): string {
  const [first] = ds;
  if (!first) return 'no diagnostics';
  const one = `${first.range ? positions.rangeText(first.range) : '<nil>'}: ${first.summary}; ${first.detail ?? ''}`;
  return ds.length === 1 ? one : `${one}, and ${ds.length - 1} other diagnostic(s)`;
}

/**
 * Ranges as HCL writes them, its columns counting characters (grapheme clusters) where ours count UTF-16 units:
 * each file's line index made on first use, from the template's texts.
 */
class HclPositions {
  private readonly indexes = new Map<string, LineIndex | undefined>();

  constructor(private readonly template: Template) {}

  /** hcl.Range's String(): 1-based `file:line,col-col`, or `file:line,col-line,col` across lines. */
  rangeText(r: Range): string {
    const start = this.pos(r.file, r.start);
    const end = this.pos(r.file, r.end);
    const head = `${r.file}:${start.line},${start.column}`;
    return start.line === end.line ? `${head}-${end.column}` : `${head}-${end.line},${end.column}`;
  }

  private pos(file: string, p: Position): Pick<HclPos, 'line' | 'column'> {
    if (!this.indexes.has(file)) {
      const text = this.template.files.find((f) => f.path === file)?.text;
      this.indexes.set(file, text === undefined ? undefined : new LineIndex(text));
    }
    const index = this.indexes.get(file);
    return index ? toHclPos(index, p) : { line: p.line + 1, column: p.character + 1 };
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

/**
 * One finding's identity by place and message. A place is a whole range: in HCL-JSON sibling blocks share their
 * type key, so only the end tells them apart.
 */
export function diagnosticKey(d: Diagnostic): string {
  const r = d.range;
  return `${d.severity}|${d.summary}|${d.detail ?? ''}|${r ? `${r.file}:${r.start.line}.${r.start.character}-${r.end.line}.${r.end.character}` : ''}`;
}
