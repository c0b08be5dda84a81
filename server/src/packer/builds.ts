/** `source` and `build` blocks: declarations, source references, provisioners and post-processor chains. */
import type * as ast from '../hcl/ast.js';
import type { Diagnostic } from '../hcl/diagnostic.js';
import { evaluate, type EvalContext } from '../hcl/eval/index.js';
import { STRING, elementsOf, entriesOfValue, objectVal, unknownVal, type Value } from '../hcl/value.js';
import { buildVariables } from './build-variables.js';
import { attribute, blocksOf, staticString } from './body.js';
import { error, posText } from './diagnostics.js';
import { definitionRange, labelCountError } from './labels.js';
import { unsupportedArgument, unsupportedBlock } from './unexpected-content.js';
import { parseDurationMs } from './durations.js';
import type { Build, BuildSource, ConfigFile, PostProcessorBlock, ProvisionerBlock, Source } from './model.js';
import { nameSuggestion } from '../hcl/eval/suggest.js';

const BUILD_CONTENT = {
  attributes: ['name', 'description', 'sources'],
  blocks: ['source', 'provisioner', 'post-processor', 'post-processors', 'error-cleanup-provisioner', 'hcp_packer_registry'],
};
const POST_PROCESSORS_CONTENT = { attributes: [], blocks: ['post-processor'] };

/** The component types this build ships, by kind; the source of truth is the schema registry. */
export interface ComponentCatalog {
  readonly builders: readonly string[];
  readonly provisioners: readonly string[];
  readonly postProcessors: readonly string[];
  readonly dataSources: readonly string[];
}

export function declareSources(files: readonly ConfigFile[], catalog: ComponentCatalog, diags: Diagnostic[]): Map<string, Source> {
  const out = new Map<string, Source>();
  for (const file of files) {
    if (file.kind !== 'config') continue;
    for (const block of blocksOf(file.ast.body, 'source')) {
      const labelError = labelCountError(block, ['type', 'name']);
      if (labelError) {
        diags.push(labelError);
        continue;
      }
      const [type, name] = block.labels as [ast.Label, ast.Label];
      if (!catalog.builders.includes(type.value)) {
        const s = nameSuggestion(type.value, catalog.builders);
        diags.push(
          error(
            `Unknown source type ${type.value}`,
            `The source "${type.value}" is not known to Packer Studio.${s ? ` Did you mean "${s}"?` : ''} Known source types: ${catalog.builders.join(', ')}.`,
            type.range,
            'unknown-source-type',
          ),
        );
      }
      const key = `${type.value}.${name.value}`;
      const prev = out.get(key);
      if (prev) {
        diags.push(
          error(
            'Duplicate source block',
            `This source block has the same builder type and name as a previous block declared at ${posText(definitionRange(prev.block))}. Each source must have a unique name per builder type.`,
            definitionRange(block),
          ),
        );
        continue;
      }
      out.set(key, { type: type.value, name: name.value, block });
    }
  }
  return out;
}

/** `source.docker.app`, `docker.app`, or with more parts the first dropped. */
function parseSourceRef(ref: string): { type: string; name: string } | undefined {
  const parts = ref.split('.');
  if (parts.length < 2) return undefined;
  if (parts.length === 2) return { type: parts[0]!, name: parts[1]! };
  return { type: parts[1]!, name: parts[2]! };
}

function stringList(expr: ast.Expression | undefined, ctx: EvalContext, diags: Diagnostic[]): string[] {
  if (!expr) return [];
  const r = evaluate(expr, ctx);
  diags.push(...r.diagnostics);
  if (!r.value.isKnown || r.value.isNull) return [];
  return elementsOf(r.value)
    .map((v) => v.raw)
    .filter((x): x is string => typeof x === 'string');
}

function optionalString(expr: ast.Expression | undefined, ctx: EvalContext, diags: Diagnostic[]): string | undefined {
  if (!expr) return undefined;
  const r = evaluate(expr, ctx);
  diags.push(...r.diagnostics);
  return typeof r.value.raw === 'string' ? r.value.raw : undefined;
}

