/**
 * cty numbers: arbitrary-precision binary floats (Go's big.Float) with a 512-bit mantissa, rounded to nearest
 * even after every operation. Values are kept as Decimal holding the shortest decimal text that reads back as the
 * same 512-bit float (what big.Float.Text('f', -1) prints), so equal numbers are equal Decimals and other modules
 * can read them with ordinary Decimal methods. Arithmetic goes through an exact binary emulation so results match
 * cty digit for digit (e.g. `11 % 5.1` = 0.8000…0024).
 */
import Decimal from 'decimal.js';

/** Every number literal and conversion result in cty has this precision (cty.ParseNumberVal). */
export const PRECISION_BITS = 512;

// The shortest representations of 512-bit floats need up to ~155 significant digits; leave room so that callers
// doing plain Decimal arithmetic on them do not silently lose digits, and never switch to exponent notation.
Decimal.set({ precision: 400, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });

/** A finite binary float: (-1)^neg × mant × 2^exp, with mant < 2^PRECISION_BITS after rounding. */
interface BinFloat {
  readonly neg: boolean;
  readonly mant: bigint;
  readonly exp: number;
}

/** Raised for the operations big.Float rejects (cty's stdlib reports them with these texts). */
export class NumberError extends Error {}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

function trailingZeroBits(n: bigint): number {
  if (n === 0n) return 0;
  let count = 0;
  while ((n & 0xffffffffn) === 0n) {
    n >>= 32n;
    count += 32;
  }
  while ((n & 1n) === 0n) {
    n >>= 1n;
    count++;
  }
  return count;
}

/**
 * Rounds mant × 2^exp to PRECISION_BITS bits, ties to even. `sticky` says nonzero bits were already dropped below
 * mant; callers passing it always supply more than PRECISION_BITS bits, so it only ever breaks ties.
 */
function round(neg: boolean, mant: bigint, exp: number, sticky = false): BinFloat {
  if (mant === 0n) return { neg, mant: 0n, exp: 0 };
  const excess = bitLength(mant) - PRECISION_BITS;
  if (excess > 0) {
    const shift = BigInt(excess);
    const kept = mant >> shift;
    const rest = mant - (kept << shift);
    const half = 1n << (shift - 1n);
    const up = rest > half || (rest === half && (sticky || (kept & 1n) === 1n));
    mant = up ? kept + 1n : kept;
    exp += excess;
  }
  const tz = trailingZeroBits(mant);
  if (tz > 0) {
    mant >>= BigInt(tz);
    exp += tz;
  }
  return { neg, mant, exp };
}

const TEN = 10n;

function pow10(n: number): bigint {
  return TEN ** BigInt(n);
}

/** Exact division num / den (both positive) rounded to PRECISION_BITS, scaled by 2^exp. */
function divideRounded(neg: boolean, num: bigint, den: bigint, exp: number): BinFloat {
  const shift = Math.max(0, PRECISION_BITS + 2 + bitLength(den) - bitLength(num));
  const scaled = num << BigInt(shift);
  const q = scaled / den;
  const r = scaled - q * den;
  return round(neg, q, exp - shift, r !== 0n);
}

/** Reads a finite Decimal exactly and rounds it to a 512-bit float (as big.ParseFloat does). */
function fromDecimal(d: Decimal): BinFloat {
  if (d.isZero()) return { neg: d.isNegative(), mant: 0n, exp: 0 };
  const text = d.abs().toExponential();
  const [coefficient, exponentText] = text.split('e') as [string, string];
  const digits = coefficient.replace('.', '');
  const exp10 = Number(exponentText) - (digits.length - 1);
  const n = BigInt(digits);
  const neg = d.isNegative();
  if (exp10 >= 0) return round(neg, n * pow10(exp10), 0);
  return divideRounded(neg, n, pow10(-exp10), 0);
}

/** Go's internal decimal: digits without trailing zeros, value = 0.digits × 10^point. */
interface DecimalDigits {
  digits: string;
  point: number;
}

function decimalOf(mant: bigint, exp: number): DecimalDigits {
  if (mant === 0n) return { digits: '', point: 0 };
  let text: string;
  let point: number;
  if (exp >= 0) {
    text = (mant << BigInt(exp)).toString();
    point = text.length;
  } else {
    const tz = Math.min(trailingZeroBits(mant), -exp);
    mant >>= BigInt(tz);
    exp += tz;
    // mant × 2^exp = mant × 5^-exp / 10^-exp
    text = exp === 0 ? mant.toString() : (mant * 5n ** BigInt(-exp)).toString();
    point = text.length + exp;
  }
  const trimmed = text.replace(/0+$/, '');
  return { digits: trimmed, point };
}

