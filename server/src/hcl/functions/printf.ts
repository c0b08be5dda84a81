/**
 * cty's format() engine: the verb grammar of stdlib/format_fsm.rl (flags, width, precision, then an optional
 * `[n]` argument index, then a letter), with each verb rendered the way cty renders it — %v/%#v/%q through
 * cty JSON, %s padded by grapheme clusters, %d/%b/%o/%x/%X as Go formats a *big.Int, %e/%f/%g as Go formats a
 * *big.Float.
 */
import { ConversionError, convert } from '../convert.js';
import { FunctionError } from '../function.js';
import { formatNumber } from '../number.js';
import { BOOL, Decimal, NUMBER, STRING, type Value } from '../value.js';
import { encodeJson, goJsonString, JsonError } from './json-codec.js';
import { graphemeClusters } from './support.js';

interface Verb {
  readonly raw: string;
  readonly offset: number;
  readonly argNum: number;
  readonly mode: string;
  readonly zero: boolean;
  readonly sharp: boolean;
  readonly plus: boolean;
  readonly minus: boolean;
  readonly space: boolean;
  /** -1 when not given. */
  readonly width: number;
  readonly prec: number;
}

/** Formats `args` (1-based in verbs) with `format`; errors are FunctionErrors with cty's text. */
export function formatValues(format: string, args: readonly Value[]): string {
  let out = '';
  let nextArg = 1;
  let highestArg = 0;
  let i = 0;
  // Offsets in messages are byte offsets, as the Go scanner reports them.
  const byteOffset = (at: number): number => Buffer.byteLength(format.slice(0, at), 'utf8');
  while (i < format.length) {
    const c = format[i]!;
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    if (format[i + 1] === '%') {
      out += '%';
      i += 2;
      continue;
    }
    const start = i;
    i++;
    const flags = { zero: false, sharp: false, plus: false, minus: false, space: false };
    const flagNames: Readonly<Record<string, keyof typeof flags>> = { '0': 'zero', '#': 'sharp', '-': 'minus', '+': 'plus', ' ': 'space' };
    while (i < format.length && flagNames[format[i]!]) flags[flagNames[format[i++]!]!] = true;
    let width = -1;
    const w = /^[1-9][0-9]*/.exec(format.slice(i));
    if (w) {
      width = Number(w[0]);
      i += w[0].length;
    }
    let prec = -1;
    if (format[i] === '.') {
      const d = /^[0-9]*/.exec(format.slice(i + 1))![0];
      prec = d === '' ? 0 : Number(d);
      i += 1 + d.length;
    }
    let argNum = nextArg;
    if (format[i] === '[') {
      const digits = /^[1-9][0-9]*/.exec(format.slice(i + 1))?.[0] ?? '';
      const close = i + 1 + digits.length;
      if (close >= format.length) throw new FunctionError(`invalid format string starting at offset ${byteOffset(format.length)}`);
      if (digits === '' || format[close] !== ']') throw badCharacter(format, close, byteOffset);
      argNum = Number(digits);
      i = close + 1;
    }
    if (i >= format.length) throw new FunctionError(`invalid format string starting at offset ${byteOffset(format.length)}`);
    const mode = format[i]!;
    if (!/[A-Za-z]/.test(mode)) throw badCharacter(format, i, byteOffset);
    i++;
    const verb: Verb = { raw: format.slice(start, i), offset: byteOffset(start), argNum, mode, width, prec, ...flags };
    highestArg = Math.max(highestArg, argNum);
    out += formatVerb(verb, args);
    nextArg = argNum + 1;
  }
  if (highestArg < args.length) {
    // The blamed argument counts the format string as argument 0.
    const firstBad = highestArg + 1;
    if (highestArg === 0) throw new FunctionError('too many arguments; no verbs in format string', firstBad);
    throw new FunctionError(`too many arguments; only ${highestArg} used by format string`, firstBad);
  }
  return out;
}

function badCharacter(format: string, at: number, byteOffset: (i: number) => number): FunctionError {
  const ch = String.fromCodePoint(format.codePointAt(at)!);
  return new FunctionError(`unrecognized format character ${goRuneQuote(ch)} at offset ${byteOffset(at)}`);
}

/** Go's %q for a rune. */
function goRuneQuote(ch: string): string {
  const escapes: Readonly<Record<string, string>> = { "'": "\\'", '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' };
  return `'${escapes[ch] ?? ch}'`;
}

