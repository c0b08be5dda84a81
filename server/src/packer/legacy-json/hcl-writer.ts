/**
 * The slice of hclwrite that `hcl2_upgrade` uses: values rendered as HCL tokens (TokensForValue), attributes and
 * blocks appended to a body. Spacing is left to the formatter, as hclwrite leaves it to hclwrite.Format; what
 * matters here is the token sequence, string escaping, number spelling, key order and newlines.
 */
import type { PlainJson } from '../../hcl/json/json-parse.js';

const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** hclwrite's escaping of a quoted string literal: `${` and `%{` doubled, non-printables as \u escapes. */
export function escapeHclString(s: string): string {
  let out = '';
  const chars = [...s];
  chars.forEach((ch, i) => {
    switch (ch) {
      case '\n':
        out += '\\n';
        return;
      case '\r':
        out += '\\r';
        return;
      case '\t':
        out += '\\t';
        return;
      case '"':
        out += '\\"';
        return;
      case '\\':
        out += '\\\\';
        return;
      case '$':
      case '%':
        out += chars[i + 1] === '{' ? ch + ch : ch;
        return;
      default: {
        if (PRINTABLE.test(ch)) {
          out += ch;
          return;
        }
        const cp = ch.codePointAt(0) ?? 0;
        out += cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
      }
    }
  });
  return out;
}

export function quoteHcl(s: string): string {
  return `"${escapeHclString(s)}"`;
}

/** big.Float.Text('f', -1) of a float64: the shortest round-tripping digits, never an exponent. */
export function numberText(n: number): string {
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = '', expText] = m;
  const digits = lead + frac;
  const exp = Number(expText);
  if (exp >= 0) return sign + digits.padEnd(exp + 1, '0');
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

export function isHclIdentifier(s: string): boolean {
  return IDENTIFIER.test(s);
}

/** hclwrite.TokensForValue of hcl2shim.HCL2ValueFromConfigValue(v). */
export function valueTokens(v: PlainJson): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'string') return quoteHcl(v);
  if (Array.isArray(v)) return `[${v.map(valueTokens).join(', ')}]`;
  if (v.size === 0) return '{}';
  const keys = [...v.keys()].sort(compareGo);
  return `{\n${keys.map((k) => `${isHclIdentifier(k) ? k : quoteHcl(k)} = ${valueTokens(v.get(k) ?? null)}\n`).join('')}}`;
}

/** Go's string ordering (bytewise UTF-8), which differs from JS's UTF-16 ordering above the BMP. */
export function compareGo(a: string, b: string): number {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return Buffer.compare(ba, bb);
}

/** An hclwrite body under construction: items are appended in order, each ending with a newline. */
export class HclBody {
  private readonly parts: string[] = [];

  newline(): void {
    this.parts.push('\n');
  }

  attribute(name: string, valueText: string): void {
    this.parts.push(`${name} = ${valueText}\n`);
  }

  block(type: string, labels: readonly string[], fill: (body: HclBody) => void): void {
    const body = new HclBody();
    fill(body);
    const head = [type, ...labels.map(quoteHcl)].join(' ');
    this.parts.push(`${head} {\n${body.text()}}\n`);
  }

  text(): string {
    return this.parts.join('');
  }
}
