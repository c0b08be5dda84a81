/** Date and time functions (cty stdlib formatdate/timeadd and Packer's own timestamp, legacy_* and *_parse). */
import { FunctionError, type HclFunction } from '../function.js';
import { Decimal, NUMBER, STRING, Value, numberVal, objectOf, stringVal, type Type } from '../value.js';
import {
  addNanos,
  fields,
  formatLayout,
  formatRfc3339,
  fromDate,
  isoWeek,
  MONTHS,
  parseDuration,
  parseRfc3339,
  parseRfc3339Lenient,
  strftime,
  WEEKDAYS,
  type GoTime,
} from './go-time.js';
import { impureFunctions, pureFunctions } from './support.js';

export interface DatetimeOptions {
  /** The clock; tests pin it. Defaults to the system clock. */
  readonly now?: () => Date;
}

const str = (v: Value): string => v.raw as string;

function parseTimestampArg(v: Value, argIndex?: number): GoTime {
  try {
    return parseRfc3339(str(v));
  } catch (e) {
    throw new FunctionError((e as Error).message, argIndex);
  }
}

/** formatdate's format string: runs of one letter are verbs, '…' is literal text ('' a quote). */
function tokenizeDateFormat(format: string): string[] {
  const tokens: string[] = [];
  const isLetter = (c: string | undefined): boolean => c !== undefined && /[A-Za-z]/.test(c);
  for (let i = 0; i < format.length; ) {
    let j = i + 1;
    if (format[i] === "'") {
      if (format[j] === "'") {
        j++;
      } else {
        while (j < format.length && !(format[j] === "'" && format[j + 1] !== "'")) j += format[j] === "'" ? 2 : 1;
        j = Math.min(j + 1, format.length);
      }
    } else if (isLetter(format[i])) {
      while (format[j] === format[i]) j++;
    } else {
      while (j < format.length && format[j] !== "'" && !isLetter(format[j])) j++;
    }
    tokens.push(format.slice(i, j));
    i = j;
  }
  return tokens;
}

function formatDate(format: string, t: GoTime): string {
  const f = fields(t);
  const two = (n: number): string => String(n).padStart(2, '0');
  const offset = (colon: boolean): string => {
    const abs = Math.abs(t.offsetSeconds);
    const sign = t.offsetSeconds < 0 ? '-' : '+';
    return `${sign}${two(Math.floor(abs / 3600))}${colon ? ':' : ''}${two(Math.floor(abs / 60) % 60)}`;
  };
  const bad = (tok: string, why?: string): never => {
    throw new FunctionError(`invalid date format verb ${JSON.stringify(tok)}${why ? `: ${why}` : ''}`, 0);
  };
  let out = '';
  for (const tok of tokenizeDateFormat(format)) {
    const n = tok.length;
    if (tok[0] === "'") {
      if (n === 1 || tok[n - 1] !== "'") throw new FunctionError("unterminated literal '", 0);
      out += n === 2 ? "'" : tok.slice(1, -1).replace(/''/g, "'");
      continue;
    }
    if (!/[A-Za-z]/.test(tok[0])) {
      out += tok;
      continue;
    }
    const hour12 = f.hour % 12 || 12;
    switch (tok[0]) {
      case 'Y':
        if (n === 2) out += two(f.year % 100);
        else if (n === 4) out += String(f.year).padStart(4, '0');
        else bad(tok, 'year must either be "YY" or "YYYY"');
        break;
      case 'M':
        if (n > 4) bad(tok, 'month must be "M", "MM", "MMM", or "MMMM"');
        out += [String(f.month), two(f.month), MONTHS[f.month - 1].slice(0, 3), MONTHS[f.month - 1]][n - 1];
        break;
      case 'D':
        if (n > 2) bad(tok, 'day of month must either be "D" or "DD"');
        out += n === 1 ? String(f.day) : two(f.day);
        break;
      case 'E':
        if (n !== 3 && n !== 4) bad(tok, 'day of week must either be "EEE" or "EEEE"');
        out += n === 3 ? WEEKDAYS[f.weekday].slice(0, 3) : WEEKDAYS[f.weekday];
        break;
      case 'h':
        if (n > 2) bad(tok, '24-hour must either be "h" or "hh"');
        out += n === 1 ? String(f.hour) : two(f.hour);
        break;
      case 'H':
        if (n > 2) bad(tok, '12-hour must either be "H" or "HH"');
        out += n === 1 ? String(hour12) : two(hour12);
        break;
      case 'A':
      case 'a':
        if (n !== 2) bad(tok, `must be "${tok[0]}${tok[0]}"`);
        out += tok[0] === 'A' ? (f.hour < 12 ? 'AM' : 'PM') : f.hour < 12 ? 'am' : 'pm';
        break;
      case 'm':
        if (n > 2) bad(tok, 'minute must either be "m" or "mm"');
        out += n === 1 ? String(f.minute) : two(f.minute);
        break;
      case 's':
        if (n > 2) bad(tok, 'second must either be "s" or "ss"');
        out += n === 1 ? String(f.second) : two(f.second);
        break;
      case 'Z':
        if (n === 1) out += t.offsetSeconds === 0 ? 'Z' : offset(true);
        else if (n === 3) out += t.offsetSeconds === 0 ? 'UTC' : offset(false);
        else if (n === 4) out += offset(false);
        else if (n === 5) out += offset(true);
        else bad(tok, 'timezone must be Z, ZZZZ, or ZZZZZ');
        break;
      default:
        bad(tok);
    }
  }
  return out;
}

