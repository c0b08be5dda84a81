/**
 * HCL's own wording for JSON syntax errors (hashicorp/hcl json/parser.go), derived from the encoding/json-style
 * error of json-parse.ts: which token failed where. HCL-JSON files (.pkr.json, .pkrvars.json) report these;
 * legacy JSON templates keep encoding/json's text, as Packer prints it for them. Pure; never throws.
 */
import type { Range } from '../diagnostic.js';
import { levenshtein } from '../eval/suggest.js';
import { LineIndex } from '../text.js';
import type { JsonSyntaxError } from './json-parse.js';

export interface HclJsonSyntaxError {
  readonly summary: string;
  readonly detail: string;
  readonly range: Range;
}

const VALUE_START = 'A JSON value must start with a brace, a bracket, a number, a string, or a keyword.';
const JS_IDENTIFIERS = new Set(['undefined', 'NaN', 'Infinity']);

export function hclJsonSyntaxError(text: string, file: string, error: JsonSyntaxError): HclJsonSyntaxError {
  const lines = new LineIndex(text);
  const at = (start: number, end = start + 1): Range => lines.range(file, start, Math.min(end, text.length));
  const here = at(error.offset);
  const c = text[error.offset];
  const prev = previousSignificant(text, error.offset);
  const m = error.message;
  const is = (s: string, d: string, r: Range = here): HclJsonSyntaxError => ({ summary: s, detail: d, range: r });

  if (m === 'unexpected end of JSON input') {
    const open = innermostOpen(text);
    if (open !== undefined && prev !== undefined && text[prev] !== ':' && text[prev] !== ',' && text[prev] !== '[' && text[prev] !== '{') {
      const object = text[open] === '{';
      return is('Unclosed object', object ? 'No closing brace was found for this JSON object.' : 'No closing bracket was found for this JSON array.', at(open));
    }
    return is('Missing value', 'The JSON data ends prematurely.', at(text.length, text.length));
  }
  if (m.endsWith('looking for beginning of object key string')) {
    if (c === '}' && prev !== undefined && text[prev] === ',') return is('Trailing comma in object', 'JSON does not permit a trailing comma after the final property in an object.', at(prev));
    return is('Invalid object property name', 'A JSON object property name must be a string');
  }
  if (m.endsWith('after object key')) {
    if (c === '=') return is('Missing property value colon', 'JSON uses a colon as its name/value delimiter, not an equals sign.');
    return is('Missing property value colon', "A colon must appear between an object property's name and its value.");
  }
  if (m.endsWith('after object key:value pair')) {
    if (c === ']') return is('Mismatched braces', 'A JSON object must be closed with a brace, not a bracket.');
    return is('Missing attribute seperator comma', 'A comma must appear between each property definition in an object.');
  }
  if (m.endsWith('after array element')) {
    if (c === '}') return is('Mismatched brackets', 'A JSON array must be closed with a bracket, not a brace.');
    if (c === ':') return is('Invalid array value', 'A colon is not used to introduce values in a JSON array.');
    return is('Missing attribute seperator comma', 'A comma must appear between each value in an array.');
  }
  if (m.endsWith('looking for beginning of value')) {
    if (c === ']' && prev !== undefined && text[prev] === ',') return is('Trailing comma in array', 'JSON does not permit a trailing comma after the final value in an array.', at(prev));
    if (c === ']') return is('Missing array element value', VALUE_START);
    if (c === '}') return is('Missing JSON value', VALUE_START);
    const word = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(text.slice(error.offset))?.[0];
    if (word) return keyword(word, is, at(error.offset, error.offset + word.length));
    return is('Invalid start of value', VALUE_START);
  }
  if (m.includes('in literal')) {
    const start = wordStart(text, error.offset);
    const word = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(text.slice(start))?.[0] ?? '';
    return keyword(word, is, at(start, start + word.length));
  }
  if (m.includes('numeric literal')) return is('Invalid JSON number', 'There is a syntax error in the given JSON number.');
  if (m.includes('in string') || m.includes('escape')) return is('Invalid JSON string', 'There is a syntax error in the given JSON string.');
  if (m.endsWith('after top-level value')) return is('Extraneous data after value', 'Extra characters appear after the JSON value.');
  return is('Invalid start of value', VALUE_START);
}

function keyword(word: string, is: (s: string, d: string, r?: Range) => HclJsonSyntaxError, range: Range): HclJsonSyntaxError {
  if (JS_IDENTIFIERS.has(word)) return is('Invalid JSON keyword', `The JavaScript identifier "${word}" cannot be used in JSON.`, range);
  // Like HCL: the first keyword, in its order, within edit distance 2.
  const suggestion = ['false', 'true', 'null'].find((k) => levenshtein(word, k) < 3);
  return is('Invalid JSON keyword', `"${word}" is not a valid JSON keyword.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`, range);
}

function previousSignificant(text: string, offset: number): number | undefined {
  for (let i = offset - 1; i >= 0; i--) if (!' \t\r\n'.includes(text[i]!)) return i;
  return undefined;
}

function wordStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && /[A-Za-z0-9_$]/.test(text[i - 1]!)) i--;
  return i;
}

/** The offset of the innermost `{` or `[` still open at the end of the text, strings skipped. */
function innermostOpen(text: string): number | undefined {
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') stack.push(i);
    else if (c === '}' || c === ']') stack.pop();
  }
  return stack.at(-1);
}
