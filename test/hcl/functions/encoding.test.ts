import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { encodingFunctions as f } from '../../../server/src/hcl/functions/encoding.js';
import {
  DYNAMIC, NUMBER, STRING, TRUE, Value, listOf, mapOf, nullVal, numberVal, objectOf, setOf, stringVal, tupleOf, unknownVal,
} from '../../../server/src/hcl/value.js';
import { call, callFails, plain } from './call.js';

const s = stringVal;
const obj = (attrs: Record<string, Value>): Value =>
  new Value(objectOf(Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, v.type]))), new Map(Object.entries(attrs).sort()));
const tup = (...items: Value[]): Value => new Value(tupleOf(items.map((v) => v.type)), items);

test('base64encode/base64decode', () => {
  assert.equal(plain(call(f.base64encode, s('Hello'))), 'SGVsbG8=');
  assert.equal(plain(call(f.base64decode, s('SGVsbG8='))), 'Hello');
  assert.equal(plain(call(f.base64decode, s('SGVs\nbG8='))), 'Hello', 'line breaks are ignored');
  callFails(f.base64decode, [s('SGVsbG8')], "failed to decode base64 data 'SGVsbG8'");
  callFails(f.base64decode, [s('/w==')], 'the result of decoding the the provided string is not valid UTF-8');
});

test('base64gzip round-trips and carries a gzip header', () => {
  const out = plain(call(f.base64gzip, s('hi'))) as string;
  assert.ok(out.startsWith('H4sI'));
  assert.equal(gunzipSync(Buffer.from(out, 'base64')).toString(), 'hi');
});

test('urlencode is Go QueryEscape', () => {
  assert.equal(plain(call(f.urlencode, s('a b&c'))), 'a+b%26c');
  assert.equal(plain(call(f.urlencode, s('~a-b_c.d/e'))), '~a-b_c.d%2Fe');
  assert.equal(plain(call(f.urlencode, s('é'))), '%C3%A9');
});

test('csvdecode', () => {
  const r = call(f.csvdecode, s('a,b\n1,2\n3,4'));
  assert.deepEqual(plain(r), [{ a: '1', b: '2' }, { a: '3', b: '4' }]);
  assert.equal(r.type.kind, 'list');
  assert.deepEqual(plain(call(f.csvdecode, s('a,b\n'))), []);
  assert.deepEqual(plain(call(f.csvdecode, s('x,y\r\n"q,""r""",\r\n\r\n"multi\nline",z\r\n'))), [
    { x: 'q,"r"', y: '' },
    { x: 'multi\nline', y: 'z' },
  ]);
  callFails(f.csvdecode, [s('')], 'missing header line');
  callFails(f.csvdecode, [s('a,a\n1,2')], 'duplicate column name "a"');
  callFails(f.csvdecode, [s('a,b\n1,2\n3')], 'CSV parse error on line 3: wrong number of fields');
  callFails(f.csvdecode, [s('a,b\n1,x"y')], 'CSV parse error on line 2: bare " in non-quoted-field');
  callFails(f.csvdecode, [s('a,b\n"1"x,2')], 'CSV parse error on line 2: extraneous or missing " in quoted-field');
});

test('jsondecode infers object/tuple types and keeps numbers exact', () => {
  const v = call(f.jsondecode, s('{"a":[1,true]}'));
  assert.deepEqual(plain(v), { a: [1, true] });
  assert.equal(v.type.kind, 'object');
  const a = (v.raw as ReadonlyMap<string, Value>).get('a')!;
  assert.equal(a.type.kind, 'tuple');
  assert.equal((call(f.jsondecode, s('12345678901234567890.5')).raw as { toFixed(): string }).toFixed(), '12345678901234567890.5');
  assert.equal(call(f.jsondecode, s('null')).isNull, true);
  assert.equal(plain(call(f.jsondecode, s('"\\u00e9\\ud83d\\ude00"'))), 'é😀');
  assert.deepEqual(plain(call(f.jsondecode, s('{"a":1,"a":2}'))), { a: 2 });
  callFails(f.jsondecode, [s('{"a":1,"a":"x"}')], 'duplicate "a" property in JSON object');
  callFails(f.jsondecode, [s('')], 'EOF');
  callFails(f.jsondecode, [s('{')], 'unexpected EOF');
  callFails(f.jsondecode, [s('x')], "invalid character 'x' looking for beginning of value");
  callFails(f.jsondecode, [s('{} {}')], 'extraneous data after JSON object');
  callFails(f.jsondecode, [s('[1,]')], "invalid character ']' looking for beginning of value");
});