function formatVerb(verb: Verb, args: readonly Value[]): string {
  if (verb.argNum - 1 >= args.length) {
    throw new FunctionError(
      `not enough arguments for ${goJsonString(verb.raw)} at ${verb.offset}: need index ${verb.argNum} but have ${args.length} total`,
    );
  }
  const arg = args[verb.argNum - 1]!;
  if (verb.mode !== 'v' && arg.isNull) {
    throw new FunctionError(`unsupported value for ${goJsonString(verb.raw)} at ${verb.offset}: null value cannot be formatted`);
  }
  switch (verb.mode) {
    case 'v':
      return formatAsIs(verb, arg);
    case 't':
      return convertFor(verb, arg, BOOL).raw ? 'true' : 'false';
    case 'b':
    case 'd':
    case 'o':
    case 'x':
    case 'X':
      return formatInteger(verb, asDecimal(convertFor(verb, arg, NUMBER)));
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G':
      return formatFloat(verb, asDecimal(convertFor(verb, arg, NUMBER)));
    case 's':
    case 'q':
      return formatString(verb, convertFor(verb, arg, STRING).raw as string);
    default:
      throw new FunctionError(`unsupported format verb '${verb.mode}' in ${goJsonString(verb.raw)} at offset ${verb.offset}`);
  }
}

const asDecimal = (v: Value): Decimal => v.raw as Decimal;

function convertFor(verb: Verb, arg: Value, type: typeof STRING): Value {
  try {
    return convert(arg, type);
  } catch (e) {
    if (e instanceof ConversionError) throw new FunctionError(`unsupported value for ${goJsonString(verb.raw)} at ${verb.offset}: ${e.message}`);
    throw e;
  }
}

function formatAsIs(verb: Verb, arg: Value): string {
  if (!verb.sharp && !arg.isNull) {
    if (arg.type.kind === 'string') return padWidth(verb, arg.raw as string);
    if (arg.type.kind === 'number') {
      const d = asDecimal(arg);
      if (!d.isFinite()) return padWidth(verb, formatNumber(d));
      return padWidth(verb, (d.isNegative() ? '-' : '') + bigFloatText(d.abs(), 'g', -1));
    }
  }
  try {
    return padWidth(verb, encodeJson(arg));
  } catch (e) {
    if (e instanceof JsonError) throw new FunctionError(`unsupported value for ${goJsonString(verb.raw)} at ${verb.offset}: ${e.message}`);
    throw e;
  }
}

function formatString(verb: Verb, s: string): string {
  let str = s;
  if (verb.prec > 0) str = graphemeClusters(s).slice(0, verb.prec).join('');
  return padWidth(verb, verb.mode === 'q' ? goJsonString(str) : str);
}

/** cty's own padding for %v/%s/%q: counts grapheme clusters; '0' pads with zeros even for strings. */
function padWidth(verb: Verb, s: string): string {
  if (verb.width < 0) return s;
  const len = graphemeClusters(s).length;
  if (len >= verb.width) return s;
  const pad = (verb.zero ? '0' : ' ').repeat(verb.width - len);
  return verb.minus ? s + pad : pad + s;
}

// ---------------------------------------------------------------------------------------------------------------
// Go fmt for *big.Int and *big.Float

function formatInteger(verb: Verb, d: Decimal): string {
  if (!d.isFinite() || !d.isInteger()) {
    throw new FunctionError(`unsupported value for ${goJsonString(verb.raw)} at ${verb.offset}: an integer is required`);
  }
  const n = BigInt(d.toFixed(0));
  const negative = n < 0n;
  const base = { b: 2, o: 8, d: 10, x: 16, X: 16 }[verb.mode as 'b' | 'o' | 'd' | 'x' | 'X'];
  let digits = (negative ? -n : n).toString(base);
  if (verb.mode === 'X') digits = digits.toUpperCase();
  if (verb.prec >= 0) {
    if (verb.prec === 0 && n === 0n) digits = '';
    else digits = digits.padStart(verb.prec, '0');
  }
  let prefix = '';
  if (verb.sharp) prefix = { b: '0b', o: '0', d: '', x: '0x', X: '0X' }[verb.mode as 'b' | 'o' | 'd' | 'x' | 'X'];
  const sign = negative ? '-' : verb.plus ? '+' : verb.space ? ' ' : '';
  return pad(verb, sign + prefix, digits, verb.zero && verb.prec < 0);
}

function formatFloat(verb: Verb, d: Decimal): string {
  if (!d.isFinite()) {
    // big.Float always signs infinities; ' ' only replaces the '+'.
    return pad(verb, d.isNegative() ? '-' : verb.space ? ' ' : '+', 'Inf', false);
  }
  const sign = d.isNegative() ? '-' : verb.plus ? '+' : verb.space ? ' ' : '';
  const mode = verb.mode.toLowerCase() as 'e' | 'f' | 'g';
  let text = bigFloatText(d.abs(), mode, verb.prec < 0 && mode !== 'g' ? 6 : verb.prec);
  if (verb.mode === 'E' || verb.mode === 'G') text = text.toUpperCase();
  return pad(verb, sign, text, verb.zero);
}

