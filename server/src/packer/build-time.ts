/**
 * What the engine runs: each selected (build, source) pair with its builder config (source body merged with the
 * build's `source` block), the provisioners and post-processors that apply to that source, and their configs.
 * Provisioner and post-processor bodies may use `build.*`, known only once the builder has run, so each carries
 * a function that evaluates its body again with those values.
 */
import type * as ast from '../hcl/ast.js';
import type { Diagnostic } from '../hcl/diagnostic.js';
import type { EvalContext } from '../hcl/eval/index.js';
import { type Value, elementsOf, entriesOfValue, objectVal, stringVal, unmarkDeep } from '../hcl/value.js';
import { buildVariables, generatedKeysOf } from './build-variables.js';
import { evaluateBody, type EvaluatedBlock, type EvaluatedBody } from './evaluate-body.js';
import { buildSourceName, type BuildSource, type PostProcessorBlock, type ProvisionerBlock, type Template } from './model.js';
import { appliesTo, chainForSource, compileGlob, type SelectedBuild } from './only-except.js';
import { traversalsInBody } from './references.js';

/** A JSON-like config: strings, numbers, booleans, null, arrays and records; unknown values are left out. */
export type ConfigRecord = { readonly [key: string]: PlainValue };
export type PlainValue = null | string | number | boolean | readonly PlainValue[] | ConfigRecord;

/** Arguments Packer consumes itself; the plugin gets the rest of the body. */
const PROVISIONER_META = new Set(['name', 'only', 'except', 'pause_before', 'max_retries', 'timeout', 'override']);
const POST_PROCESSOR_META = new Set(['name', 'only', 'except', 'keep_input_artifact']);

export interface EvaluatedConfig {
  readonly body: EvaluatedBody;
  readonly values: ConfigRecord;
  readonly diagnostics: readonly Diagnostic[];
}

export interface ResolvedComponent {
  readonly type: string;
  readonly name?: string;
  /** The declaring block, for diagnostics about the component as a whole (Packer's prepare errors). */
  readonly block: ast.Block;
  /** Evaluated with `build.*` unknown (what validate sees). */
  readonly config: EvaluatedConfig;
  /** The body refers to `build.*`: call `evaluate` with the builder's values before running it. */
  readonly usesBuildVariables: boolean;
  evaluate(build: Readonly<Record<string, string>>): EvaluatedConfig;
}

export interface ResolvedProvisioner extends ResolvedComponent {
  readonly pauseBefore?: number;
  readonly maxRetries?: number;
  readonly timeout?: number;
}

export interface ResolvedPostProcessor extends ResolvedComponent {
  readonly keepInputArtifact?: boolean;
}

export interface ResolvedBuild {
  /** `[build.name.]type.localName`. */
  readonly name: string;
  /** `type.localName`: what provisioner and post-processor `only`/`except` match. */
  readonly sourceRef: string;
  readonly sourceName: string;
  readonly builderType: string;
  readonly builder: EvaluatedConfig;
  readonly provisioners: readonly ResolvedProvisioner[];
  readonly errorCleanupProvisioner?: ResolvedProvisioner;
  readonly postProcessors: readonly (readonly ResolvedPostProcessor[])[];
}