function componentBlock(block: ast.Block, known: readonly string[], kind: string, ctx: EvalContext, diags: Diagnostic[]): ProvisionerBlock | undefined {
  const labelError = labelCountError(block, ['type']);
  if (labelError) {
    diags.push(labelError);
    return undefined;
  }
  const type = block.labels[0]!;
  if (!known.includes(type.value)) {
    const s = nameSuggestion(type.value, known);
    diags.push(
      error(
        `Unknown ${kind} type "${type.value}"`,
        `The ${kind} "${type.value}" is not known to Packer Studio.${s ? ` Did you mean "${s}"?` : ''} Known ${kind}s: ${known.join(', ')}.`,
        type.range,
        `unknown-${kind.replace(/ /g, '-')}-type`,
      ),
    );
  }
  const only = stringList(attribute(block.body, 'only')?.expr, ctx, diags);
  const except = stringList(attribute(block.body, 'except')?.expr, ctx, diags);
  if (only.length > 0 && except.length > 0) {
    diags.push(error('Invalid ' + block.type, "only one of 'only' or 'except' may be specified", block.typeRange));
  }
  const nameExpr = attribute(block.body, 'name')?.expr;
  const name = nameExpr ? (staticString(nameExpr) ?? optionalString(nameExpr, ctx, diags)) : undefined;
  const base = { type: type.value, ...(name !== undefined ? { name } : {}), block, only, except };
  return kind === 'provisioner' ? { ...base, ...provisionerSettings(block, ctx, diags) } : base;
}

type ProvisionerSettings = Pick<ProvisionerBlock, 'pauseBefore' | 'maxRetries' | 'timeout' | 'override'>;

/** The arguments Packer takes out of a provisioner block before the plugin sees the rest. */
function provisionerSettings(block: ast.Block, ctx: EvalContext, diags: Diagnostic[]): ProvisionerSettings {
  const out: { -readonly [K in keyof ProvisionerSettings]: ProvisionerSettings[K] } = {};
  const duration = (attr: string, label: string): number | undefined => {
    const text = optionalString(attribute(block.body, attr)?.expr, ctx, diags);
    if (text === undefined || text === '') return undefined;
    const d = parseDurationMs(text);
    if ('ms' in d) return d.ms;
    diags.push(error(`Failed to parse ${label} duration`, d.error, attribute(block.body, attr)!.expr.range));
    return undefined;
  };
  const pause = duration('pause_before', 'pause_before');
  if (pause !== undefined) out.pauseBefore = pause;
  const timeout = duration('timeout', 'timeout');
  if (timeout !== undefined) out.timeout = timeout;
  const retries = attribute(block.body, 'max_retries');
  if (retries) {
    const r = evaluate(retries.expr, ctx);
    diags.push(...r.diagnostics);
    const n = r.value.isKnown && !r.value.isNull ? Number(String(r.value.raw)) : NaN;
    if (Number.isInteger(n)) out.maxRetries = n;
    else if (r.value.isKnown) diags.push(error('Unsuitable value type', 'Unsuitable value: a whole number is required', retries.expr.range));
  }
  const override = attribute(block.body, 'override');
  if (override) {
    const r = evaluate(override.expr, ctx);
    diags.push(...r.diagnostics);
    const kind = r.value.type.kind;
    if (r.value.isKnown && !r.value.isNull) {
      if (kind !== 'object' && kind !== 'map') {
        diags.push(error("provisioner's override block must be an HCL object", '', override.expr.range));
      } else {
        const perSource = new Map<string, ReadonlyMap<string, Value>>();
        for (const [source, attrs] of entriesOfValue(r.value)) {
          const k = attrs.type.kind;
          if (!attrs.isKnown || attrs.isNull || (k !== 'object' && k !== 'map')) {
            diags.push(error(`provisioner's override.'${source}' block must be an HCL object`, '', override.expr.range));
            continue;
          }
          perSource.set(source, entriesOfValue(attrs));
        }
        out.override = perSource;
      }
    }
  }
  return out;
}