/** Go fmt width handling: pad on the left (zeros go between sign and digits) or on the right with '-'. */
function pad(verb: Verb, sign: string, body: string, zeros: boolean): string {
  const len = sign.length + body.length;
  if (verb.width <= len) return sign + body;
  const fill = verb.width - len;
  if (verb.minus) return sign + body + ' '.repeat(fill);
  if (zeros) return sign + '0'.repeat(fill) + body;
  return ' '.repeat(fill) + sign + body;
}

/**
 * big.Float.Text for a non-negative finite value: 'f' and 'e' with `prec` digits after the point, 'g' with
 * `prec` significant digits (-1: the shortest that reads back, switching to 'e' at exponent < -4 or >= 6).
 */
function bigFloatText(d: Decimal, mode: 'e' | 'f' | 'g', prec: number): string {
  if (d.isZero()) {
    if (mode === 'f') return prec > 0 ? `0.${'0'.repeat(prec)}` : '0';
    if (mode === 'e') return `${prec > 0 ? `0.${'0'.repeat(prec)}` : '0'}e+00`;
    return '0';
  }
  if (mode === 'f') return d.toFixed(prec, tieRounding(d, d.decimalPlaces() - prec));
  if (mode === 'e') return goExponent(d.toExponential(prec, tieRounding(d, d.precision() - 1 - prec)));
  // %g
  let digits: string;
  let exp: number;
  if (prec < 0) {
    const shortest = formatNumber(d);
    const sci = new Decimal(shortest).toExponential();
    [digits, exp] = splitExponential(sci);
  } else {
    const sci = d.toExponential(Math.max(prec, 1) - 1, tieRounding(d, d.precision() - Math.max(prec, 1)));
    [digits, exp] = splitExponential(sci);
    digits = digits.replace(/0+$/, '') || '0';
  }
  const eprec = prec < 0 ? 6 : digits.length < Math.max(prec, 1) && digits.length >= exp + 1 ? digits.length : Math.max(prec, 1);
  if (exp < -4 || exp >= eprec) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return new Decimal(`${digits[0]}.${digits.slice(1)}e${exp}`).toFixed();
}

/** Splits Decimal's exponential text into its digits (no point) and exponent. */
function splitExponential(sci: string): [string, number] {
  const [mantissa, e] = sci.split('e') as [string, string];
  return [mantissa.replace('.', ''), Number(e)];
}

/** Decimal writes "1.5e+1"; Go writes at least two exponent digits: "1.5e+01". */
function goExponent(sci: string): string {
  return sci.replace(/e([+-])(\d+)$/, (_, s: string, n: string) => `e${s}${n.padStart(2, '0')}`);
}

/**
 * Go rounds the exact binary value, while Decimal holds its shortest decimal text. They only disagree when the
 * text ends exactly on a rounding tie (`dropped` digits, the first a 5 and the rest zeros): then the side of the
 * text the binary value lies on decides.
 */
function tieRounding(d: Decimal, dropped: number): Decimal.Rounding {
  if (dropped <= 0) return Decimal.ROUND_HALF_EVEN;
  const digits = d.abs().toExponential().split('e')[0]!.replace('.', '');
  const tail = digits.slice(digits.length - dropped);
  if (!/^50*$/.test(tail)) return Decimal.ROUND_HALF_EVEN;
  const side = binarySide(d.abs());
  if (side === 0) return Decimal.ROUND_HALF_EVEN;
  return side > 0 ? Decimal.ROUND_UP : Decimal.ROUND_DOWN;
}

const MANTISSA_BITS = 512;
const bitLength = (n: bigint): number => n.toString(2).length;

/** Whether the 512-bit binary float nearest to `d` (> 0) is above (1), below (-1) or exactly (0) `d`. */
function binarySide(d: Decimal): number {
  const [coefficient, e] = d.toExponential().split('e') as [string, string];
  const digits = coefficient.replace('.', '');
  const exp10 = Number(e) - (digits.length - 1);
  const num = BigInt(digits) * (exp10 > 0 ? 10n ** BigInt(exp10) : 1n);
  const den = exp10 < 0 ? 10n ** BigInt(-exp10) : 1n;
  const shift = Math.max(0, MANTISSA_BITS + 1 + bitLength(den) - bitLength(num));
  const scaled = num << BigInt(shift);
  let q = scaled / den;
  let r = scaled - q * den;
  let rDen = den;
  const excess = bitLength(q) - MANTISSA_BITS;
  if (excess > 0) {
    const unit = 1n << BigInt(excess);
    r += (q % unit) * den;
    q /= unit;
    rDen = den * unit;
  }
  if (r === 0n) return 0;
  const twice = 2n * r;
  const up = twice > rDen || (twice === rDen && q % 2n === 1n);
  return up ? 1 : -1;
}
