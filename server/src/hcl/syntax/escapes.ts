/** String escape decoding as hclsyntax does it for quoted template text and heredoc text. */

export type EscapeErrorSink = (start: number, end: number, summary: string, detail: string) => void;

const HEX = /^[0-9A-Fa-f]$/;

/**
 * Decodes quoted template text `text[start, end)`: `\n \r \t \" \\ \uNNNN \UNNNNNNNN` and the literal `$${`/`%%{`.
 * Invalid escapes are reported with their source range and kept as text, like hclsyntax.
 */
export function decodeQuotedText(text: string, start: number, end: number, report: EscapeErrorSink): string {
  if (!needsDecoding(text, start, end)) return text.slice(start, end);
  let out = '';
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c === '\\') {
      const sel = i + 1 < end ? text[i + 1] : undefined;
      switch (sel) {
        case 'n':
          out += '\n';
          i += 2;
          continue;
        case 'r':
          out += '\r';
          i += 2;
          continue;
        case 't':
          out += '\t';
          i += 2;
          continue;
        case '"':
          out += '"';
          i += 2;
          continue;
        case '\\':
          out += '\\';
          i += 2;
          continue;
        case 'u':
        case 'U': {
          const want = sel === 'u' ? 4 : 8;
          let j = i + 2;
          while (j < end && j < i + 2 + want && HEX.test(text[j] ?? '')) j++;
          const digits = text.slice(i + 2, j);
          if (digits.length !== want) {
            report(i, j, 'Invalid escape sequence', `The \\${sel} escape sequence must be followed by ${want === 4 ? 'four' : 'eight'} hexadecimal digits.`);
            out += text.slice(i, j);
            i = j;
            continue;
          }
          const code = parseInt(digits, 16);
          if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
            report(i, j, 'Invalid escape sequence', `Cannot encode character U+${code.toString(16).padStart(4, '0')} in UTF-8.`);
            out += text.slice(i, j);
          } else {
            out += String.fromCodePoint(code);
          }
          i = j;
          continue;
        }
        case undefined:
          report(i, i + 1, 'Invalid escape sequence', 'Backslash must be followed by an escape sequence selector character.');
          out += '\\';
          i += 1;
          continue;
        default: {
          const cp = text.codePointAt(i + 1) ?? 0;
          const selector = String.fromCodePoint(cp);
          report(i, i + 1 + selector.length, 'Invalid escape sequence', `The symbol ${JSON.stringify(selector)} is not a valid escape sequence selector.`);
          out += selector;
          i += 1 + selector.length;
          continue;
        }
      }
    }
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{' && i + 2 < end) {
      out += c + '{';
      i += 3;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Heredoc text has no backslash escapes; only `$${` and `%%{` stand for literal `${` and `%{`. */
export function decodeHeredocText(raw: string): string {
  return raw.includes('${') || raw.includes('%{') ? raw.replace(/([$%])\1\{/g, '$1{') : raw;
}

/** Most literals have nothing to decode; a bounded scan avoids building the string char by char. */
function needsDecoding(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const doubled = (c === 0x24 || c === 0x25) && text.charCodeAt(i + 1) === c; // `$${` or `%%{`
    if (c === 0x5c || doubled) return true;
  }
  return false;
}
