/** Numeric functions (cty stdlib number.go and Packer's sum), with cty's quirks and messages. */
import { FunctionError, type HclFunction } from '../function.js';
import { convert, ConversionError } from '../convert.js';
import { add, NumberError } from '../number.js';
import { typeName } from '../types.js';
import { DYNAMIC, Decimal, NUMBER, STRING, type Value, isWhollyKnown, numberVal, typeEquals, unknownVal } from '../value.js';
import { asElements, asFloat64, asNumber, asString, floatResult, goQuote, param, pureFunctions, staticFunction, wholeNumber } from './support.js';

const num = param('num', NUMBER);

const abs = staticFunction('Returns the absolute value of a number.', [num], NUMBER, ([n]) => numberVal(asNumber(n!).abs()));

const ceil = staticFunction('Returns the smallest whole number that is greater than or equal to the given value.', [num], NUMBER, ([n]) =>
  numberVal(asNumber(n!).ceil()),
);

const floor = staticFunction('Returns the greatest whole number that is less than or equal to the given value.', [num], NUMBER, ([n]) =>
  numberVal(asNumber(n!).floor()),
);

// log and pow go through float64 in cty (gocty conversion, then Go's math package).
const log = staticFunction('Returns the logarithm of a number in the given base.', [num, param('base', NUMBER)], NUMBER, ([n, base]) =>
  floatResult(Math.log(asFloat64(n!)) / Math.log(asFloat64(base!))),
);

const pow = staticFunction('Returns a number raised to the given power.', [num, param('power', NUMBER)], NUMBER, ([n, power]) =>
  floatResult(goPow(asFloat64(n!), asFloat64(power!))),
);

/** math.Pow's special cases where it differs from Math.pow (which follows IEEE pow). */
function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (x === -1 && !Number.isFinite(y)) return 1;
  return Math.pow(x, y);
}

// cty reads the argument as a Go int, so fractions fail with gocty's "whole number" message.
const signum = staticFunction('Returns -1, 0 or 1 for a negative, zero or positive whole number.', [num], NUMBER, ([n]) =>
  numberVal(Math.sign(wholeNumber(n!)) || 0),
);

function extreme(description: string, better: (candidate: Decimal, best: Decimal) => boolean): HclFunction {
  return staticFunction(
    description,
    [],
    NUMBER,
    (args) => {
      if (args.length === 0) throw new FunctionError('must pass at least one number');
      let best = args[0]!;
      for (const n of args.slice(1)) if (better(asNumber(n), asNumber(best))) best = n;
      return best;
    },
    param('numbers', NUMBER),
  );
}

const max = extreme('Returns the greatest of the given numbers.', (c, b) => c.greaterThan(b));
const min = extreme('Returns the smallest of the given numbers.', (c, b) => c.lessThan(b));

const parseint: HclFunction = {
  description: 'Parses a string as an integer in the given base (2 to 62).',
  params: [param('number', DYNAMIC), param('base', NUMBER)],
  returnType([n]) {
    if (!typeEquals(n!.type, STRING)) throw new FunctionError(`first argument must be a string, not ${typeName(n!.type)}`, 0);
    return NUMBER;
  },
  impl([n, baseArg]) {
    const text = asString(n!);
    const base = wholeNumber(baseArg!, 1);
    if (base < 2 || base > 62) throw new FunctionError('base must be a whole number between 2 and 62 inclusive', 1);
    const parsed = parseBigInt(text, base);
    if (parsed === undefined) throw new FunctionError(`cannot parse ${goQuote(text)} as a base ${base} integer`, 0);
    return numberVal(new Decimal(parsed.toString()));
  },
};

/** big.Int.SetString with an explicit base: optional sign, no prefixes or underscores; above base 36 case matters. */
function parseBigInt(text: string, base: number): bigint | undefined {
  let i = 0;
  let negative = false;
  if (text[0] === '+' || text[0] === '-') {
    negative = text[0] === '-';
    i = 1;
  }
  if (i >= text.length) return undefined;
  const b = BigInt(base);
  let result = 0n;
  for (; i < text.length; i++) {
    const d = digitValue(text.charCodeAt(i), base);
    if (d === undefined || d >= base) return undefined;
    result = result * b + BigInt(d);
  }
  return negative ? -result : result;
}

function digitValue(c: number, base: number): number | undefined {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x5a) return base <= 36 ? c - 0x41 + 10 : c - 0x41 + 36;
  return undefined;
}

const NOT_NUMBERS = 'argument must be list, set, or tuple of number values';

const sum: HclFunction = {
  description: 'Adds up the numbers in a list, set or tuple.',
  params: [param('list', DYNAMIC)],
  returnType: () => NUMBER,
  impl([list]) {
    const kind = list!.type.kind;
    if (!['list', 'set', 'tuple', 'map', 'object'].includes(kind)) throw new FunctionError('cannot sum noniterable', 0);
    const elems = kind === 'map' || kind === 'object' ? [...(list!.raw as ReadonlyMap<string, Value>).values()] : asElements(list!);
    if (elems.length === 0) throw new FunctionError('cannot sum an empty list', 0);
    if (kind === 'map' || kind === 'object') {
      throw new FunctionError(`argument must be list, set, or tuple. Received ${typeName(list!.type)}`, 0);
    }
    if (!isWhollyKnown(list!)) return unknownVal(NUMBER);
    let total: Decimal | undefined;
    for (const e of elems) {
      const n = asNumber(numberElement(e));
      try {
        total = total === undefined ? n : add(total, n);
      } catch (err) {
        if (err instanceof NumberError) throw new FunctionError(err.message);
        throw err;
      }
    }
    return numberVal(total!);
  },
};

function numberElement(e: Value): Value {
  if (e.isNull) throw new FunctionError(NOT_NUMBERS, 0);
  try {
    return convert(e, NUMBER);
  } catch (err) {
    if (err instanceof ConversionError) throw new FunctionError(NOT_NUMBERS, 0);
    throw err;
  }
}

export const numericFunctions: Readonly<Record<string, HclFunction>> = pureFunctions({
  abs,
  ceil,
  floor,
  log,
  max,
  min,
  parseint,
  pow,
  signum,
  sum,
});