/** Plain JSON-like form of a value; undefined when (part of) it is unknown. */
export function plainValue(v: Value): PlainValue | undefined {
  const u = unmarkDeep(v);
  if (!u.isKnown) return undefined;
  if (u.isNull) return null;
  switch (u.type.kind) {
    case 'string':
    case 'bool':
      return u.raw as string | boolean;
    case 'number':
      return Number(String(u.raw));
    case 'list':
    case 'set':
    case 'tuple': {
      const out: PlainValue[] = [];
      for (const e of elementsOf(u)) {
        const p = plainValue(e);
        if (p === undefined) return undefined;
        out.push(p);
      }
      return out;
    }
    case 'map':
    case 'object': {
      const out: Record<string, PlainValue> = {};
      for (const [k, e] of entriesOfValue(u)) {
        const p = plainValue(e);
        if (p === undefined) return undefined;
        out[k] = p;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** Attributes as keys; nested blocks as lists of records under their type, as mapstructure reads them. */
export function bodyToRecord(body: EvaluatedBody, skip: ReadonlySet<string> = new Set()): ConfigRecord {
  const out: Record<string, PlainValue> = {};
  for (const [k, v] of body.attrs) {
    if (skip.has(k)) continue;
    const p = plainValue(v);
    if (p !== undefined) out[k] = p;
  }
  const byType = new Map<string, EvaluatedBlock[]>();
  for (const b of body.blocks) byType.set(b.type, [...(byType.get(b.type) ?? []), b]);
  for (const [type, blocks] of byType) out[type] = blocks.map((b) => bodyToRecord(b.body));
  return out;
}

function mergeBodies(base: ast.Body, extra?: ast.Block): ast.Body {
  if (!extra) return base;
  const added = extra.body.items.filter((i) => !(i.kind === 'attribute' && i.name === 'name'));
  return { ...base, items: [...base.items, ...added] };
}

function usesBuild(body: ast.Body): boolean {
  return traversalsInBody(body).some((t) => t.root === 'build');
}

function sourceObject(s: BuildSource): Value {
  return objectVal({ name: stringVal(s.localName), type: stringVal(s.source.type) });
}

function evaluateConfig(body: ast.Body, ctx: EvalContext, skip: ReadonlySet<string>, override?: ReadonlyMap<string, Value>): EvaluatedConfig {
  const r = evaluateBody(body, ctx);
  const attrs = new Map(r.attrs);
  for (const k of skip) attrs.delete(k);
  for (const [k, v] of override ?? []) attrs.set(k, v);
  const evaluated: EvaluatedBody = { attrs, attrRanges: r.attrRanges, blocks: r.blocks };
  return { body: evaluated, values: bodyToRecord(evaluated), diagnostics: r.diagnostics };
}

function component(
  p: ProvisionerBlock,
  scope: EvalContext,
  buildName: string | undefined,
  source: BuildSource,
  skip: ReadonlySet<string>,
  override?: ReadonlyMap<string, Value>,
): ResolvedComponent {
  const ctxFor = (build?: Readonly<Record<string, string>>): EvalContext => ({
    parent: scope,
    variables: new Map([
      ['source', sourceObject(source)],
      ['build', buildVariables(buildName, build, generatedKeysOf(source.source.type))],
    ]),
  });
  return {
    type: p.type,
    ...(p.name !== undefined ? { name: p.name } : {}),
    block: p.block,
    config: evaluateConfig(p.block.body, ctxFor(), skip, override),
    usesBuildVariables: usesBuild(p.block.body),
    evaluate: (build) => evaluateConfig(p.block.body, ctxFor(build), skip, override),
  };
}

function provisioner(p: ProvisionerBlock, scope: EvalContext, buildName: string | undefined, source: BuildSource): ResolvedProvisioner {
  return {
    ...component(p, scope, buildName, source, PROVISIONER_META, p.override?.get(source.localName)),
    ...(p.pauseBefore !== undefined ? { pauseBefore: p.pauseBefore } : {}),
    ...(p.maxRetries !== undefined ? { maxRetries: p.maxRetries } : {}),
    ...(p.timeout !== undefined ? { timeout: p.timeout } : {}),
  };
}

function postProcessor(p: PostProcessorBlock, scope: EvalContext, buildName: string | undefined, source: BuildSource): ResolvedPostProcessor {
  return {
    ...component(p, scope, buildName, source, POST_PROCESSOR_META),
    ...(p.keepInputArtifact !== undefined ? { keepInputArtifact: p.keepInputArtifact } : {}),
  };
}

/**
 * Resolves the builds chosen by selectBuilds. `except` is the -except patterns: besides builds, they drop a
 * post-processor whose name (or type, when unnamed) matches, with the rest of its chain.
 */
export function resolveBuilds(template: Template, selected: readonly SelectedBuild[], except: readonly string[] = []): ResolvedBuild[] {
  const exceptRe = except.flatMap((p) => {
    try {
      return [compileGlob(p)];
    } catch {
      // selectBuilds has already reported the bad pattern.
      return [];
    }
  });
  return selected.map(({ build, source }) => {
    const sourceRef = `${source.source.type}.${source.localName}`;
    const sourceCtx: EvalContext = { parent: template.scope, variables: new Map([['source', sourceObject(source)]]) };
    const chains: ResolvedPostProcessor[][] = [];
    for (const chain of build.postProcessors) {
      const { kept } = chainForSource(chain, sourceRef, exceptRe);
      if (kept.length > 0) chains.push(kept.map((p) => postProcessor(p, template.scope, build.name, source)));
    }
    const cleanup = build.errorCleanupProvisioner;
    return {
      name: buildSourceName(build, source),
      sourceRef,
      sourceName: source.localName,
      builderType: source.source.type,
      builder: evaluateConfig(mergeBodies(source.source.block.body, source.extra), sourceCtx, new Set()),
      provisioners: build.provisioners.filter((p) => appliesTo(p, sourceRef)).map((p) => provisioner(p, template.scope, build.name, source)),
      ...(cleanup && appliesTo(cleanup, sourceRef) ? { errorCleanupProvisioner: provisioner(cleanup, template.scope, build.name, source) } : {}),
      postProcessors: chains,
    };
  });
}
