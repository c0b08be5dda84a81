/**
 * Function calls with hclsyntax.FunctionCallExpr + cty function.Call semantics: `...` expansion, arity checks,
 * argument conversion to parameter types, null/unknown/dynamic/marked handling per parameter flags, and the
 * HCL diagnostics for each failure.
 */
import type { CallExpr, Expression } from '../ast.js';
import type { Diagnostic, Range } from '../diagnostic.js';
import { ConversionError, convert } from '../convert.js';
import { FunctionError, type HclFunction, type Param } from '../function.js';
import { type ArgumentClosure, type LazyFunction, isLazyFunction } from '../functions/conversion.js';
import { typeConstraint } from '../typeexpr.js';
import {
  DYNAMIC_UNKNOWN,
  type Mark,
  type Type,
  type Value,
  elementsOf,
  unknownVal,
  unmarkDeep,
} from '../value.js';
import { type EvalContext, allFunctionNames, lookupFunction } from './context.js';
import { error } from './diagnostics.js';
import { nameSuggestion } from './suggest.js';

export interface EvalResult {
  readonly value: Value;
  readonly diagnostics: Diagnostic[];
}

export type Evaluate = (expr: Expression, ctx: EvalContext) => EvalResult;


/** An argument whose value is already known (produced by `...` expansion), standing at the expanded expression. */
interface ArgSource {
  readonly range: Range;
  readonly value?: Value;
  readonly expr?: Expression;
}

export function evaluateCall(call: CallExpr, ctx: EvalContext, evaluate: Evaluate): EvalResult {
  const { fn, allowed } = lookupFunction(ctx, call.name);
  if (!fn) {
    if (!allowed) {
      return { value: DYNAMIC_UNKNOWN, diagnostics: [error('Function calls not allowed', 'Functions may not be called here.', call.range)] };
    }
    return { value: DYNAMIC_UNKNOWN, diagnostics: [unknownFunction(call, ctx)] };
  }

  const diagnostics: Diagnostic[] = [];
  let sources: ArgSource[] = call.args.map((expr) => ({ range: expr.range, expr }));
  if (call.expandFinal && call.args.length > 0) {
    const expandExpr = call.args[call.args.length - 1]!;
    const expanded = evaluate(expandExpr, ctx);
    diagnostics.push(...expanded.diagnostics);
    if (expanded.diagnostics.some((d) => d.severity === 'error')) return { value: DYNAMIC_UNKNOWN, diagnostics };
    const v = expanded.value;
    const kind = v.type.kind;
    if (kind === 'dynamic' || kind === 'tuple' || kind === 'list' || kind === 'set') {
      if (v.isNull) {
        diagnostics.push(
          error('Invalid expanding argument value', 'The expanding argument (indicated by ...) must not be null.', expandExpr.range, call.range),
        );
        return { value: DYNAMIC_UNKNOWN, diagnostics };
      }
      if (kind === 'dynamic' || !v.isKnown) return { value: DYNAMIC_UNKNOWN, diagnostics };
      const elems = elementsOf(v).map((e): ArgSource => ({ range: expandExpr.range, value: e.withMarks(v.marks) }));
      sources = [...sources.slice(0, -1), ...elems];
    } else {
      diagnostics.push(
        error(
          'Invalid expanding argument value',
          'The expanding argument (indicated by ...) must be of a tuple, list, or set type.',
          expandExpr.range,
          call.range,
        ),
      );
      return { value: DYNAMIC_UNKNOWN, diagnostics };
    }
  }

  const params = fn.params;
  const closeParen: Range = { file: call.range.file, start: endMinusOne(call.range), end: call.range.end };
  if (sources.length < params.length) {
    const qual = fn.varParam ? ' at least' : '';
    diagnostics.push(
      error(
        'Not enough function arguments',
        `Function "${call.name}" expects${qual} ${params.length} argument(s). Missing value for "${params[sources.length]!.name}".`,
        closeParen,
        call.range,
      ),
    );
    return { value: DYNAMIC_UNKNOWN, diagnostics };
  }
  if (!fn.varParam && sources.length > params.length) {
    diagnostics.push(
      error(
        'Too many function arguments',
        `Function "${call.name}" expects only ${params.length} argument(s).`,
        sources[params.length]!.range,
        call.range,
      ),
    );
    return { value: DYNAMIC_UNKNOWN, diagnostics };
  }

  const paramFor = (i: number): Param => (i < params.length ? params[i]! : fn.varParam!);
  if (isLazyFunction(fn)) return callLazy(fn, call, sources, ctx, evaluate, paramFor, diagnostics);
  const args: Value[] = [];
  let argErrors = false;
  sources.forEach((src, i) => {
    const param = paramFor(i);
    let v: Value;
    if (src.expr) {
      const r = evaluate(src.expr, ctx);
      diagnostics.push(...r.diagnostics);
      v = r.value;
    } else {
      v = src.value!;
    }
    try {
      v = convert(v, param.type);
    } catch (e) {
      if (!(e instanceof ConversionError)) throw e;
      diagnostics.push(
        error('Invalid function argument', `Invalid value for "${param.name}" parameter: ${e.message}.`, src.range, call.range),
      );
      argErrors = true;
    }
    args.push(v);
  });
  if (argErrors || diagnostics.some((d) => d.severity === 'error')) return { value: DYNAMIC_UNKNOWN, diagnostics };

  return reportOutcome(callFunction(fn, args), call, sources, paramFor, diagnostics);
}

/**
 * try, can and convert (HCL's customdecode): they get closures over their argument expressions instead of values,
 * so they can observe evaluation errors or read an argument as a type constraint.
 */