export function declareBuilds(
  files: readonly ConfigFile[],
  sources: ReadonlyMap<string, Source>,
  catalog: ComponentCatalog,
  ctx: EvalContext,
  diags: Diagnostic[],
): Build[] {
  const builds: Build[] = [];
  for (const file of files) {
    if (file.kind !== 'config') continue;
    for (const block of blocksOf(file.ast.body, 'build')) {
      const labelError = labelCountError(block, []);
      if (labelError) {
        diags.push(labelError);
        continue;
      }
      const name = optionalString(attribute(block.body, 'name')?.expr, ctx, diags);
      const componentCtx: EvalContext = {
        parent: ctx,
        variables: new Map([
          ['build', buildVariables(name)],
          ['source', objectVal({ name: unknownVal(STRING), type: unknownVal(STRING) })],
        ]),
      };
      const description = optionalString(attribute(block.body, 'description')?.expr, ctx, diags);
      const used: BuildSource[] = [];
      let referenced = 0;
      const resolve = (ref: string, range: ast.Expression['range'], extra?: ast.Block): void => {
        referenced++;
        const parsed = parseSourceRef(ref);
        if (!parsed) {
          diags.push(
            error(
              'Invalid source reference',
              `A build source reference must be of the form source.TYPE.NAME (or TYPE.NAME); got "${ref}".`,
              range,
            ),
          );
          return;
        }
        const src = sources.get(`${parsed.type}.${parsed.name}`);
        if (!src) {
          const known = [...sources.keys()];
          const s = nameSuggestion(`${parsed.type}.${parsed.name}`, known);
          diags.push(
            error(
              `Unknown source ${parsed.type}.${parsed.name}`,
              s ? `Did you mean "source.${s}"?` : `Known: [${known.map((k) => `source.${k}`).join(' ')}]`,
              range,
              'unknown-source',
            ),
          );
          return;
        }
        let localName = src.name;
        const n = extra ? attribute(extra.body, 'name') : undefined;
        if (n) localName = optionalString(n.expr, ctx, diags) ?? localName;
        used.push({ source: src, localName, ...(extra ? { extra } : {}), refRange: range });
      };

      const sourcesAttr = attribute(block.body, 'sources');
      if (sourcesAttr) {
        const items = sourcesAttr.expr.kind === 'tuple' ? sourcesAttr.expr.items : [sourcesAttr.expr];
        for (const item of items) {
          const r = evaluate(item, ctx);
          diags.push(...r.diagnostics);
          const list = r.value.type.kind === 'string' ? [r.value] : elementsOf(r.value);
          for (const v of list) if (typeof v.raw === 'string') resolve(v.raw, item.range);
        }
      }
      for (const sb of blocksOf(block.body, 'source')) {
        const label = sb.labels[0];
        if (label) resolve(label.value, label.range, sb);
      }
      if (referenced === 0) {
        diags.push(error('missing source reference', 'a build block must reference at least one source to be built', block.typeRange));
      }

      const provisioners: ProvisionerBlock[] = [];
      let errorCleanup: ProvisionerBlock | undefined;
      const chains: PostProcessorBlock[][] = [];
      for (const item of block.body.items) {
        if (item.kind !== 'block') continue;
        if (item.type === 'provisioner') {
          const p = componentBlock(item, catalog.provisioners, 'provisioner', componentCtx, diags);
          if (p) provisioners.push(p);
        } else if (item.type === 'error-cleanup-provisioner') {
          if (errorCleanup) {
            diags.push(error('Only one error-cleanup-provisioner is allowed', 'Remove the extra error-cleanup-provisioner block.', item.typeRange));
            continue;
          }
          errorCleanup = componentBlock(item, catalog.provisioners, 'provisioner', componentCtx, diags);
        } else if (item.type === 'post-processor') {
          const p = postProcessor(item, catalog, componentCtx, diags);
          if (p) chains.push([p]);
        } else if (item.type === 'post-processors') {
          const chain: PostProcessorBlock[] = [];
          for (const inner of item.body.items) {
            if (inner.kind === 'block' && inner.type === 'post-processor') {
              const p = postProcessor(inner, catalog, componentCtx, diags);
              if (p) chain.push(p);
            } else {
              diags.push(
                inner.kind === 'block' ? unsupportedBlock(inner.type, inner.typeRange, POST_PROCESSORS_CONTENT) : unsupportedArgument(inner.name, inner.nameRange, POST_PROCESSORS_CONTENT),
              );
            }
          }
          if (chain.length > 0) chains.push(chain);
        } else if (!['source', 'hcp_packer_registry', 'from', 'dynamic'].includes(item.type)) {
          diags.push(unsupportedBlock(item.type, item.typeRange, BUILD_CONTENT));
        }
      }
      for (const a of block.body.items) {
        if (a.kind === 'attribute' && !BUILD_CONTENT.attributes.includes(a.name)) {
          diags.push(unsupportedArgument(a.name, a.nameRange, BUILD_CONTENT));
        }
      }
      builds.push({
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
        block,
        sources: used,
        provisioners,
        ...(errorCleanup ? { errorCleanupProvisioner: errorCleanup } : {}),
        postProcessors: chains,
      });
    }
  }
  return builds;
}

function postProcessor(block: ast.Block, catalog: ComponentCatalog, ctx: EvalContext, diags: Diagnostic[]): PostProcessorBlock | undefined {
  const p = componentBlock(block, catalog.postProcessors, 'post-processor', ctx, diags);
  if (!p) return undefined;
  const keep = attribute(block.body, 'keep_input_artifact');
  if (!keep) return p;
  const r = evaluate(keep.expr, ctx);
  diags.push(...r.diagnostics);
  return typeof r.value.raw === 'boolean' ? { ...p, keepInputArtifact: r.value.raw } : p;
}
