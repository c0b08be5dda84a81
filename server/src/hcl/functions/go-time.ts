/**
 * The slice of Go's `time` package that Packer's date functions expose: RFC 3339 parsing (with cty's error
 * wording), RFC 3339 and layout-based formatting, jehiah/go-strftime, and time.ParseDuration.
 */

/** An instant plus the UTC offset it was written with (Go keeps the offset for formatting). */
export interface GoTime {
  /** Whole seconds since the Unix epoch. */
  readonly unix: number;
  readonly nanos: number;
  readonly offsetSeconds: number;
}

export interface TimeFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 = Sunday. */
  readonly weekday: number;
  readonly yearDay: number;
}

export const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function fromDate(d: Date): GoTime {
  const ms = d.getTime();
  return { unix: Math.floor(ms / 1000), nanos: (((ms % 1000) + 1000) % 1000) * 1e6, offsetSeconds: 0 };
}

export function fields(t: GoTime): TimeFields {
  const d = new Date((t.unix + t.offsetSeconds) * 1000);
  const year = d.getUTCFullYear();
  const startOfYear = new Date(0);
  startOfYear.setUTCFullYear(year, 0, 1);
  return {
    year,
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
    yearDay: Math.floor((d.getTime() - startOfYear.getTime()) / 86_400_000) + 1,
  };
}

/** ISO 8601 year and week number, as Go's Time.ISOWeek. */
export function isoWeek(t: GoTime): { year: number; week: number } {
  const f = fields(t);
  // The ISO week belongs to the year of its Thursday.
  const shiftToThursday = 4 - (f.weekday === 0 ? 7 : f.weekday);
  const thursday = fields({ unix: t.unix + shiftToThursday * 86_400, nanos: 0, offsetSeconds: t.offsetSeconds });
  return { year: thursday.year, week: Math.floor((thursday.yearDay - 1) / 7) + 1 };
}

const pad = (n: number, width: number): string => String(Math.abs(n)).padStart(width, '0');

function offsetText(offsetSeconds: number, colon: boolean, withSeconds = false): string {
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(offsetSeconds);
  const parts = [pad(Math.floor(abs / 3600), 2), pad(Math.floor(abs / 60) % 60, 2)];
  if (withSeconds) parts.push(pad(abs % 60, 2));
  return sign + parts.join(colon ? ':' : '');
}

