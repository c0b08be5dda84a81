/**
 * The TemplateParser for HCL-JSON strings built on the native-syntax parser: the template source is re-quoted
 * (HCL-JSON templates have no escapes of their own) and parsed as a quoted template; the ranges of the result are
 * then moved onto the JSON string. With the string as written (`raw`), positions are exact whatever JSON escapes
 * it holds (`\"`, `\u00e9`); without it they count decoded characters.
 */
import type * as ast from '../ast.js';
import type { Position, Range } from '../diagnostic.js';
import type { HclParser } from '../parse.js';
import { LineIndex } from '../text.js';
import type { TemplateParser } from './body.js';

export function nativeTemplateParser(parser: Pick<HclParser, 'parseExpression'>): TemplateParser {
  return (source, range, raw) => {
    const requoted = requote(source);
    const quoted = `"${requoted.text}"`;
    const parsed = parser.parseExpression(quoted, range.file);
    const written = raw === undefined ? undefined : writtenOffsets(raw);
    const lines = new LineIndex(quoted);
    const move = (p: Position): Position => {
      // Quoted text (minus its opening quote) → decoded source → the JSON string as written; JSON strings are one line.
      const quotedAt = Math.max(0, Math.min(lines.offsetOf(p) - 1, requoted.text.length));
      const decodedAt = requoted.origin[quotedAt] ?? source.length;
      const delta = written?.[decodedAt] ?? decodedAt;
      return { line: range.start.line, character: range.start.character + delta };
    };
    const expr = relocate(parsed.expr, move) as ast.Expression;
    const diagnostics = parsed.diagnostics.map((d) => relocate(d, move) as typeof d);
    return { expr, diagnostics };
  };
}

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Escapes the literal parts of a template for a quoted string; the insides of `${...}` / `%{...}` are expression
 * syntax, where quotes start nested strings (`"${join("-", xs)}"`), so they are kept as they are. `origin[i]` is
 * the index in `source` that character `i` of the result comes from (one past the end: `source.length`).
 */
function requote(source: string): { readonly text: string; readonly origin: readonly number[] } {
  let out = '';
  const origin: number[] = [];
  const emit = (text: string, from: number): void => {
    out += text;
    for (let k = 0; k < text.length; k++) origin.push(from);
  };
  let depth = 0;
  let inString = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (depth === 0) {
      if ((c === '$' || c === '%') && source[i + 1] === c && source[i + 2] === '{') {
        for (let k = 0; k < 3; k++) emit(source[i + k]!, i + k);
        i += 2;
        continue;
      }
      if ((c === '$' || c === '%') && source[i + 1] === '{') {
        emit(c, i);
        emit('{', i + 1);
        i++;
        depth = 1;
        continue;
      }
      emit(ESCAPES[c] ?? c, i);
      continue;
    }
    emit(c, i);
    if (inString) {
      if (c === '\\') {
        i++;
        emit(source[i] ?? '', i);
      } else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
  }
  origin.push(source.length);
  return { text: out, origin };
}

/**
 * For a JSON string's content as written, the offset at which each decoded UTF-16 unit starts (and, last, the
 * length): `\"` is two characters for one, `\u00e9` six.
 */
function writtenOffsets(raw: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < raw.length; ) {
    out.push(i);
    i += raw[i] !== '\\' ? 1 : raw[i + 1] === 'u' ? 6 : 2;
  }
  out.push(raw.length);
  return out;
}

function isRange(v: unknown): v is Range {
  return typeof v === 'object' && v !== null && 'start' in v && 'end' in v && 'file' in v;
}

/** Copies plain objects and arrays, moving every Range; class instances (values) are shared. */
function relocate(v: unknown, move: (p: Position) => Position): unknown {
  if (Array.isArray(v)) return v.map((e) => relocate(e, move));
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return v;
  if (isRange(v)) return { file: v.file, start: move(v.start), end: move(v.end) };
  return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, relocate(e, move)]));
}

/**
 * Parses a JSON string's content as a native-syntax expression, as HCL does for JSON strings read as expressions
 * rather than templates (type constraints, `ExprCall`); the ranges of the result are moved onto the JSON string.
 */
export function nativeExpressionParser(parser: Pick<HclParser, 'parseExpression'>): TemplateParser {
  return (source, range) => {
    const parsed = parser.parseExpression(source, range.file);
    const lines = new LineIndex(source);
    const move = (p: Position): Position => {
      const delta = Math.max(0, Math.min(lines.offsetOf(p), source.length));
      return { line: range.start.line, character: range.start.character + delta };
    };
    return { expr: relocate(parsed.expr, move) as ast.Expression, diagnostics: parsed.diagnostics.map((d) => relocate(d, move) as typeof d) };
  };
}