const PARTS_COMMON: Readonly<Record<string, Type>> = {
  year: NUMBER,
  year_day: NUMBER,
  day: NUMBER,
  month: NUMBER,
  month_name: STRING,
  weekday: NUMBER,
  weekday_name: STRING,
  hour: NUMBER,
  minute: NUMBER,
  second: NUMBER,
  iso_year: NUMBER,
  iso_week: NUMBER,
};
const RFC3339_PARSE_TYPE = objectOf(new Map(Object.entries({ ...PARTS_COMMON, unix: NUMBER }).sort(([a], [b]) => (a < b ? -1 : 1))));
const UNIX_PARSE_TYPE = objectOf(new Map(Object.entries({ ...PARTS_COMMON, rfc3339: STRING }).sort(([a], [b]) => (a < b ? -1 : 1))));

function timeParts(t: GoTime, type: Type, extra: Readonly<Record<string, Value>>): Value {
  const f = fields(t);
  const iso = isoWeek(t);
  const attrs: Record<string, Value> = {
    year: numberVal(f.year),
    year_day: numberVal(f.yearDay),
    day: numberVal(f.day),
    month: numberVal(f.month),
    month_name: stringVal(MONTHS[f.month - 1]),
    weekday: numberVal(f.weekday),
    weekday_name: stringVal(WEEKDAYS[f.weekday]),
    hour: numberVal(f.hour),
    minute: numberVal(f.minute),
    second: numberVal(f.second),
    iso_year: numberVal(iso.year),
    iso_week: numberVal(iso.week),
    ...extra,
  };
  return new Value(type, new Map(Object.entries(attrs).sort(([a], [b]) => (a < b ? -1 : 1))));
}

const INT64_MAX = new Decimal('9223372036854775807');
/** Date can represent ±8.64e15 ms; beyond that Go would print years we cannot compute, so refuse clearly. */
const MAX_DATE_SECONDS = 8.64e12;

export function datetimeFunctions(opts: DatetimeOptions = {}): Readonly<Record<string, HclFunction>> {
  const now = opts.now ?? (() => new Date());
  // Packer fixes the legacy_* time once per run, when its function table is created.
  const start = fromDate(now());

  const legacy = (description: string, render: (format: string) => string): HclFunction => ({
    description,
    params: [],
    varParam: { name: 'format', type: STRING },
    returnType: () => STRING,
    impl: (args) => {
      if (args.length > 1) {
        throw new FunctionError(`too many values, 1 needed: [${args.map((a) => JSON.stringify(str(a))).join(' ')}]`);
      }
      return stringVal(args.length === 0 ? formatRfc3339(start) : render(str(args[0])));
    },
  });

  return {
    // The clock: now, or the time this table was made.
    ...impureFunctions({
      timestamp: {
        description: 'Returns a string representation of the current date and time.',
        params: [],
        returnType: () => STRING,
        impl: () => stringVal(formatRfc3339(fromDate(now()))),
      },
      legacy_isotime: legacy(
        'Returns the time Packer started, formatted with a Go reference-time layout.',
        (format) => formatLayout(start, format),
      ),
      legacy_strftime: legacy(
        'Returns the time Packer started, formatted with C strftime directives.',
        (format) => strftime(start, format),
      ),
    }),
    ...pureFunctions({
      formatdate: {
        description: 'Formats a timestamp given in RFC 3339 syntax into another timestamp in some other machine-oriented time syntax, as described in the format string.',
        params: [
          { name: 'format', type: STRING },
          { name: 'time', type: STRING },
        ],
        returnType: () => STRING,
        impl: ([format, time]) => stringVal(formatDate(str(format), parseTimestampArg(time, 1))),
      },
      timeadd: {
        description: 'Adds the duration represented by the given duration string to the given RFC 3339 timestamp string, returning another RFC 3339 timestamp.',
        params: [
          { name: 'timestamp', type: STRING },
          { name: 'duration', type: STRING },
        ],
        returnType: () => STRING,
        impl: ([timestamp, duration]) => {
          const t = parseTimestampArg(timestamp);
          let nanos: bigint;
          try {
            nanos = parseDuration(str(duration));
          } catch (e) {
            throw new FunctionError((e as Error).message);
          }
          return stringVal(formatRfc3339(addNanos(t, nanos)));
        },
      },
      rfc3339_parse: {
        description: 'Parses an RFC 3339 timestamp string and returns an object representation of that date and time.',
        params: [{ name: 'timestamp', type: STRING }],
        returnType: () => RFC3339_PARSE_TYPE,
        impl: ([timestamp]) => {
          const t = parseRfc3339Lenient(str(timestamp));
          if (!t) throw new FunctionError(`${JSON.stringify(str(timestamp))} is not a valid RFC3339 timestamp`, 0);
          return timeParts(t, RFC3339_PARSE_TYPE, { unix: numberVal(t.unix) });
        },
      },
      unix_timestamp_parse: {
        description: 'Parses a Unix timestamp (seconds since 1970-01-01 UTC) and returns an object representation of that date and time.',
        params: [{ name: 'unix_timestamp', type: NUMBER }],
        returnType: () => UNIX_PARSE_TYPE,
        impl: ([ts]) => {
          const n = ts.raw as Decimal;
          if (!n.isInteger() || n.abs().gt(INT64_MAX)) {
            throw new FunctionError(
              'unix_timestamp must be a whole number of seconds representable as a 64-bit integer: value must be a whole number, between -9223372036854775808 and 9223372036854775807',
              0,
            );
          }
          if (n.abs().gt(MAX_DATE_SECONDS)) throw new FunctionError('unix_timestamp is outside the supported date range', 0);
          const t: GoTime = { unix: n.toNumber(), nanos: 0, offsetSeconds: 0 };
          return timeParts(t, UNIX_PARSE_TYPE, { rfc3339: stringVal(formatRfc3339(t)) });
        },
      },
    }),
  };
}
