/**
 * Prints diagnostics the way Packer does (`Error: <summary>`, `on <file> line <n>:`, the source line, the
 * wrapped detail) — plus a caret line under the failing range, which Packer lacks.
 */
import type { Diagnostic } from '../hcl/diagnostic.js';
import { styleText } from 'node:util';

const WRAP = 79;

export function wrap(text: string, width = WRAP): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= width) return line;
      const words = line.split(' ');
      const out: string[] = [];
      let cur = '';
      for (const w of words) {
        if (cur !== '' && cur.length + 1 + w.length > width) {
          out.push(cur);
          cur = w;
        } else {
          cur = cur === '' ? w : `${cur} ${w}`;
        }
      }
      out.push(cur);
      return out.join('\n');
    })
    .join('\n');
}

/** Source lines per file, split once however many diagnostics point into the file. */
class SourceLines {
  private readonly cache = new Map<string, string[]>();
  constructor(private readonly sources: ReadonlyMap<string, string>) {}
  line(file: string, n: number): string | undefined {
    let lines = this.cache.get(file);
    if (!lines) {
      const text = this.sources.get(file);
      if (text === undefined) return undefined;
      lines = text.split(/\r?\n/);
      this.cache.set(file, lines);
    }
    return lines[n];
  }
}

export function formatDiagnostic(d: Diagnostic, sources: ReadonlyMap<string, string> | SourceLines, colour: boolean): string {
  const lookup = sources instanceof SourceLines ? sources : new SourceLines(sources);
  const head = `${d.severity === 'error' ? 'Error' : 'Warning'}: ${d.summary}`;
  const lines: string[] = [colour ? styleText(['bold', d.severity === 'error' ? 'red' : 'yellow'], head) : head, ''];
  if (d.range) {
    const r = d.range;
    lines.push(`  on ${r.file} line ${r.start.line + 1}:`);
    const src = lookup.line(r.file, r.start.line);
    if (src === undefined) {
      lines.push('  (source code not available)');
    } else {
      const prefix = `${String(r.start.line + 1).padStart(4)}: `;
      lines.push(`${prefix}${src}`);
      const endChar = r.end.line === r.start.line ? r.end.character : src.length;
      const width = Math.max(1, endChar - r.start.character);
      const pad = src.slice(0, r.start.character).replace(/[^\t]/g, ' ');
      lines.push(`${' '.repeat(prefix.length)}${pad}${'^'.repeat(width)}`);
    }
    lines.push('');
  }
  if (d.detail) lines.push(wrap(d.detail), '');
  return `${lines.join('\n')}\n`;
}

export function formatDiagnostics(diags: readonly Diagnostic[], sources: ReadonlyMap<string, string>, colour: boolean): string {
  const lookup = new SourceLines(sources);
  return diags.map((d) => formatDiagnostic(d, lookup, colour)).join('');
}
