/**
 * try, can (HCL ext/tryfunc) and convert (ext/typeexpr). Their arguments are expressions, not values: try and
 * can must see evaluation errors, convert's second argument is a type expression. They are LazyFunctions: the
 * evaluator hands them argument closures instead of values (see LazyFunction below).
 */
import { ConversionError, convert as convertValue } from '../convert.js';
import type { Diagnostic, Range } from '../diagnostic.js';
import { FunctionError, type HclFunction } from '../function.js';
import { BOOL, DYNAMIC, DYNAMIC_UNKNOWN, Value, isWhollyKnown, unknownVal, type Type } from '../value.js';
import { pureFunctions } from './support.js';

/** One unevaluated argument expression, as the evaluator offers it to a lazy function. */
export interface ArgumentClosure {
  /** Evaluates the expression in the caller's scope; errors are returned, not thrown. */
  evaluate(): { readonly value: Value; readonly diagnostics: readonly Diagnostic[] };
  /** Reads the expression as a type constraint (`string`, `list(number)`, ...); throws FunctionError if it is not one. */
  typeConstraint(): Type;
}

/**
 * A function whose arguments the evaluator must not evaluate first. The evaluator calls `callLazy` with one
 * closure per argument (after its usual arity check against params/varParam) instead of `returnType`/`impl`;
 * a thrown FunctionError becomes the usual call diagnostic.
 */
export interface LazyFunction extends HclFunction {
  readonly lazy: true;
  callLazy(args: readonly ArgumentClosure[]): Value;
}

export function isLazyFunction(f: HclFunction): f is LazyFunction {
  return (f as Partial<LazyFunction>).lazy === true;
}

/** hcl.Range.String(): "file:line,col-col" (1-based), or with the end line when it spans lines. */
export function formatRange(r: Range): string {
  const start = `${r.start.line + 1},${r.start.character + 1}`;
  const end = r.start.line === r.end.line ? `${r.end.character + 1}` : `${r.end.line + 1},${r.end.character + 1}`;
  return `${r.file}:${start}-${end}`;
}

const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');

const notCalledEagerly = (): never => {
  throw new FunctionError('this function must be called with its argument expressions unevaluated');
};

const tryFunction: LazyFunction = {
  lazy: true,
  description: 'Returns the result of the first expression that evaluates without errors.',
  params: [],
  varParam: { name: 'expressions', type: DYNAMIC, allowNull: true, allowUnknown: true, allowDynamicType: true, allowMarked: true },
  returnType: () => DYNAMIC,
  impl: notCalledEagerly,
  callLazy(args) {
    if (args.length === 0) throw new FunctionError('at least one argument is required');
    const failures: Diagnostic[] = [];
    for (const arg of args) {
      const { value, diagnostics } = arg.evaluate();
      failures.push(...diagnostics);
      if (hasErrors(diagnostics)) continue;
      // An unknown result might still fail once known, so the choice is deferred.
      return isWhollyKnown(value) ? value : DYNAMIC_UNKNOWN;
    }
    const lines = failures.map((d) =>
      d.range ? `- ${d.summary} (at ${formatRange(d.range)})\n  ${d.detail}\n` : `- ${d.summary}\n  ${d.detail}\n`,
    );
    throw new FunctionError(
      `no expression succeeded:\n${lines.join('')}\nAt least one expression must produce a successful result`,
    );
  },
};

const canFunction: LazyFunction = {
  lazy: true,
  description: 'Tries to evaluate the expression given in its first argument.',
  params: [{ name: 'expression', type: DYNAMIC, allowNull: true, allowUnknown: true, allowDynamicType: true, allowMarked: true }],
  returnType: () => BOOL,
  impl: notCalledEagerly,
  callLazy([arg]) {
    const { value, diagnostics } = arg.evaluate();
    if (hasErrors(diagnostics)) return new Value(BOOL, false);
    return isWhollyKnown(value) ? new Value(BOOL, true) : unknownVal(BOOL);
  },
};

const convertFunction: LazyFunction = {
  lazy: true,
  description: 'Converts a value to a type given as a type constraint expression.',
  params: [
    { name: 'value', type: DYNAMIC, allowNull: true, allowUnknown: true, allowDynamicType: true, allowMarked: true },
    { name: 'type', type: DYNAMIC },
  ],
  returnType: () => DYNAMIC,
  impl: notCalledEagerly,
  callLazy([valueArg, typeArg]) {
    const want = typeArg.typeConstraint();
    const { value, diagnostics } = valueArg.evaluate();
    if (hasErrors(diagnostics)) {
      const first = diagnostics.find((d) => d.severity === 'error')!;
      throw new FunctionError(`${first.summary}: ${first.detail}`, 0);
    }
    return convertTo(value, want);
  },
};

/** The value half of convert, shared with callers that already hold a decoded type. */
export function convertTo(value: Value, want: Type): Value {
  try {
    return convertValue(value, want);
  } catch (e) {
    if (e instanceof ConversionError) throw new FunctionError(e.message, 0);
    throw e;
  }
}

export const conversionFunctions: Readonly<Record<string, HclFunction>> = pureFunctions({
  can: canFunction,
  convert: convertFunction,
  try: tryFunction,
});
