/**
 * Evaluates a block body into values: attributes by name and nested blocks in order, with `dynamic` blocks
 * expanded (for_each, iterator, labels, content) as HCL's dynblock extension does.
 */
import type * as ast from '../hcl/ast.js';
import type { Diagnostic, Range } from '../hcl/diagnostic.js';
import { childContext, evaluate, type EvalContext } from '../hcl/eval/index.js';
import { type Value, elementsOf, entriesOfValue, objectVal, stringVal, numberVal } from '../hcl/value.js';
import { attribute, staticString } from './body.js';
import { error } from './diagnostics.js';

export interface EvaluatedBlock {
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: EvaluatedBody;
  readonly range: Range;
}

export interface EvaluatedBody {
  readonly attrs: Map<string, Value>;
  readonly attrRanges: Map<string, Range>;
  readonly blocks: EvaluatedBlock[];
}

export function evaluateBody(body: ast.Body, ctx: EvalContext): EvaluatedBody & { diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  return { ...evalInto(body, ctx, diagnostics), diagnostics };
}

function evalInto(body: ast.Body, ctx: EvalContext, diags: Diagnostic[]): EvaluatedBody {
  const attrs = new Map<string, Value>();
  const attrRanges = new Map<string, Range>();
  const blocks: EvaluatedBlock[] = [];
  for (const item of body.items) {
    if (item.kind === 'attribute') {
      const r = evaluate(item.expr, ctx);
      diags.push(...r.diagnostics);
      attrs.set(item.name, r.value);
      attrRanges.set(item.name, item.expr.range);
    } else if (item.type === 'dynamic') {
      blocks.push(...expandDynamic(item, ctx, diags));
    } else {
      blocks.push({ type: item.type, labels: item.labels.map((l) => l.value), body: evalInto(item.body, ctx, diags), range: item.range });
    }
  }
  return { attrs, attrRanges, blocks };
}

function expandDynamic(block: ast.Block, ctx: EvalContext, diags: Diagnostic[]): EvaluatedBlock[] {
  const type = block.labels[0]?.value;
  if (!type) {
    diags.push(error('Missing name for dynamic', 'All dynamic blocks must have 1 labels (name).', block.openBraceRange));
    return [];
  }
  const forEach = attribute(block.body, 'for_each');
  const content = block.body.items.find((i): i is ast.Block => i.kind === 'block' && i.type === 'content');
  if (!forEach || !content) {
    diags.push(
      error(
        'Missing required argument',
        `The argument "${forEach ? 'content' : 'for_each'}" is required, but no definition was found.`,
        block.openBraceRange,
      ),
    );
    return [];
  }
  const iterAttr = attribute(block.body, 'iterator');
  const iterator = (iterAttr && (iterAttr.expr.kind === 'variable' ? iterAttr.expr.name : staticString(iterAttr.expr))) ?? type;
  const coll = evaluate(forEach.expr, ctx);
  diags.push(...coll.diagnostics);
  if (!coll.value.isKnown || coll.value.isNull) return [];
  const kind = coll.value.type.kind;
  let pairs: [Value, Value][];
  if (kind === 'map' || kind === 'object') {
    pairs = [...entriesOfValue(coll.value)].map(([k, v]) => [stringVal(k), v]);
  } else if (kind === 'list' || kind === 'tuple') {
    pairs = elementsOf(coll.value).map((v, i) => [numberVal(i), v]);
  } else if (kind === 'set') {
    pairs = elementsOf(coll.value).map((v) => [v, v]);
  } else {
    diags.push(
      error('Invalid dynamic for_each value', `Cannot use a ${kind} value in for_each. An iterable collection is required.`, forEach.expr.range),
    );
    return [];
  }
  const labelsAttr = attribute(block.body, 'labels');
  const out: EvaluatedBlock[] = [];
  for (const [key, value] of pairs) {
    const inner = childContext(ctx, new Map([[iterator, objectVal({ key, value })]]));
    let labels: string[] = [];
    if (labelsAttr) {
      const l = evaluate(labelsAttr.expr, inner);
      diags.push(...l.diagnostics);
      labels = elementsOf(l.value).map((x) => String(x.raw));
    }
    out.push({ type, labels, body: evalInto(content.body, inner, diags), range: block.range });
  }
  return out;
}