test('jsonencode (functions.md example) and Go escaping', () => {
  const v = obj({ a: tup(numberVal(1), s('x')), b: nullVal(DYNAMIC) });
  assert.equal(plain(call(f.jsonencode, v)), '{"a":[1,"x"],"b":null}');
  assert.equal(plain(call(f.jsonencode, s('<a href="x">&\u2028\t'))), '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u2028\\t"');
  assert.equal(plain(call(f.jsonencode, numberVal('1e21'))), '1000000000000000000000');
  assert.equal(plain(call(f.jsonencode, numberVal('0.5'))), '0.5');
  assert.equal(plain(call(f.jsonencode, nullVal(STRING))), 'null');
  assert.equal(call(f.jsonencode, tup(unknownVal(STRING))).isKnown, false);
  const set = new Value(setOf(STRING), [s('a'), s('b')]);
  assert.equal(plain(call(f.jsonencode, set)), '["a","b"]');
});

test('yamlencode (functions.md example and go-cty-yaml fixtures)', () => {
  const list12 = new Value(listOf(NUMBER), [numberVal(1), numberVal(2)]);
  assert.equal(plain(call(f.yamlencode, obj({ a: list12 }))), '"a":\n- 1\n- 2\n');
  assert.equal(plain(call(f.yamlencode, TRUE)), 'true\n...\n');
  assert.equal(plain(call(f.yamlencode, s(''))), '""\n');
  assert.equal(plain(call(f.yamlencode, s('hello'))), '"hello"\n');
  assert.equal(plain(call(f.yamlencode, s('hello\nworld'))), '|-\n  hello\n  world\n');
  assert.equal(plain(call(f.yamlencode, numberVal(0))), '0\n...\n');
  assert.equal(plain(call(f.yamlencode, obj({}))), '{}\n');
  assert.equal(plain(call(f.yamlencode, tup())), '[]\n');
  assert.equal(plain(call(f.yamlencode, new Value(mapOf(STRING), new Map([['a', s('b')]])))), '"a": "b"\n');
  assert.equal(plain(call(f.yamlencode, tup(s('b')))), '- "b"\n');
  assert.equal(plain(call(f.yamlencode, nullVal(STRING))), 'null\n...\n');
});

test('yamlencode nesting, block scalars and quoting', () => {
  const v = obj({
    list: tup(obj({ x: numberVal(1), y: tup() }), tup(s('n'))),
    nested: obj({ deep: obj({ k: s('v') }), empty: obj({}) }),
    text: s('line1\nline2\n'),
    keep: s('a\n\n'),
    tab: s('a\tb'),
    emoji: s('😀'),
  });
  assert.equal(
    plain(call(f.yamlencode, v)),
    [
      '"emoji": "\\U0001F600"',
      '"keep": |+',
      '  a',
      '',
      '"list":',
      '- "x": 1',
      '  "y": []',
      '- - "n"',
      '"nested":',
      '  "deep":',
      '    "k": "v"',
      '  "empty": {}',
      '"tab": "a\\tb"',
      '"text": |',
      '  line1',
      '  line2',
      '',
    ].join('\n'),
  );
  assert.equal(plain(call(f.yamlencode, s(' lead\nx'))), '|2-\n   lead\n  x\n');
  assert.equal(plain(call(f.yamlencode, s('trail \nx'))), '"trail \\nx"\n');
});

test('yamlencode folds long double-quoted strings at 80 columns like libyaml', () => {
  const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
  const out = plain(call(f.yamlencode, obj({ k: s(words) }))) as string;
  const lines = out.split('\n');
  assert.ok(lines.length > 2, out);
  assert.ok(lines[1].startsWith('  word'), 'continuation lines are indented');
  assert.ok(lines[0].length > 80 && lines[0].lastIndexOf(' ') <= 80, 'breaks at the first space past column 80');
});