function digitAt(d: DecimalDigits, i: number): string {
  return i < d.digits.length ? d.digits[i]! : '0';
}

function roundDown(d: DecimalDigits, n: number): void {
  d.digits = d.digits.slice(0, n).replace(/0+$/, '');
}

function roundUp(d: DecimalDigits, n: number): void {
  let i = n - 1;
  while (i >= 0 && d.digits[i] === '9') i--;
  if (i < 0) {
    d.digits = '1';
    d.point++;
    return;
  }
  d.digits = d.digits.slice(0, i) + String(Number(d.digits[i]) + 1);
}

function roundNearest(d: DecimalDigits, n: number): void {
  const next = d.digits[n]!;
  const up =
    next === '5' && n + 1 === d.digits.length ? n > 0 && Number(d.digits[n - 1]) % 2 === 1 : next >= '5';
  if (up) roundUp(d, n);
  else roundDown(d, n);
}

/** The shortest decimal that rounds back to x at PRECISION_BITS (math/big's roundShortest, position by position). */
function shortest(x: BinFloat): DecimalDigits {
  const d = decimalOf(x.mant, x.exp);
  if (d.digits.length === 0) return d;
  let mant = x.mant;
  let exp = x.exp;
  const s = bitLength(mant) - (PRECISION_BITS + 1);
  if (s < 0) mant <<= BigInt(-s);
  else if (s > 0) mant >>= BigInt(s);
  exp += s;
  const lower = decimalOf(mant - 1n, exp);
  const upper = decimalOf(mant + 1n, exp);
  const inclusive = (mant & 2n) === 0n;
  for (let i = 0; i < d.digits.length; i++) {
    const m = d.digits[i]!;
    const l = digitAt(lower, i);
    const u = digitAt(upper, i);
    const okDown = l !== m || (inclusive && i + 1 === lower.digits.length);
    const okUp = m !== u && (inclusive || Number(m) + 1 < Number(u) || i + 1 < upper.digits.length);
    if (okDown && okUp) {
      roundNearest(d, i + 1);
      break;
    }
    if (okDown) {
      roundDown(d, i + 1);
      break;
    }
    if (okUp) {
      roundUp(d, i + 1);
      break;
    }
  }
  return d;
}

function toDecimal(x: BinFloat): Decimal {
  if (x.mant === 0n) return new Decimal(x.neg ? '-0' : '0');
  const d = shortest(x);
  return new Decimal(`${x.neg ? '-' : ''}0.${d.digits}e${d.point}`);
}

/** The canonical cty form of a number: rounded to 512 bits and held as its shortest decimal. */
export function normalizeNumber(d: Decimal): Decimal {
  if (!d.isFinite() || isOwnShortest(d)) return d;
  return toDecimal(fromDecimal(d));
}

/**
 * Most numbers (counts, lengths, literals) are their own canonical form: with at most 50 significant digits two
 * such decimals are ~1e-50 apart relatively, far wider than the 2^-512 rounding interval, so d is the only short
 * decimal reading back as its float; below 1e100 it cannot sit exactly on a rounding tie either (a tie's odd part
 * has 513 bits). Skipping the exact binary round trip for them keeps evaluation fast.
 */
function isOwnShortest(d: Decimal): boolean {
  return d.isZero() || (d.sd() <= 50 && d.e < 100);
}

const NUMBER_SYNTAX = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses text as cty.ParseNumberVal does (big.ParseFloat in base 10): optional sign, digits with an optional
 * fraction, optional exponent, or Inf. Returns undefined when the text is not a number (no surrounding spaces).
 */
export function parseNumber(text: string): Decimal | undefined {
  if (/^[+-]?[Ii]nf$/.test(text)) return new Decimal(text.startsWith('-') ? -Infinity : Infinity);
  if (!NUMBER_SYNTAX.test(text)) return undefined;
  return normalizeNumber(new Decimal(text));
}