function callLazy(
  fn: LazyFunction,
  call: CallExpr,
  sources: readonly ArgSource[],
  ctx: EvalContext,
  evaluate: Evaluate,
  paramFor: (i: number) => Param,
  diagnostics: Diagnostic[],
): EvalResult {
  const closures: ArgumentClosure[] = sources.map((src, i) => ({
    evaluate: () => (src.expr ? evaluate(src.expr, ctx) : { value: src.value!, diagnostics: [] }),
    typeConstraint: (): Type => {
      if (!src.expr) throw new FunctionError('a type constraint expression is required', i);
      const r = typeConstraint(src.expr);
      const first = r.diagnostics.find((d) => d.severity === 'error');
      if (first) throw new FunctionError(first.detail.replace(/\.$/, ''), i);
      return r.type;
    },
  }));
  let outcome: CallOutcome;
  try {
    outcome = { value: fn.callLazy(closures) };
  } catch (e) {
    if (e instanceof FunctionError) {
      outcome = { failure: e.argIndex === undefined ? { message: e.message } : { message: e.message, argIndex: e.argIndex } };
    } else if (e instanceof RangeError) {
      throw e;
    } else {
      outcome = { failure: { message: e instanceof Error ? e.message : String(e) } };
    }
  }
  return reportOutcome(outcome, call, sources, paramFor, diagnostics);
}

function reportOutcome(
  outcome: CallOutcome,
  call: CallExpr,
  sources: readonly ArgSource[],
  paramFor: (i: number) => Param,
  diagnostics: Diagnostic[],
): EvalResult {
  if ('value' in outcome) return { value: outcome.value, diagnostics };
  const failure = outcome.failure;
  if (failure.argIndex !== undefined && failure.argIndex < sources.length) {
    const param = paramFor(failure.argIndex);
    diagnostics.push(
      error(
        'Invalid function argument',
        `Invalid value for "${param.name}" parameter: ${failure.message}.`,
        sources[failure.argIndex]!.range,
        call.range,
      ),
    );
  } else {
    diagnostics.push(
      error('Error in function call', `Call to function "${call.name}" failed: ${failure.message}.`, call.nameRange, call.range),
    );
  }
  return { value: DYNAMIC_UNKNOWN, diagnostics };
}

function endMinusOne(r: Range): Range['start'] {
  const e = r.end;
  return e.character > 0 ? { line: e.line, character: e.character - 1 } : e;
}

function unknownFunction(call: CallExpr, ctx: EvalContext): Diagnostic {
  const names = allFunctionNames(ctx);
  const sep = call.name.lastIndexOf('::');
  if (sep !== -1) {
    const namespace = call.name.slice(0, sep + 2);
    const name = call.name.slice(sep + 2);
    const inNamespace = names.filter((n) => n.startsWith(namespace));
    if (inNamespace.length === 0) {
      return error('Call to unknown function', `There are no functions in namespace "${namespace}".`, call.nameRange, call.range);
    }
    const suggestion = nameSuggestion(name, inNamespace.map((n) => n.slice(namespace.length)));
    const hint = suggestion ? ` Did you mean ${namespace}${suggestion}?` : '';
    return error(
      'Call to unknown function',
      `There is no function named "${name}" in namespace ${namespace}.${hint}`,
      call.nameRange,
      call.range,
    );
  }
  const suggestion = nameSuggestion(call.name, names);
  const d = error(
    'Call to unknown function',
    `There is no function named "${call.name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    call.nameRange,
    call.range,
  );
  return suggestion ? { ...d, code: 'unknown-function', data: { suggestion } } : { ...d, code: 'unknown-function' };
}

type CallOutcome = { value: Value } | { failure: { message: string; argIndex?: number } };

/**
 * cty function.Call on converted arguments: null checks, dynamic-typed and unknown short cuts, marks removed
 * from (and re-applied to the result of) parameters that do not accept them. Never throws.
 */
export function callFunction(fn: HclFunction, args: readonly Value[]): CallOutcome {
  const paramFor = (i: number): Param => (i < fn.params.length ? fn.params[i]! : fn.varParam!);
  const marks = new Set<Mark>();
  const prepared: Value[] = [];
  let dynamicShortcut = false;
  for (let i = 0; i < args.length; i++) {
    const param = paramFor(i);
    let v = args[i]!;
    if (v.isNull && !param.allowNull) return { failure: { message: 'argument must not be null', argIndex: i } };
    if (v.type.kind === 'dynamic' && !param.allowDynamicType) dynamicShortcut = true;
    if (!param.allowMarked) v = unmarkDeep(v, marks);
    prepared.push(v);
  }
  if (dynamicShortcut) return { value: withMarks(DYNAMIC_UNKNOWN, marks) };
  try {
    const returnType = fn.returnType(prepared);
    for (let i = 0; i < prepared.length; i++) {
      if (!prepared[i]!.isKnown && !paramFor(i).allowUnknown) return { value: withMarks(unknownVal(returnType), marks) };
    }
    const result = fn.impl(prepared, returnType);
    return { value: withMarks(result, marks) };
  } catch (e) {
    if (e instanceof FunctionError) {
      return { failure: e.argIndex === undefined ? { message: e.message } : { message: e.message, argIndex: e.argIndex } };
    }
    if (e instanceof ConversionError) return { failure: { message: e.message } };
    return { failure: { message: e instanceof Error ? e.message : String(e) } };
  }
}

function withMarks(v: Value, marks: ReadonlySet<Mark>): Value {
  return marks.size ? v.withMarks(marks) : v;
}

