import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datetimeFunctions } from '../../../server/src/hcl/functions/datetime.js';
import { numberVal, stringVal } from '../../../server/src/hcl/value.js';
import { call, callFails, plain } from './call.js';

const s = stringVal;
let clock = new Date('2024-03-05T07:08:09.250Z');
const f = datetimeFunctions({ now: () => clock });

test('timestamp reads the clock at each call, second precision', () => {
  assert.equal(plain(call(f.timestamp)), '2024-03-05T07:08:09Z');
  clock = new Date('2026-11-28T15:11:47Z');
  assert.equal(plain(call(f.timestamp)), '2026-11-28T15:11:47Z');
  clock = new Date('2024-03-05T07:08:09.250Z');
});

test('formatdate (functions.md examples)', () => {
  assert.equal(plain(call(f.formatdate, s('YYYY-MM-DD hh:mm:ss ZZZ'), s('2024-03-05T07:08:09Z'))), '2024-03-05 07:08:09 UTC');
  assert.equal(
    plain(call(f.formatdate, s('EEEE, DD-MMM-YY hh:mm:ss ZZZZZ'), s('2024-03-05T07:08:09+02:00'))),
    'Tuesday, 05-Mar-24 07:08:09 +02:00',
  );
  callFails(f.formatdate, [s('YYYY'), s('2024-03-05')], "not a valid RFC3339 timestamp: missing required time introducer 'T'", 1);
});

test('formatdate verbs, literals and errors', () => {
  const t = s('2018-01-04T23:12:01-08:00');
  assert.equal(plain(call(f.formatdate, s("h:mm AA 'o''clock' EEE"), t)), "23:12 PM o'clock Thu");
  assert.equal(plain(call(f.formatdate, s('H:m:s aa MMMM D M Z ZZZZ'), t)), '11:12:1 pm January 4 1 -08:00 -0800');
  assert.equal(plain(call(f.formatdate, s("''"), t)), "'");
  assert.equal(plain(call(f.formatdate, s('Z'), s('2018-01-04T23:12:01Z'))), 'Z');
  callFails(f.formatdate, [s('YYY'), t], 'invalid date format verb "YYY": year must either be "YY" or "YYYY"', 0);
  callFails(f.formatdate, [s('q'), t], 'invalid date format verb "q"', 0);
  callFails(f.formatdate, [s("'abc"), t], "unterminated literal '", 0);
  callFails(f.formatdate, [s('YYYY'), s('2024-02-30T00:00:00Z')], 'not a valid RFC3339 timestamp: day out of range', 1);
  callFails(f.formatdate, [s('YYYY'), s('2024-03-05T25:00:00Z')], 'not a valid RFC3339 timestamp: hour must be between 0 and 23 inclusive', 1);
  callFails(f.formatdate, [s('YYYY'), s('2024-03-05T07:08:09')], 'not a valid RFC3339 timestamp: end of string before UTC offset', 1);
  callFails(f.formatdate, [s('YYYY'), s('2024-03-05T07:08:09Zjunk')], 'not a valid RFC3339 timestamp: extra text: "junk"', 1);
});

test('timeadd (functions.md examples) and errors', () => {
  assert.equal(plain(call(f.timeadd, s('2024-01-01T00:00:00Z'), s('36h'))), '2024-01-02T12:00:00Z');
  assert.equal(plain(call(f.timeadd, s('2024-01-01T00:00:00Z'), s('-1h30m'))), '2023-12-31T22:30:00Z');
  assert.equal(plain(call(f.timeadd, s('2024-01-01T00:00:00+05:30'), s('1.5s'))), '2024-01-01T00:00:01+05:30');
  assert.equal(plain(call(f.timeadd, s('2024-01-01T00:00:00.9Z'), s('100ms'))), '2024-01-01T00:00:01Z');
  callFails(f.timeadd, [s('2024-01-01T00:00:00Z'), s('1')], 'time: missing unit in duration "1"');
  callFails(f.timeadd, [s('2024-01-01T00:00:00Z'), s('1y')], 'time: unknown unit "y" in duration "1y"');
  callFails(f.timeadd, [s('2024-01-01T00:00:00Z'), s('')], 'time: invalid duration ""');
});

test('legacy_isotime and legacy_strftime use the fixed start time', () => {
  const start = datetimeFunctions({ now: () => new Date('2024-03-05T17:08:09.123Z') });
  assert.equal(plain(call(start.legacy_isotime, s('2006-01-02'))), '2024-03-05');
  assert.equal(plain(call(start.legacy_isotime)), '2024-03-05T17:08:09Z');
  assert.equal(plain(call(start.legacy_isotime, s('Mon Jan _2 3:04PM MST 2006 .000'))), 'Tue Mar  5 5:08PM UTC 2024 .123');
  assert.equal(plain(call(start.legacy_strftime, s('%Y-%m-%d'))), '2024-03-05');
  assert.equal(plain(call(start.legacy_strftime, s('%H:%M:%S %p %A %b %q %%'))), '17:08:09 PM Tuesday Mar %q %');
  callFails(start.legacy_isotime, [s('a'), s('b')], /^too many values, 1 needed/);
});

test('rfc3339_parse', () => {
  assert.deepEqual(plain(call(f.rfc3339_parse, s('2023-07-25T23:43:16Z'))), {
    year: 2023, year_day: 206, day: 25, month: 7, month_name: 'July', weekday: 2, weekday_name: 'Tuesday',
    hour: 23, minute: 43, second: 16, unix: 1690328596, iso_year: 2023, iso_week: 30,
  });
  const spaced = plain(call(f.rfc3339_parse, s('2023-07-25 23:43:16.5+02:00'))) as Record<string, unknown>;
  assert.equal(spaced.unix, 1690321396);
  assert.equal(spaced.hour, 23);
  const newYear = plain(call(f.rfc3339_parse, s('2021-01-01T00:00:00Z'))) as Record<string, unknown>;
  assert.deepEqual([newYear.iso_year, newYear.iso_week, newYear.weekday_name], [2020, 53, 'Friday']);
  callFails(f.rfc3339_parse, [s('2023-07-25')], '"2023-07-25" is not a valid RFC3339 timestamp', 0);
});

test('unix_timestamp_parse', () => {
  const r = plain(call(f.unix_timestamp_parse, numberVal(1690328596))) as Record<string, unknown>;
  assert.equal(r.rfc3339, '2023-07-25T23:43:16Z');
  assert.equal(r.year_day, 206);
  assert.equal('unix' in r, false);
  assert.equal((plain(call(f.unix_timestamp_parse, numberVal(-1))) as Record<string, unknown>).rfc3339, '1969-12-31T23:59:59Z');
  callFails(f.unix_timestamp_parse, [numberVal(1.5)], /^unix_timestamp must be a whole number of seconds/, 0);
});
