/**
 * hclsyntax's scanner diagnostics. hclsyntax lexes the whole file before parsing and reports what its scanner
 * rejects first: newlines inside quoted strings, characters the language does not use (`;`, `'`, backticks,
 * curly quotes, ...) and bitwise operators. tree-sitter stumbles over the same characters somewhere else, so
 * when a file has syntax errors its text is scanned here with hclsyntax's modes (main, quoted string, heredoc,
 * interpolation) and these diagnostics lead, as in hclsyntax.
 */
import type { ValueError } from './explain.js';
import { IDENT_PART, IDENT_START } from './text-tokens.js';

type Mode = { kind: 'main'; braces: number; interp: boolean } | { kind: 'quoted' } | { kind: 'heredoc'; marker: string; flush: boolean };

/** Characters that are tokens of their own in hclsyntax's main mode. */
const SELF = new Set(['[', ']', '(', ')', '.', ',', '*', '/', '%', '+', '-', '=', '<', '>', '!', '?', ':']);
const NEWLINES = /(?:\r?\n)+/y;
/** Runs of quoted-string text with nothing to look at. */
const QUOTED_PLAIN = /[^"\\\r\n$%]+/y;
/** ASCII identifier and number characters, and a number's "." or exponent sign. */
const ASCII_WORD = /[A-Za-z0-9_](?:[A-Za-z0-9_-]|\.(?=[0-9])|(?<=[0-9][eE])[+-](?=[0-9]))*/y;
const HEREDOC = /^<<(-?)([\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_-]*)\r?\n/u;

const MULTI_LINE =
  'Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the "heredoc" multi-line template syntax.';

export function lexicalErrors(text: string): ValueError[] {
  const out: ValueError[] = [];
  const told = { bitwise: 0, backtick: 0, apostrophe: 0, semicolon: 0 };
  const modes: Mode[] = [{ kind: 'main', braces: 0, interp: false }];
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  while (i < text.length) {
    const mode = modes[modes.length - 1] ?? { kind: 'main', braces: 0, interp: false };
    const c = text[i] ?? '';
    if (mode.kind === 'quoted') {
      QUOTED_PLAIN.lastIndex = i;
      if (QUOTED_PLAIN.test(text)) {
        i = QUOTED_PLAIN.lastIndex;
        continue;
      }
      if (c === '"') {
        modes.pop();
        i++;
      } else if (c === '\\') {
        i += 2;
      } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
        // Consecutive newlines are one token for hclsyntax's scanner.
        NEWLINES.lastIndex = i;
        NEWLINES.test(text);
        out.push({ summary: 'Invalid multi-line string', detail: MULTI_LINE, start: i, end: NEWLINES.lastIndex });
        i = NEWLINES.lastIndex;
      } else {
        i = templateStep(text, i, modes);
      }
      continue;
    }
    if (mode.kind === 'heredoc') {
      i = heredocLine(text, i, mode, modes);
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' || text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl + 1;
      continue;
    }
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
      continue;
    }
    if (c === '"') {
      modes.push({ kind: 'quoted' });
      i++;
      continue;
    }
    const heredoc = c === '<' ? HEREDOC.exec(text.slice(i, i + 300)) : null;
    if (heredoc) {
      modes.push({ kind: 'heredoc', marker: heredoc[2] ?? '', flush: heredoc[1] === '-' });
      i += heredoc[0].length;
      continue;
    }
    if (c === '{') {
      mode.braces++;
      i++;
      continue;
    }
    if (c === '}') {
      if (mode.braces > 0) mode.braces--;
      else if (mode.interp) modes.pop();
      i++;
      continue;
    }
    if (c === '~' && (text[i + 1] === '}' || text[i - 1] === '{') && mode.interp) {
      i++;
      continue;
    }
    ASCII_WORD.lastIndex = i;
    if (ASCII_WORD.test(text)) {
      // Identifiers and numbers (with their fractions and exponents) are never diagnosed.
      i = ASCII_WORD.lastIndex;
      continue;
    }
    const cp = text.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    if (IDENT_START.test(ch)) {
      i += ch.length;
      while (i < text.length) {
        const next = String.fromCodePoint(text.codePointAt(i) ?? 0);
        if (!IDENT_PART.test(next)) break;
        i += next.length;
      }
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === '::' || two === '=>') {
      i += 2;
      continue;
    }
    if (SELF.has(c)) {
      i++;
      continue;
    }
    const bitwise = { '&': ' Did you mean boolean AND ("&&")?', '|': ' Did you mean boolean OR ("||")?', '~': ' Did you mean boolean NOT ("!")?', '^': '' }[c];
    if (bitwise !== undefined) {
      if (told.bitwise++ < 4) out.push(err('Unsupported operator', `Bitwise operators are not supported.${bitwise}`, i, i + 1));
    } else if (c === '`') {
      if (told.backtick % 2 === 0) out.push(err('Invalid character', 'The "`" character is not valid. To create a multi-line string, use the "heredoc" syntax, like "<<EOT".', i, i + 1));
      if (told.backtick <= 2) told.backtick++;
    } else if (c === "'") {
      if (told.apostrophe % 2 === 0) out.push(err('Invalid character', 'Single quotes are not valid. Use double quotes (") to enclose strings.', i, i + 1));
      if (told.apostrophe <= 2) told.apostrophe++;
    } else if (c === ';') {
      if (told.semicolon++ < 1) {
        out.push(err('Invalid character', 'The ";" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.', i, i + 1));
      }
    } else if (ch === '\u201c' || ch === '\u201d') {
      out.push(err('Invalid character', '"Curly quotes" are not valid here. These can sometimes be inadvertently introduced when sharing code via documents or discussion forums. It might help to replace the character with a "straight quote".', i, i + ch.length));
    } else {
      out.push(err('Invalid character', 'This character is not used within the language.', i, i + ch.length));
    }
    i += ch.length;
  }
  return out;
}

/** Template text outside escapes and newlines: `${`/`%{` open an interpolation, `$${`/`%%{` are literal. */
function templateStep(text: string, i: number, modes: Mode[]): number {
  const c = text[i];
  if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') return i + 3;
  if ((c === '$' || c === '%') && text[i + 1] === '{') {
    modes.push({ kind: 'main', braces: 0, interp: true });
    return i + 2;
  }
  return i + 1;
}

/** One step in a heredoc: its closing line ends it, else its text up to the next interpolation or line. */
function heredocLine(text: string, i: number, mode: Extract<Mode, { kind: 'heredoc' }>, modes: Mode[]): number {
  const lineStart = i === 0 || text[i - 1] === '\n';
  if (lineStart) {
    const nl = text.indexOf('\n', i);
    const line = text.slice(i, nl === -1 ? text.length : nl).replace(/\r$/, '');
    if (line.trim() === mode.marker) {
      modes.pop();
      return i + line.length;
    }
  }
  let j = i;
  while (j < text.length && text[j] !== '\n') {
    const next = templateStep(text, j, modes);
    if (modes[modes.length - 1] !== mode) return next;
    j = next;
  }
  return j + 1;
}

function err(summary: string, detail: string, start: number, end: number): ValueError {
  return { summary, detail, start, end };
}