/** big.Float.Text('f', -1): plain decimal notation, never an exponent ("+Inf"/"-Inf" for infinities). */
export function formatNumber(d: Decimal): string {
  if (d.isNaN()) return 'NaN';
  if (!d.isFinite()) return d.isNegative() ? '-Inf' : '+Inf';
  if (d.isZero()) return d.isNegative() ? '-0' : '0';
  return d.toFixed();
}

function combine(a: Decimal, b: Decimal, op: (x: BinFloat, y: BinFloat) => BinFloat): Decimal {
  return toDecimal(op(fromDecimal(a), fromDecimal(b)));
}

function align(x: BinFloat, y: BinFloat): [bigint, bigint, number] {
  const exp = Math.min(x.exp, y.exp);
  const sx = x.neg ? -x.mant : x.mant;
  const sy = y.neg ? -y.mant : y.mant;
  return [sx << BigInt(x.exp - exp), sy << BigInt(y.exp - exp), exp];
}

function addBin(x: BinFloat, y: BinFloat): BinFloat {
  if (x.mant === 0n) return y.mant === 0n ? { neg: x.neg && y.neg, mant: 0n, exp: 0 } : y;
  if (y.mant === 0n) return x;
  const [a, b, exp] = align(x, y);
  const sum = a + b;
  return round(sum < 0n, sum < 0n ? -sum : sum, exp);
}

function negBin(x: BinFloat): BinFloat {
  return { ...x, neg: !x.neg };
}

function mulBin(x: BinFloat, y: BinFloat): BinFloat {
  return round(x.neg !== y.neg, x.mant * y.mant, x.exp + y.exp);
}

function divBin(x: BinFloat, y: BinFloat): BinFloat {
  if (x.mant === 0n) return { neg: x.neg !== y.neg, mant: 0n, exp: 0 };
  return divideRounded(x.neg !== y.neg, x.mant, y.mant, x.exp - y.exp);
}

function truncBin(x: BinFloat): BinFloat {
  if (x.exp >= 0 || x.mant === 0n) return x;
  return round(x.neg, x.mant >> BigInt(-x.exp), 0);
}

export function add(a: Decimal, b: Decimal): Decimal {
  if (!a.isFinite() || !b.isFinite()) {
    const r = a.plus(b);
    if (r.isNaN()) throw new NumberError("can't compute sum of opposing infinities");
    return r;
  }
  return combine(a, b, addBin);
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  if (!a.isFinite() || !b.isFinite()) {
    const r = a.minus(b);
    if (r.isNaN()) throw new NumberError("can't subtract infinity from itself");
    return r;
  }
  return combine(a, b, (x, y) => addBin(x, negBin(y)));
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  if (!a.isFinite() || !b.isFinite()) {
    const r = a.times(b);
    if (r.isNaN()) throw new NumberError("can't multiply zero by infinity");
    return r;
  }
  return combine(a, b, mulBin);
}

export function divide(a: Decimal, b: Decimal): Decimal {
  if (!a.isFinite() || !b.isFinite() || b.isZero()) {
    if ((a.isZero() && b.isZero()) || (!a.isFinite() && !b.isFinite())) {
      throw new NumberError("can't divide zero by zero or infinity by infinity");
    }
    if (b.isZero()) return new Decimal(a.isNegative() !== b.isNegative() ? -Infinity : Infinity);
    return a.div(b);
  }
  return combine(a, b, divBin);
}

/** cty's Modulo: a - b × trunc(a / b), each step rounded to 512 bits; the sign follows the dividend. */
export function modulo(a: Decimal, b: Decimal): Decimal {
  if (!a.isFinite() || !b.isFinite()) {
    if ((a.isZero() || b.isZero()) && (!a.isFinite() || !b.isFinite())) {
      throw new NumberError("can't use modulo with zero and infinity");
    }
    return a.times(b);
  }
  if (b.isZero()) return a;
  return combine(a, b, (x, y) => addBin(x, negBin(mulBin(y, truncBin(divBin(x, y))))));
}

export function negate(a: Decimal): Decimal {
  return a.negated();
}

/** -1, 0 or 1. */
export function compare(a: Decimal, b: Decimal): number {
  return a.comparedTo(b);
}

/** Whether the number is a whole number that fits in a JS safe integer (for indexes and counts). */
export function toSafeInteger(d: Decimal): number | undefined {
  if (!d.isInteger()) return undefined;
  const n = d.toNumber();
  return Number.isSafeInteger(n) ? n : undefined;
}
