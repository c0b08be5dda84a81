/**
 * Reads the diagnostics back out of Packer-style command output (`Error: …`, `  on file line N:`, the source
 * line, our caret line, the detail), so build and validate errors land in the Problems panel.
 * Pure: text in, positions out.
 */

export interface OutputDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail: string;
  /** As printed: relative to the command's working directory, or absolute. */
  readonly file: string;
  /** 0-based. */
  readonly line: number;
  /** 0-based start and end columns, from the caret line; the whole line when there is none. */
  readonly startColumn: number;
  readonly endColumn?: number;
}

// CSI sequences (colours, cursor moves) and OSC sequences (titles, links) as terminals emit them.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

const HEAD = /^(?:\d{4}-\d\d-\d\dT[\d:.]+Z?[+\-\d:]*: )?(Error|Warning): (.+)$/;
const LOCATION = /^\s+on (.+?) line (\d+)(?:, in [^:]*)?:$/;
const SOURCE_LINE = /^(\s*\d+: )/;
const CARETS = /^(\s*)(\^+)\s*$/;

/** Every diagnostic that carries a file position; positionless errors (a build failing) stay in the terminal. */
export function parseDiagnostics(output: string): OutputDiagnostic[] {
  const lines = stripAnsi(output).split(/\r?\n/);
  const out: OutputDiagnostic[] = [];
  for (let i = 0; i < lines.length; i++) {
    const head = HEAD.exec(lines[i] ?? '');
    if (!head) continue;
    let j = i + 1;
    while (j < lines.length && (lines[j] ?? '').trim() === '') j++;
    const loc = LOCATION.exec(lines[j] ?? '');
    if (!loc) continue;
    const file = loc[1] ?? '';
    const line = Number(loc[2]) - 1;
    j++;
    let startColumn = 0;
    let endColumn: number | undefined;
    const src = SOURCE_LINE.exec(lines[j] ?? '');
    if (src) {
      const carets = CARETS.exec(lines[j + 1] ?? '');
      if (carets) {
        startColumn = Math.max(0, (carets[1] ?? '').length - (src[1] ?? '').length);
        endColumn = startColumn + (carets[2] ?? '').length;
        j += 2;
      } else {
        j += 1;
      }
    }
    const detail: string[] = [];
    while (j < lines.length && !HEAD.test(lines[j] ?? '')) detail.push(lines[j++] ?? '');
    out.push({
      severity: head[1] === 'Warning' ? 'warning' : 'error',
      summary: head[2] ?? '',
      detail: detail.join('\n').trim(),
      file,
      line: Math.max(0, line),
      startColumn,
      endColumn,
    });
    i = j - 1;
  }
  return out;
}
