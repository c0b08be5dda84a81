/**
 * Conversions between LSP coordinates and the core's. Both count UTF-16 code units per line, so the work is
 * mostly clamping: clients (and fuzzers) send positions past the end of a line or the document, negative or
 * non-integer numbers, and none of them may throw.
 */
import type { Position as LspPosition, Range as LspRange } from 'vscode-languageserver';
import type { Position, Range } from '../hcl/diagnostic.js';
import type { LineIndex } from '../hcl/text.js';

function sane(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0;
}

/** The document offset of an LSP position, clamped into the document; never splits a surrogate pair. */
export function offsetOf(lines: LineIndex, pos: LspPosition | undefined): number {
  if (!pos || typeof pos !== 'object') return 0;
  let offset = lines.offsetAt(sane(pos.line), sane(pos.character));
  const text = lines.text;
  const c = text.charCodeAt(offset);
  const prev = text.charCodeAt(offset - 1);
  if (c >= 0xdc00 && c <= 0xdfff && prev >= 0xd800 && prev <= 0xdbff) offset -= 1;
  return offset;
}

export function toLspPosition(p: Position): LspPosition {
  return { line: p.line, character: p.character };
}

export function toLspRange(r: Pick<Range, 'start' | 'end'>): LspRange {
  return { start: toLspPosition(r.start), end: toLspPosition(r.end) };
}

/** An offset pair from an LSP range, ordered and clamped. */
export function offsetsOf(lines: LineIndex, range: LspRange | undefined): { start: number; end: number } {
  const a = offsetOf(lines, range?.start);
  const b = offsetOf(lines, range?.end);
  return a <= b ? { start: a, end: b } : { start: b, end: a };
}

/** Whether a range of the document `lines` indexes holds `offset`, ends included. */
export function contains(lines: LineIndex, r: Pick<Range, 'start' | 'end'>, offset: number): boolean {
  return lines.offsetOf(r.start) <= offset && offset <= lines.offsetOf(r.end);
}
