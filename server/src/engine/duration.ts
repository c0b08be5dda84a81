/** Durations the way Packer prints them (durafmt limited to the two largest non-zero units). */

const UNITS: readonly (readonly [string, number])[] = [
  ['year', 365 * 24 * 3600e9],
  ['week', 7 * 24 * 3600e9],
  ['day', 24 * 3600e9],
  ['hour', 3600e9],
  ['minute', 60e9],
  ['second', 1e9],
  ['millisecond', 1e6],
  ['microsecond', 1e3],
];

/** `nanoseconds` → e.g. `1 second 815 milliseconds`; durations below a microsecond print as `0 microseconds`. */
export function formatDuration(nanoseconds: number): string {
  let rest = Math.max(0, Math.round(nanoseconds));
  const parts: string[] = [];
  for (const [name, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 && parts.length < 2) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
  }
  return parts.length > 0 ? parts.join(' ') : '0 microseconds';
}

/** Nanoseconds elapsed since a `process.hrtime.bigint()` reading. */
export function elapsedSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start);
}

/**
 * Parses a Go duration string (`1h2m`, `300ms`, `1.5s`); a bare number is taken as seconds the way
 * mapstructure's weak decoding of plugin configs accepts it. Returns milliseconds, or undefined when invalid.
 */
export function parseGoDuration(text: string | number | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (typeof text === 'number') return text * 1000;
  if (/^[+-]?\d+(\.\d+)?$/.test(text)) return Number(text) === 0 ? 0 : undefined;
  const unitMs: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let sign = 1;
  let i = 0;
  if (text[0] === '-' || text[0] === '+') {
    sign = text[0] === '-' ? -1 : 1;
    i = 1;
  }
  let total = 0;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return undefined;
    total += Number(m[1]) * (unitMs[m[2] as string] as number);
    i = re.lastIndex;
  }
  return sign * total;
}
