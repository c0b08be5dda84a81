/**
 * Turning values back into text: `renderConsole` prints exactly what `packer console` prints (Packer converts the
 * value to plain Go data — whole numbers to int, others to float64 — and formats it with its REPL formatter), and
 * `renderHcl` writes HCL literal syntax for `inspect` and hovers. Sensitive values print as "<sensitive>".
 */
import { formatNumber } from './number.js';
import { type Value, Decimal, elementsOf, entriesOfValue, isWhollyKnown } from './value.js';

const SENSITIVE = '<sensitive>';
const UNKNOWN_TEXT = '<unknown>';

export function renderConsole(v: Value): string {
  if (!isWhollyKnown(v)) return UNKNOWN_TEXT;
  return consoleValue(v, false);
}

function consoleValue(v: Value, nested: boolean): string {
  if (v.isSensitive) return SENSITIVE;
  if (v.isNull) return 'null';
  switch (v.type.kind) {
    case 'string':
      return nested ? goQuote(v.raw as string) : (v.raw as string);
    case 'bool':
      return v.raw ? 'true' : 'false';
    case 'number':
      return consoleNumber(v.raw as Decimal);
    case 'list':
    case 'set':
    case 'tuple': {
      const elems = elementsOf(v);
      if (elems.length === 0) return '[]';
      return `[\n${elems.map((e) => `${indent(consoleValue(e, true))},\n`).join('')}]`;
    }
    case 'map':
    case 'object': {
      // Packer drops null attributes when converting to Go data, so they never print.
      const entries = [...entriesOfValue(v)].filter(([, e]) => !e.isNull);
      if (entries.length === 0) return '{}';
      const keys = entries.sort(([a], [b]) => compareBytes(a, b));
      return `{\n${keys.map(([k, e]) => `${indent(`${goQuote(k)} = ${consoleValue(e, true)}`)}\n`).join('')}}`;
    }
    default:
      return UNKNOWN_TEXT;
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

const INT64_MIN = new Decimal('-9223372036854775808');
const INT64_MAX = new Decimal('9223372036854775807');

/** Whole numbers within int64 print as integers; anything else goes through float64 and Go's %g. */
function consoleNumber(d: Decimal): string {
  if (d.isInteger() && d.greaterThanOrEqualTo(INT64_MIN) && d.lessThanOrEqualTo(INT64_MAX)) return d.toFixed(0);
  return goFormatG(Number(formatNumber(d).replace('Inf', 'Infinity')));
}

/** Go's fmt %g for a float64: shortest digits, exponent form when the decimal exponent is < -4 or >= 6. */
export function goFormatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mantissa, expText] = f.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const neg = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** Go's strconv.Quote: double quotes, C-style escapes, \x/\u/\U for non-printable characters. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (isNonPrintable(cp)) out += cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function isNonPrintable(cp: number): boolean {
  return (cp >= 0x80 && cp < 0xa0) || cp === 0xad || (cp >= 0xd800 && cp <= 0xdfff) || /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(String.fromCodePoint(cp)) && cp !== 0x200d;
}

// ---------------------------------------------------------------------------------------------------------------

/** HCL literal syntax on one line: `"a"`, `1.5`, `["a", "b"]`, `{ a = 1, "b c" = true }`. */
export function renderHcl(v: Value): string {
  if (v.isSensitive) return SENSITIVE;
  if (!v.isKnown) return UNKNOWN_TEXT;
  if (v.isNull) return 'null';
  switch (v.type.kind) {
    case 'string':
      return hclQuote(v.raw as string);
    case 'bool':
      return v.raw ? 'true' : 'false';
    case 'number':
      return formatNumber(v.raw as Decimal);
    case 'list':
    case 'set':
    case 'tuple':
      return `[${elementsOf(v).map(renderHcl).join(', ')}]`;
    case 'map':
    case 'object': {
      const entries = [...entriesOfValue(v)];
      if (entries.length === 0) return '{}';
      return `{ ${entries.map(([k, e]) => `${IDENTIFIER.test(k) ? k : hclQuote(k)} = ${renderHcl(e)}`).join(', ')} }`;
    }
    default:
      return UNKNOWN_TEXT;
  }
}

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_-]*$/u;

/** An HCL quoted string: escapes, and `${` / `%{` doubled so they stay literal. */
export function hclQuote(s: string): string {
  const escaped = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, '%%{')
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}