test('yamldecode (functions.md example) and go-cty-yaml resolution', () => {
  assert.deepEqual(plain(call(f.yamldecode, s('a: [1, 2]'))), { a: [1, 2] });
  const cases: [string, unknown][] = [
    ['~', null],
    ['---', null],
    ['---\ntrue', true],
    ['"True"', 'True'],
    ["'NULL'", 'NULL'],
    ['|\n  hello\n  world', 'hello\nworld'],
    ['|\n  hello\n  world\n', 'hello\nworld\n'],
    ['>\n  hello\n  world', 'hello world'],
    ['+', '+'],
    ['<<', '<<'],
    ['!!str true', 'true'],
    ['!<tag:yaml.org,2002:str> true', 'true'],
    ['yes', true],
    ['Off', false],
    ['0x1F', 31],
    ['0o17', 15],
    ['0755', 755],
    ['1_000', '1_000'],
    ['!!int 1_000', 1000],
    ['.5', 0.5],
    ['-1.5e3', -1500],
    ['2001-12-14', '2001-12-14T00:00:00Z'],
    ['2001-12-14t21:59:43.10-05:00', '2001-12-14T21:59:43-05:00'],
    ['"2001-12-14"', '2001-12-14'],
  ];
  for (const [src, want] of cases) assert.deepEqual(plain(call(f.yamldecode, s(src))), want, src);
  assert.equal((call(f.yamldecode, s('.inf')).raw as { isFinite(): boolean }).isFinite(), false);
});

test('yamldecode aliases, merge keys and errors', () => {
  assert.deepEqual(plain(call(f.yamldecode, s('p: &a {b: 1}\nq: *a\nr:\n  <<: *a\n  c: 2'))), {
    p: { b: 1 },
    q: { b: 1 },
    r: { b: 1, c: 2 },
  });
  assert.deepEqual(plain(call(f.yamldecode, s('y: 1'))), { true: 1 }, 'YAML 1.1: a bare y is a boolean, even as a key');
  assert.deepEqual(plain(call(f.yamldecode, s('1: a\ntrue: b'))), { '1': 'a', true: 'b' });
  callFails(f.yamldecode, [s('---\ntrue\n---\nfalse')], 'on line 2, column 1: unexpected extra content after value');
  callFails(f.yamldecode, [s('.nan')], 'floating point NaN is not supported');
  callFails(f.yamldecode, [s('a: b\nc: !!bool maybe')], /^on line 1, column \d+: cannot parse "maybe" as tag:yaml.org,2002:bool$/);
  callFails(f.yamldecode, [s('!!foo x')], 'unsupported tag "tag:yaml.org,2002:foo"');
  callFails(f.yamldecode, [s('~: 1')], 'mapping key cannot be null');
  callFails(f.yamldecode, [s('"unterminated')], /^on line 1, column \d+: /);
});

test('textencodebase64 / textdecodebase64', () => {
  assert.equal(plain(call(f.textencodebase64, s('Hello'), s('UTF-16LE'))), 'SABlAGwAbABvAA==');
  assert.equal(plain(call(f.textdecodebase64, s('SABlAGwAbABvAA=='), s('UTF-16LE'))), 'Hello');
  assert.equal(plain(call(f.textencodebase64, s('é'), s('latin1'))), '6Q==');
  assert.equal(plain(call(f.textencodebase64, s('€'), s('windows-1252'))), 'gA==');
  assert.equal(plain(call(f.textdecodebase64, s('gA=='), s('windows-1252'))), '€');
  assert.equal(plain(call(f.textencodebase64, s('A'), s(' UTF-16 '))), '/v8AQQ==', 'UTF-16 writes a big-endian BOM');
  callFails(f.textencodebase64, [s('x'), s('klingon')], '"klingon" is not a supported IANA encoding name or alias', 1);
  callFails(f.textencodebase64, [s('☃'), s('US-ASCII')], 'the given string contains characters that cannot be represented in US-ASCII', 0);
  callFails(f.textdecodebase64, [s('gA=='), s('US-ASCII')], 'the given string contains symbols that are not defined for US-ASCII', 0);
  callFails(f.textdecodebase64, [s('@@@@'), s('UTF-8')], 'the given value is has an invalid base64 symbol at offset 0', 0);
});

test('decoders report their type before running, like cty Type functions', () => {
  assert.equal(f.jsondecode.returnType([unknownVal(STRING)]).kind, 'dynamic');
  assert.equal(f.yamldecode.returnType([s('a: 1')]).kind, 'object');
  assert.throws(() => f.csvdecode.returnType([s('')]), /missing header line/);
});
