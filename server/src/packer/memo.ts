/**
 * Evaluations remembered across loads of the same syntax. The language server loads the whole template on every
 * keystroke, but an edit changes one block: an expression whose syntax is unchanged (the same node, also when the
 * edit moved it by lines — hcl/syntax/shift.ts) and whose inputs have the same values evaluates to the same result.
 *
 * Inputs are the values its traversals start from (`var.x`, `local.y`, `data.t.n`, `path`, ...), compared with
 * cty's raw equality, marks included, and the function table. Expressions calling a function of that table that
 * does not declare itself pure (HclFunction.pure: its result depends only on its arguments, unlike files, the
 * clock, randomness or secret stores) are never remembered. A result that came with
 * diagnostics is only reused where it was computed, since diagnostics carry positions (also in their text).
 */
import type * as ast from '../hcl/ast.js';
import type { Diagnostic } from '../hcl/diagnostic.js';
import type { HclFunction } from '../hcl/function.js';
import { lookupFunction, lookupVariable, type EvalContext } from '../hcl/eval/context.js';
import { MovedCache } from '../hcl/syntax/moved.js';
import { orderedObjectVal, rawEquals, type Value } from '../hcl/value.js';
import type { Traversal } from './references.js';

/** What a traversal reads, without positions: its root and the names of its first two static steps. */
export interface Read {
  readonly root: string;
  readonly steps: readonly string[];
}

const reads = new WeakMap<object, readonly Read[]>();

/** The reads of `node` (an attribute's expression or a block), in `traversals()` order. */
export function readsOf(node: object, traversals: () => readonly Traversal[]): readonly Read[] {
  let r = reads.get(node);
  if (!r) {
    r = traversals().map((t) => ({ root: t.root, steps: t.steps.slice(0, 2).map((s) => s.name) }));
    reads.set(node, r);
  }
  return r;
}

/** A syntax node evaluations are kept for: a block or an expression. */
type Syntax = ast.Block | ast.Expression;

interface Entry<T> {
  readonly also: readonly unknown[];
  readonly functions: ReadonlyMap<string, HclFunction> | undefined;
  readonly inputs: readonly (Value | undefined)[];
  readonly result: T;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * A context built only when the memo misses: `input` gives the value a read would find in `context()`, at least
 * as narrow as inputOf's (any value that changes whenever what the read reaches changes will do).
 */
export interface LazyScope {
  readonly context: () => EvalContext;
  readonly functions: ReadonlyMap<string, HclFunction> | undefined;
  readonly input: (r: Read) => Value | undefined;
}

export interface Evaluated<T> {
  readonly result: T;
  readonly diagnostics: readonly Diagnostic[];
}

export class EvaluationMemo<T> {
  private readonly cache = new MovedCache<Syntax, Entry<T> | undefined>((e) => (e && e.diagnostics.length === 0 ? e : undefined));

  /**
   * `compute()`'s result for `node` (a block or an attribute's expression) in `ctx`, where `reads` are all the
   * references `compute` can follow and `syntax` all the syntax it evaluates.
   */
  run(
    node: Syntax,
    syntax: object,
    reads: readonly Read[],
    scope: EvalContext | LazyScope,
    compute: () => Evaluated<T>,
    /** Anything else the result depends on (a schema), compared by identity. */
    also: readonly unknown[] = NOTHING_ELSE,
  ): Evaluated<T> {
    const functions = isLazy(scope) ? scope.functions : functionsOf(scope);
    const hit = this.cache.get(node);
    // Compared read by read, so a hit (most expressions on most keystrokes) allocates nothing.
    if (hit && hit.functions === functions && sameItems(hit.also, also) && sameInputs(hit.inputs, reads, scope)) return hit;
    const inputs = reads.map((r) => inputIn(scope, r));
    const out = compute();
    const ctx = isLazy(scope) ? scope.context() : scope;
    this.cache.set(node, callsImpure(syntax, ctx) ? undefined : { also, functions, inputs, result: out.result, diagnostics: out.diagnostics });
    return out;
  }
}

const NOTHING_ELSE: readonly unknown[] = [];

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameInputs(inputs: readonly (Value | undefined)[], reads: readonly Read[], scope: EvalContext | LazyScope): boolean {
  if (inputs.length !== reads.length) return false;
  for (let i = 0; i < reads.length; i++) if (!sameValue(inputs[i], inputIn(scope, reads[i]!))) return false;
  return true;
}

function inputIn(scope: EvalContext | LazyScope, r: Read): Value | undefined {
  return isLazy(scope) ? scope.input(r) : inputOf(scope, r);
}

function isLazy(scope: EvalContext | LazyScope): scope is LazyScope {
  return typeof (scope as Partial<LazyScope>).input === 'function';
}

function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && rawEquals(a, b));
}