export function formatRfc3339(t: GoTime): string {
  const f = fields(t);
  const zone = t.offsetSeconds === 0 ? 'Z' : offsetText(t.offsetSeconds, true);
  return `${pad(f.year, 4)}-${pad(f.month, 2)}-${pad(f.day, 2)}T${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}${zone}`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(month: number, year: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

function instant(year: number, month: number, day: number, h: number, m: number, s: number, offset: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(h, m, s, 0);
  return Math.floor(d.getTime() / 1000) - offset;
}

export class TimestampError extends Error {}

/**
 * Strict RFC 3339 as cty's formatdate/timeadd read it. Failures carry the messages cty derives from Go's
 * time.ParseError, walking the layout "2006-01-02T15:04:05Z07:00" element by element.
 */
export function parseRfc3339(s: string): GoTime {
  const fail = (msg: string): never => {
    throw new TimestampError(`not a valid RFC3339 timestamp: ${msg}`);
  };
  let rest = s;
  const number = (what: string, exactly2: boolean, min: number, max: number): number => {
    const m = exactly2 ? /^[0-9]{2}/.exec(rest) : /^[0-9]{1,2}/.exec(rest);
    if (!m) {
      if (rest === '') fail(`end of string before ${what}`);
      if (what === 'hour') fail('hour must have exactly two digits');
      if (what === 'minute' && rest.length !== 2) fail('minute must have exactly two digits');
      fail(`cannot use ${JSON.stringify(rest)} as ${what}`);
    }
    const n = Number(m![0]);
    rest = rest.slice(m![0].length);
    if (n < min || n > max) {
      if (what === 'hour' && rest.includes(':')) fail('hour must be between 0 and 23 inclusive');
      fail(`cannot use ${JSON.stringify(rest)} as ${what}`);
    }
    if (what === 'hour' && m![0].length !== 2) fail('hour must have exactly two digits');
    return n;
  };
  const literal = (sep: string): void => {
    if (rest.startsWith(sep)) {
      rest = rest.slice(sep.length);
      return;
    }
    if (sep === 'T') fail("missing required time introducer 'T'");
    if (rest === '') fail(`end of string where ${JSON.stringify(sep)} is expected`);
    fail(`found ${JSON.stringify(rest)} where ${JSON.stringify(sep)} is expected`);
  };
  const yearText = /^[0-9]{4}/.exec(rest);
  if (!yearText) fail(rest === '' ? 'end of string before year' : `cannot use ${JSON.stringify(rest)} as year`);
  const year = Number(yearText![0]);
  rest = rest.slice(4);
  literal('-');
  const month = number('month', true, 1, 12);
  literal('-');
  const day = number('day of month', true, 1, 31);
  literal('T');
  const hour = number('hour', false, 0, 23);
  literal(':');
  const minute = number('minute', true, 0, 59);
  literal(':');
  const second = number('second', true, 0, 59);
  let nanos = 0;
  const frac = /^[.,]([0-9]+)/.exec(rest);
  if (frac) {
    if (rest[0] === ',') fail(`cannot use ${JSON.stringify(',')} as timestamp segment`);
    nanos = Number(frac[1].slice(0, 9).padEnd(9, '0'));
    rest = rest.slice(frac[0].length);
  }
  let offset = 0;
  if (rest.startsWith('Z')) {
    rest = rest.slice(1);
  } else {
    const z = /^([+-])([0-9]{2}):([0-9]{2})/.exec(rest);
    if (!z) fail(rest === '' ? 'end of string before UTC offset' : `cannot use ${JSON.stringify(rest)} as UTC offset`);
    const [, sign, hh, mm] = z!;
    if (Number(hh) >= 24) fail('timezone hour out of range');
    if (Number(mm) >= 60) fail('timezone minute out of range');
    offset = (sign === '-' ? -1 : 1) * (Number(hh) * 3600 + Number(mm) * 60);
    rest = rest.slice(z![0].length);
  }
  if (rest !== '') fail(`extra text: ${JSON.stringify(rest)}`);
  if (day > daysIn(month, year)) fail('day out of range');
  return { unix: instant(year, month, day, hour, minute, second, offset), nanos, offsetSeconds: offset };
}

/** The RFC 3339 forms rfc3339_parse accepts (T or space separator, optional fraction). */
export function parseRfc3339Lenient(s: string): GoTime | undefined {
  try {
    return parseRfc3339(s.length > 10 && s[10] === ' ' ? `${s.slice(0, 10)}T${s.slice(11)}` : s);
  } catch {
    return undefined;
  }
}

/** go-cty-yaml's timestamp resolution (YAML 1.1 !!timestamp forms), or undefined. */
export function parseYamlTimestamp(s: string): GoTime | undefined {
  const m =
    /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2}))|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.([0-9]+))?))?$/.exec(
      s,
    );
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const h = Number(m[4] ?? m[9] ?? 0);
  const min = Number(m[5] ?? m[10] ?? 0);
  const sec = Number(m[6] ?? m[11] ?? 0);
  const fraction = m[7] ?? m[12] ?? '';
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || h > 23 || min > 59 || sec > 59) return undefined;
  let offset = 0;
  if (m[8] && m[8] !== 'Z') {
    offset = (m[8][0] === '-' ? -1 : 1) * (Number(m[8].slice(1, 3)) * 3600 + Number(m[8].slice(4, 6)) * 60);
  }
  return {
    unix: instant(year, month, day, h, min, sec, offset),
    nanos: Number(fraction.slice(0, 9).padEnd(9, '0')),
    offsetSeconds: offset,
  };
}

const DURATION_UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n,
  'μs': 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Go's time.ParseDuration, in nanoseconds; errors carry Go's text. */
