/**
 * Component bodies checked against their plugin's schema (packer/schema): unknown arguments and wrong types for
 * every block; missing required arguments only for the builds that run (see checkRequired).
 */
import type * as ast from '../hcl/ast.js';
import type { Diagnostic } from '../hcl/diagnostic.js';
import { evaluate, type EvalContext } from '../hcl/eval/index.js';
import type { BodySchema } from './schema/types.js';
import { validateBody } from './schema/validate.js';
import type { ComponentSchemas } from './catalog.js';
import type { Build, BuildSource, DataSource, ProvisionerBlock, Source, Template } from './model.js';
import type { SelectedBuild } from './only-except.js';
import { buildVariables } from './build-variables.js';
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
  return r !== undefined && items.some((i) => i.range.file === r.file && i.range.start.line <= r.start.line && r.end.line <= i.range.end.line);
}

/** A source block's own check, by its syntax and inputs: a keystroke elsewhere does not redo it (memo.ts). */
const sourceChecks = new EvaluationMemo<undefined>();

const isMissing = (d: Diagnostic): boolean => d.summary === 'Missing required argument';

/** What HCL decoding reports for every source, whether or not a build is selected. */
export function checkSourceBodies(sources: ReadonlyMap<string, Source>, builds: readonly Build[], schemas: ComponentSchemas, ctx: EvalContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of sources.values()) {
    const schema = schemas.builder(s.type);
    const checked = sourceChecks.run(s.block, s.block, readsOf(s.block, () => itemTraversals(s.block)), ctx, () => ({ result: undefined, diagnostics: check(s.block.body, schema, ctx, false) }), [schema]);
    out.push(...checked.diagnostics);
  }
  for (const b of builds) {
    for (const use of b.sources) {
      const { body, extra } = mergedSourceBody(use);
      out.push(...check(body, schemas.builder(use.source.type), ctx, false).filter((d) => within(d, extra)));
    }
  }
  return out;
}

export function checkBuildComponents(build: Build, schemas: ComponentSchemas, ctx: EvalContext): Diagnostic[] {
  const provisioners = [...build.provisioners, ...(build.errorCleanupProvisioner ? [build.errorCleanupProvisioner] : [])];
  return [
    ...provisioners.flatMap((p) => check(p.block.body, schemas.provisioner(p.type), ctx, false)),
    ...build.postProcessors.flat().flatMap((p) => check(p.block.body, schemas.postProcessor(p.type), ctx, false)),
  ];
}

/**
 * Missing required arguments, which Packer finds when it prepares a build: only for the builds selected by
 * -only/-except, on each source merged with its build's `source` block.
 */
export function checkRequired(template: Template, selected: readonly SelectedBuild[], schemas: ComponentSchemas): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { build, source } of selected) {
    const ctx: EvalContext = {
      parent: template.scope,
      variables: new Map([
        ['source', objectVal({ name: stringVal(source.localName), type: stringVal(source.source.type) })],
        ['build', buildVariables(build.name)],
      ]),
    };
    out.push(...check(mergedSourceBody(source).body, schemas.builder(source.source.type), ctx, true).filter(isMissing));
    const ref = `${source.source.type}.${source.localName}`;
    const applies = (p: ProvisionerBlock) => (p.only.length > 0 ? p.only.includes(ref) : !p.except.includes(ref));
    const provisioners = [...build.provisioners, ...(build.errorCleanupProvisioner ? [build.errorCleanupProvisioner] : [])].filter(applies);
    for (const p of provisioners) out.push(...check(p.block.body, schemas.provisioner(p.type), ctx, true).filter(isMissing));
    for (const p of build.postProcessors.flat().filter(applies)) out.push(...check(p.block.body, schemas.postProcessor(p.type), ctx, true).filter(isMissing));
  }
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