export function functionsOf(ctx: EvalContext): ReadonlyMap<string, HclFunction> | undefined {
  for (let c: EvalContext | undefined = ctx; c; c = c.parent) if (c.functions) return c.functions;
  return undefined;
}

/** What a traversal reads: its root's value, narrowed to the first attribute when there is one. */
export function inputOf(ctx: EvalContext, r: Read): Value | undefined {
  const root = lookupVariable(ctx, r.root).value;
  const step = r.steps[0];
  if (!root || step === undefined || !(root.raw instanceof Map)) return root;
  return (root.raw as ReadonlyMap<string, Value>).get(step) ?? root;
}

/**
 * Whether any call in the syntax (expressions and bodies alike) names a function of `ctx` that is not declared
 * pure. A name the context does not define calls nothing: its result is the same error every time.
 */
function callsImpure(node: unknown, ctx: EvalContext): boolean {
  if (Array.isArray(node)) return node.some((n) => callsImpure(n, ctx));
  if (node === null || typeof node !== 'object') return false;
  const n = node as Record<string, unknown>;
  // A literal holds a Value, not syntax.
  if (n.kind === 'literal') return false;
  if (n.kind === 'call') {
    const { fn } = lookupFunction(ctx, (node as ast.CallExpr).name);
    if (fn && fn.pure !== true) return true;
  }
  for (const [k, v] of Object.entries(n)) if (k !== 'range' && !k.endsWith('Range') && typeof v === 'object' && callsImpure(v, ctx)) return true;
  return false;
}

/**
 * An object value rebuilt on every load (`var`, `local`) that is usually the same: the previous one is handed back
 * while its attributes are the same values, by identity, in the same order. Expressions reading the whole object
 * then see an identical input (memo hits by identity), and no sorted copy is made. When only values changed (a
 * keystroke in one local), the names' sorted order and, if no attribute's type changed, the object type are
 * reused: a template with hundreds of locals rebuilds one map per keystroke, not a sort and two maps.
 */
export class ReusedObject {
  private keys: readonly string[] = [];
  private values: readonly Value[] = [];
  /** Indices into `keys` in ascending name order. */
  private order: readonly number[] = [];
  private last: Value | undefined;

  of(keys: readonly string[], values: readonly Value[]): Value {
    const sameKeys = this.last !== undefined && keys.length === this.keys.length && keys.every((k, i) => k === this.keys[i]);
    if (sameKeys && values.every((v, i) => v === this.values[i])) return this.last!;
    const sameTypes = sameKeys && values.every((v, i) => v.type === this.values[i]?.type);
    if (!sameKeys) this.order = keys.map((_k, i) => i).sort((a, b) => compareNames(keys[a]!, keys[b]!));
    const attrs = new Map(this.order.map((i) => [keys[i]!, values[i]!]));
    this.last = orderedObjectVal(attrs, sameTypes ? this.last!.type : undefined);
    this.keys = keys;
    this.values = values;
    return this.last;
  }
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
