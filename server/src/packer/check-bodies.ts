/**
 * Component bodies checked against their plugin's schema (packer/schema): unknown arguments and wrong types for
 * every block, each on its own (what the editor shows); and, per selected build, Packer's decode of that build's
 * bodies with required arguments included (checkSelectedBuild).
 */
import type * as ast from '../hcl/ast.js';
import { rangeWithin, type Diagnostic } from '../hcl/diagnostic.js';
import { evaluate, type EvalContext } from '../hcl/eval/index.js';
import type { BodySchema } from './schema/types.js';
import { validateBody } from './schema/validate.js';
import type { ComponentSchemas } from './catalog.js';
import { attribute } from './body.js';
import { error, posText } from './diagnostics.js';
import type { BuildSource, DataSource, PostProcessorBlock, ProvisionerBlock, Source, Template } from './model.js';
import { appliesTo, type SelectedBuild } from './only-except.js';
import { buildVariables, generatedKeysOf } from './build-variables.js';
import { objectVal, stringVal } from '../hcl/value.js';
import { EvaluationMemo, readsOf } from './memo.js';
import { itemTraversals } from './references.js';

function check(body: ast.Body, schema: BodySchema | undefined, ctx: EvalContext, required: boolean): Diagnostic[] {
  if (!schema) return [];
  return validateBody(body, schema, { evaluate: (e) => evaluate(e, ctx).value, required });
}

function mergedSourceBody(use: BuildSource): { body: ast.Body; extra: readonly (ast.Attribute | ast.Block)[] } {
  const extra = use.extra?.body.items.filter((i) => !(i.kind === 'attribute' && i.name === 'name')) ?? [];
  return { body: { ...use.source.block.body, items: [...use.source.block.body.items, ...extra] }, extra };
}

function within(d: Diagnostic, items: readonly (ast.Attribute | ast.Block)[]): boolean {
  const r = d.range;
  return r !== undefined && items.some((i) => rangeWithin(r, i.range));
}

/**
 * Arguments a build's `source` block sets that the source sets already: HCL merges the two bodies when the
 * builder is decoded, so this is an error of that build only.
 */
function duplicateArguments(use: BuildSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const item of use.extra?.body.items ?? []) {
    if (item.kind !== 'attribute' || item.name === 'name') continue;
    const prev = attribute(use.source.block.body, item.name);
    if (prev) out.push(error('Duplicate argument', `Argument "${item.name}" was already set at ${posText(prev.nameRange)}`, item.nameRange));
  }
  return out;
}

/** A source block's own check, by its syntax and inputs: a keystroke elsewhere does not redo it (memo.ts). */
const sourceChecks = new EvaluationMemo<undefined>();

const isMissing = (d: Diagnostic): boolean => d.summary === 'Missing required argument';

/** What HCL decoding reports for a source block on its own, whether or not a build uses it. */
export function checkSourceBody(s: Source, schemas: ComponentSchemas, ctx: EvalContext): readonly Diagnostic[] {
  const schema = schemas.builder(s.type);
  return sourceChecks.run(s.block, s.block, readsOf(s.block, () => itemTraversals(s.block)), ctx, () => ({ result: undefined, diagnostics: check(s.block.body, schema, ctx, false) }), [schema]).diagnostics;
}

/** What a build's `source` block adds to its source: its own arguments checked, and those set twice. */
export function checkBuildSourceBlock(use: BuildSource, schemas: ComponentSchemas | undefined, ctx: EvalContext): Diagnostic[] {
  const { body, extra } = mergedSourceBody(use);
  return [...duplicateArguments(use), ...check(body, schemas?.builder(use.source.type), ctx, false).filter((d) => within(d, extra))];
}

export function checkProvisionerBody(p: ProvisionerBlock, schemas: ComponentSchemas, ctx: EvalContext): Diagnostic[] {
  return check(p.block.body, schemas.provisioner(p.type), ctx, false);
}

export function checkPostProcessorBody(p: PostProcessorBlock, schemas: ComponentSchemas, ctx: EvalContext): Diagnostic[] {
  return check(p.block.body, schemas.postProcessor(p.type), ctx, false);
}

/**
 * One selected build's bodies checked against the plugins' schemas, by the block each finding belongs to: the
 * source's block (merged with the build's `source` block, whose arguments set twice are reported there too) and
 * every provisioner and post-processor that applies to the source. `required` adds missing required arguments
 * (for the editor; a command leaves them to the plugins' prepare step, which words them as Packer's plugins do).
 * Evaluation errors are not here: they come with the values (build-time.ts).
 */
export function checkSelectedBuild(template: Template, { build, source }: SelectedBuild, schemas: ComponentSchemas, required: boolean): Map<ast.Block, Diagnostic[]> {
  const ctx: EvalContext = {
    parent: template.scope,
    variables: new Map([
      ['source', objectVal({ name: stringVal(source.localName), type: stringVal(source.source.type) })],
      ['build', buildVariables(build.name, {}, generatedKeysOf(source.source.type))],
    ]),
  };
  const out = new Map<ast.Block, Diagnostic[]>();
  // An argument set twice is HCL's "Duplicate argument" alone, as the merged bodies decode in Packer.
  const merged = mergedSourceBody(source).body;
  const once = { ...merged, items: merged.items.filter((i) => !(i.kind === 'attribute' && source.extra?.body.items.includes(i) && attribute(source.source.block.body, i.name))) };
  out.set(source.source.block, [...duplicateArguments(source), ...check(once, schemas.builder(source.source.type), ctx, required)]);
  const ref = `${source.source.type}.${source.localName}`;
  const provisioners = [...build.provisioners, ...(build.errorCleanupProvisioner ? [build.errorCleanupProvisioner] : [])].filter((p) => appliesTo(p, ref));
  for (const p of provisioners) out.set(p.block, check(p.block.body, schemas.provisioner(p.type), ctx, required));
  for (const p of build.postProcessors.flat().filter((p) => appliesTo(p, ref))) out.set(p.block, check(p.block.body, schemas.postProcessor(p.type), ctx, required));
  return out;
}

/**
 * Missing required arguments, which Packer finds when it prepares a build: only for the builds selected by
 * -only/-except, on each source merged with its build's `source` block.
 */
export function checkRequired(template: Template, selected: readonly SelectedBuild[], schemas: ComponentSchemas): Diagnostic[] {
  const out = selected.flatMap((sel) => [...checkSelectedBuild(template, sel, schemas, true).values()].flat().filter(isMissing));
  const seen = new Set<string>();
  return out.filter((d) => {
    const key = `${d.detail}|${d.range?.file}:${d.range?.start.line}:${d.range?.start.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function checkDataSources(data: ReadonlyMap<string, DataSource>, schemas: ComponentSchemas, ctx: EvalContext): Diagnostic[] {
  return [...data.values()].flatMap((d) => check(d.block.body, schemas.dataSource(d.type), ctx, true));
}
