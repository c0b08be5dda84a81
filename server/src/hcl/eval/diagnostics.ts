/** Building HCL-style error diagnostics and ranges for the evaluator. */
import type { Diagnostic, Range } from '../diagnostic.js';

export function error(summary: string, detail: string, range?: Range, context?: Range): Diagnostic {
  return { severity: 'error', summary, detail, ...(range && { range }), ...(context && { context }) };
}

/** The range from the start of `a` to the end of `b` (hcl.RangeBetween). */
export function rangeBetween(a: Range, b: Range): Range {
  return { file: a.file, start: a.start, end: b.end };
}

/** The range after `inner` up to the end of `outer`: the `.name` or `[key]` part of a traversal step. */
export function rangeAfter(inner: Range, outer: Range): Range {
  return { file: outer.file, start: inner.end, end: outer.end };
}
