/**
 * The scope an expression is evaluated in, after hcl.EvalContext: variables and functions, looked up through a
 * chain of parents. A missing `variables` (or `functions`) map along the whole chain means references (or calls)
 * are not allowed at all in this context, which HCL reports differently from an unknown name.
 */
import type { HclFunction } from '../function.js';
import type { Value } from '../value.js';

export interface EvalContext {
  readonly variables?: ReadonlyMap<string, Value>;
  readonly functions?: ReadonlyMap<string, HclFunction>;
  readonly parent?: EvalContext;
}

/** A context that adds (or shadows) variables, e.g. for-expression iterators or dynamic-block iterators. */
export function childContext(parent: EvalContext, variables: ReadonlyMap<string, Value>): EvalContext {
  return { parent, variables };
}

/** Finds a variable along the chain; `allowed` is false when no context in the chain has variables at all. */
export function lookupVariable(ctx: EvalContext, name: string): { value?: Value; allowed: boolean } {
  let allowed = false;
  for (let c: EvalContext | undefined = ctx; c; c = c.parent) {
    if (!c.variables) continue;
    allowed = true;
    const v = c.variables.get(name);
    if (v) return { value: v, allowed };
  }
  return { allowed };
}

export function lookupFunction(ctx: EvalContext, name: string): { fn?: HclFunction; allowed: boolean } {
  let allowed = false;
  for (let c: EvalContext | undefined = ctx; c; c = c.parent) {
    if (!c.functions) continue;
    allowed = true;
    const fn = c.functions.get(name);
    if (fn) return { fn, allowed };
  }
  return { allowed };
}

export function allVariableNames(ctx: EvalContext): string[] {
  const names: string[] = [];
  for (let c: EvalContext | undefined = ctx; c; c = c.parent) if (c.variables) names.push(...c.variables.keys());
  return names;
}

export function allFunctionNames(ctx: EvalContext): string[] {
  const names: string[] = [];
  for (let c: EvalContext | undefined = ctx; c; c = c.parent) if (c.functions) names.push(...c.functions.keys());
  return names;
}
