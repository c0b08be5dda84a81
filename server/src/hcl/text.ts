/**
 * Text coordinates. The project's Position counts UTF-16 code units (JS string indices, LSP characters); HCL
 * reports 1-based lines, 1-based columns counted in grapheme clusters and 0-based UTF-8 byte offsets. This module
 * converts between them. Lines end at "\n" only, as in HCL: a "\r" before it belongs to the line it ends.
 */
import type { Position, Range } from './diagnostic.js';

/** HCL's hcl.Pos: 1-based line, 1-based column in characters, 0-based UTF-8 byte offset. */
export interface HclPos {
  readonly line: number;
  readonly column: number;
  readonly byte: number;
}

export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly starts: number[];

  /** `starts`: the offsets of the lines, when already known (see `edited`). */
  constructor(
    readonly text: string,
    starts?: number[],
  ) {
    if (starts) {
      this.starts = starts;
      return;
    }
    starts = [0];
    let at = text.indexOf('\n');
    while (at !== -1) {
      starts.push(at + 1);
      at = text.indexOf('\n', at + 1);
    }
    this.starts = starts;
  }

  /**
   * The lines of `text`, which is this text with `[start, end)` replaced by `inserted`: the lines before the edit
   * keep their offsets and those after it move alike, so the text is not scanned again.
   */
  edited(text: string, start: number, end: number, inserted: string): LineIndex {
    const first = this.lineOf(start);
    const last = this.lineOf(end);
    const delta = inserted.length - (end - start);
    const added: number[] = [];
    for (let at = inserted.indexOf('\n'); at !== -1; at = inserted.indexOf('\n', at + 1)) added.push(start + at + 1);
    // Filled in place: pushing onto a copy of the head would grow (and copy) the array over and over.
    const starts = this.starts.slice(0, first + 1 + added.length + this.starts.length - last - 1);
    let n = first + 1;
    for (const a of added) starts[n++] = a;
    for (let i = last + 1; i < this.starts.length; i++) starts[n++] = (this.starts[i] ?? 0) + delta;
    starts.length = n;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))] ?? 0;
  }

  /** The 0-based line holding `offset` (binary search over line starts). */
  lineOf(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line, character: clamped - (this.starts[line] ?? 0) };
  }

  /** The offset of a Position of this text. */
  offsetOf(p: Position): number {
    return this.offsetAt(p.line, p.character);
  }

  /** The text a range of this text covers. */
  slice(r: Pick<Range, 'start' | 'end'>): string {
    return this.text.slice(this.offsetOf(r.start), this.offsetOf(r.end));
  }

  /** The offset of an LSP-style line/character, clamped to the line's end like editors do. */
  offsetAt(line: number, character: number): number {
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.text.length;
    const start = this.starts[line] ?? 0;
    const next = line + 1 < this.starts.length ? (this.starts[line + 1] ?? this.text.length) - 1 : this.text.length;
    return Math.min(start + Math.max(0, character), next);
  }

  range(file: string, start: number, end: number): Range {
    return { file, start: this.position(start), end: this.position(end) };
  }
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Number of UTF-8 bytes of `text`'s code units from `from` to `to`. */
export function utf8Length(text: string, from = 0, to = text.length): number {
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Number of grapheme clusters in a string, which is how HCL counts columns. */
export function graphemeCount(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

/** Converts a Position into HCL's coordinates (what `packer` prints as file:line,column and byte offsets). */
export function toHclPos(lines: LineIndex, pos: Position): HclPos {
  const offset = lines.offsetOf(pos);
  return {
    line: pos.line + 1,
    column: graphemeCount(lines.text.slice(offset - pos.character, offset)) + 1,
    byte: utf8Length(lines.text, 0, offset),
  };
}

/** Converts a UTF-8 byte offset into a UTF-16 offset (clamped to the text). */
export function offsetOfByte(text: string, byte: number): number {
  let bytes = 0;
  let i = 0;
  while (i < text.length && bytes < byte) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    i += pair ? 2 : 1;
  }
  return i;
}