export function parseDuration(s: string): bigint {
  const invalid = (): never => {
    throw new Error(`time: invalid duration ${JSON.stringify(s)}`);
  };
  let rest = s;
  let negative = false;
  if (rest[0] === '-' || rest[0] === '+') {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') invalid();
  let total = 0n;
  while (rest !== '') {
    const num = /^([0-9]*)(?:\.([0-9]*))?/.exec(rest)!;
    if (num[0] === '' || num[0] === '.') invalid();
    rest = rest.slice(num[0].length);
    const unit = /^[^0-9.]*/.exec(rest)![0];
    if (unit === '') throw new Error(`time: missing unit in duration ${JSON.stringify(s)}`);
    const scale = DURATION_UNITS[unit];
    if (scale === undefined) throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(s)}`);
    rest = rest.slice(unit.length);
    const whole = BigInt(num[1] || '0') * scale;
    const fracDigits = num[2] ?? '';
    const fraction = fracDigits === '' ? 0n : (BigInt(fracDigits) * scale) / 10n ** BigInt(fracDigits.length);
    total += whole + fraction;
  }
  if (total > 9_223_372_036_854_775_807n) invalid();
  return negative ? -total : total;
}

export function addNanos(t: GoTime, nanos: bigint): GoTime {
  const totalNanos = BigInt(t.unix) * 1_000_000_000n + BigInt(t.nanos) + nanos;
  let unix = totalNanos / 1_000_000_000n;
  let rem = totalNanos % 1_000_000_000n;
  if (rem < 0n) {
    rem += 1_000_000_000n;
    unix -= 1n;
  }
  return { unix: Number(unix), nanos: Number(rem), offsetSeconds: t.offsetSeconds };
}

const zoneName = (t: GoTime): string => (t.offsetSeconds === 0 ? 'UTC' : offsetText(t.offsetSeconds, false).slice(0, 3));

/** Layout elements of Go's time.Format, longest first where one is a prefix of another. */
const LAYOUT_ELEMENTS: readonly [string, (t: GoTime, f: TimeFields) => string][] = [
  ['January', (_, f) => MONTHS[f.month - 1]],
  ['Jan', (_, f) => MONTHS[f.month - 1].slice(0, 3)],
  ['Monday', (_, f) => WEEKDAYS[f.weekday]],
  ['Mon', (_, f) => WEEKDAYS[f.weekday].slice(0, 3)],
  ['MST', (t) => zoneName(t)],
  ['2006', (_, f) => pad(f.year, 4)],
  ['-07:00:00', (t) => offsetText(t.offsetSeconds, true, true)],
  ['-070000', (t) => offsetText(t.offsetSeconds, false, true)],
  ['-07:00', (t) => offsetText(t.offsetSeconds, true)],
  ['-0700', (t) => offsetText(t.offsetSeconds, false)],
  ['-07', (t) => offsetText(t.offsetSeconds, false).slice(0, 3)],
  ['Z07:00:00', (t) => (t.offsetSeconds === 0 ? 'Z' : offsetText(t.offsetSeconds, true, true))],
  ['Z070000', (t) => (t.offsetSeconds === 0 ? 'Z' : offsetText(t.offsetSeconds, false, true))],
  ['Z07:00', (t) => (t.offsetSeconds === 0 ? 'Z' : offsetText(t.offsetSeconds, true))],
  ['Z0700', (t) => (t.offsetSeconds === 0 ? 'Z' : offsetText(t.offsetSeconds, false))],
  ['Z07', (t) => (t.offsetSeconds === 0 ? 'Z' : offsetText(t.offsetSeconds, false).slice(0, 3))],
  ['002', (_, f) => pad(f.yearDay, 3)],
  ['__2', (_, f) => String(f.yearDay).padStart(3, ' ')],
  ['_2', (_, f) => String(f.day).padStart(2, ' ')],
  ['01', (_, f) => pad(f.month, 2)],
  ['02', (_, f) => pad(f.day, 2)],
  ['03', (_, f) => pad(f.hour % 12 || 12, 2)],
  ['04', (_, f) => pad(f.minute, 2)],
  ['05', (_, f) => pad(f.second, 2)],
  ['06', (_, f) => pad(f.year % 100, 2)],
  ['15', (_, f) => pad(f.hour, 2)],
  ['PM', (_, f) => (f.hour >= 12 ? 'PM' : 'AM')],
  ['pm', (_, f) => (f.hour >= 12 ? 'pm' : 'am')],
  ['1', (_, f) => String(f.month)],
  ['2', (_, f) => String(f.day)],
  ['3', (_, f) => String(f.hour % 12 || 12)],
  ['4', (_, f) => String(f.minute)],
  ['5', (_, f) => String(f.second)],
];

/** Go's Time.Format with a reference-time layout (what legacy_isotime takes). */
export function formatLayout(t: GoTime, layout: string): string {
  const f = fields(t);
  let out = '';
  for (let i = 0; i < layout.length; ) {
    // Fractional seconds: ".000"/",000" keep trailing zeros, ".999" trims them; only after a seconds element in Go,
    // but a bare run is what people write in practice.
    const frac = /^[.,](0+|9+)(?![0-9])/.exec(layout.slice(i));
    if (frac) {
      const digits = String(t.nanos).padStart(9, '0').slice(0, frac[1].length);
      out += frac[1][0] === '0' ? layout[i] + digits : digits.replace(/0+$/, '') ? layout[i] + digits.replace(/0+$/, '') : '';
      i += frac[0].length;
      continue;
    }
    const el = LAYOUT_ELEMENTS.find(([name]) => layout.startsWith(name, i));
    if (el) {
      out += el[1](t, f);
      i += el[0].length;
    } else {
      out += layout[i];
      i++;
    }
  }
  return out;
}

/** jehiah/go-strftime: a fixed set of directives mapped onto Go layouts; unknown ones are kept verbatim. */
const STRFTIME: Readonly<Record<string, string>> = {
  B: 'January',
  b: 'Jan',
  m: '01',
  A: 'Monday',
  a: 'Mon',
  d: '02',
  H: '15',
  I: '03',
  M: '04',
  S: '05',
  Y: '2006',
  y: '06',
  p: 'PM',
  Z: 'MST',
  z: '-0700',
  L: '.000',
};

export function strftime(t: GoTime, format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    const d = format[i + 1];
    i++;
    if (d === undefined) out += '%';
    else if (d === '%') out += '%';
    else if (STRFTIME[d] !== undefined) out += formatLayout(t, STRFTIME[d]);
    else out += '%' + d;
  }
  return out;
}
