/** Source positions and HCL-style diagnostics shared by every layer. */

/**
 * A point in a text: 0-based line and 0-based character in UTF-16 code units (JS string indices), like LSP.
 * No offset: an edit that leaves the lines above and below it intact leaves every position outside its line valid,
 * so the syntax of the rest of the file is reused as it is (syntax/reuse.ts). Offsets come from the text's LineIndex.
 */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly file: string;
  readonly start: Position;
  readonly end: Position;
}

/** Orders positions of one text: negative when `a` comes first. */
export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Whether two ranges of one text start and end at the same positions. */
export function sameSpan(a: Pick<Range, 'start' | 'end'>, b: Pick<Range, 'start' | 'end'>): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

/** Whether `inner` lies within `outer`, both ends included. */
export function rangeWithin(inner: Range, outer: Range): boolean {
  return inner.file === outer.file && comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

export type Severity = 'error' | 'warning';

/** Like hcl.Diagnostic: a summary, a detail, the failing range and optionally a wider context range. */
export interface Diagnostic {
  readonly severity: Severity;
  readonly summary: string;
  readonly detail: string;
  readonly range?: Range;
  readonly context?: Range;
  /** A stable rule id (e.g. "unsupported-argument") so editors can offer fixes and settings can change severity. */
  readonly code?: string;
  /** Rule-specific payload for quick fixes (e.g. the did-you-mean suggestion). */
  readonly data?: Readonly<Record<string, string>>;
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}
