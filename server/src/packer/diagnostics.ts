import type { Diagnostic, Range } from '../hcl/diagnostic.js';

export function error(summary: string, detail: string, range?: Range, code?: string): Diagnostic {
  return { severity: 'error', summary, detail, ...(range ? { range } : {}), ...(code ? { code } : {}) };
}

export function warning(summary: string, detail: string, range?: Range, code?: string): Diagnostic {
  return { severity: 'warning', summary, detail, ...(range ? { range } : {}), ...(code ? { code } : {}) };
}

/** `file:line,col-col` as Packer cites a position inside a detail text. */
export function posText(r: Range): string {
  return `${r.file}:${r.start.line + 1},${r.start.character + 1}-${r.end.character + 1}`;
}
