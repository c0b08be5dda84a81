/**
 * Shared building blocks for the function library: reading argument payloads, building results the way cty's
 * constructors do (NFC strings, float64 results), and reading Go `int` arguments with gocty's messages.
 */
import type { HclFunction, Param } from '../function.js';
import { FunctionError } from '../function.js';
import { type Type, type Value, Decimal, elementsOf, entriesOfValue, numberVal, stringVal } from '../value.js';
import { wholeNumber } from './whole-number.js';

export { wholeNumber };

/** A function whose result type never depends on its arguments (cty function.StaticReturnType). */
export function staticFunction(
  description: string,
  params: readonly Param[],
  result: Type,
  impl: (args: readonly Value[]) => Value,
  varParam?: Param,
): HclFunction {
  return {
    description,
    params,
    ...(varParam ? { varParam } : {}),
    returnType: () => result,
    impl: (args) => impl(args),
  };
}

/**
 * Functions whose results depend only on their arguments (HclFunction.pure). Each category module passes every
 * function it exports through this or impureFunctions, so adding one to a table means deciding which it is.
 */
export function pureFunctions(fns: Readonly<Record<string, HclFunction>>): Readonly<Record<string, HclFunction>> {
  return withPurity(fns, true);
}

/** Functions that read something besides their arguments: files, the clock, randomness, the environment, secret stores. */
export function impureFunctions(fns: Readonly<Record<string, HclFunction>>): Readonly<Record<string, HclFunction>> {
  return withPurity(fns, false);
}

function withPurity(fns: Readonly<Record<string, HclFunction>>, pure: boolean): Readonly<Record<string, HclFunction>> {
  return Object.fromEntries(Object.entries(fns).map(([name, fn]) => [name, { ...fn, pure }]));
}

export const param = (name: string, type: Type, flags: Omit<Param, 'name' | 'type'> = {}): Param => ({ name, type, ...flags });

export const asString = (v: Value): string => v.raw as string;
export const asNumber = (v: Value): Decimal => v.raw as Decimal;
export const asBool = (v: Value): boolean => v.raw as boolean;
export const asElements = elementsOf;
export const asEntries = entriesOfValue;

/** cty.StringVal: strings are kept in Unicode normal form C. */
export const nfcString = (s: string): Value => stringVal(s.normalize('NFC'));

/**
 * cty.NumberFloatVal for a float64 computed by Go's math package. The shortest text of a float64 is also the
 * text cty prints for it, so that is what the number keeps. NaN has no cty value (Go panics); report it plainly.
 */
export function floatResult(x: number): Value {
  if (Number.isNaN(x)) throw new FunctionError('the result is not a number (NaN)');
  return numberVal(Number.isFinite(x) ? new Decimal(String(x)) : new Decimal(x));
}

/** gocty's float64 conversion: always succeeds, rounding to the nearest float64. */
export const asFloat64 = (v: Value): number => asNumber(v).toNumber();

/** Unicode extended grapheme clusters, as go-textseg splits them (what cty counts as "characters"). */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Printable ASCII: every character is a cluster of its own, no segmenter needed (the common case, and 50× cheaper). */
const PRINTABLE_ASCII = /^[ -~]*$/;

export function graphemeClusters(s: string): string[] {
  if (PRINTABLE_ASCII.test(s)) return s.split('');
  const out: string[] = [];
  for (const { segment } of graphemes.segment(s)) out.push(segment);
  return out;
}

/** Go's %q of a string (cty messages such as `cannot parse "x" as ...`). */
export { goQuote } from '../render.js';

/** Byte-wise (UTF-8) string order, as Go's sort.Strings and cty map keys use. */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
