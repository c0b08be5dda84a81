/** JSON syntax errors in HCL-JSON files carry HCL's wording and subject (hashicorp/hcl json/parser.go). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHclJson } from '../../server/src/hcl/json/body.js';

/** [input, summary, detail, "line:column-endColumn" of the subject (1-based)] */
const CASES: readonly (readonly [string, string, string, string])[] = [
  ['{\n  "a": 1,\n}', 'Trailing comma in object', 'JSON does not permit a trailing comma after the final property in an object.', '2:9-10'],
  ['{"a" = 1}', 'Missing property value colon', 'JSON uses a colon as its name/value delimiter, not an equals sign.', '1:6-7'],
  ['{"a" 1}', 'Missing property value colon', "A colon must appear between an object property's name and its value.", '1:6-7'],
  ['{"a": 1 "b": 2}', 'Missing attribute seperator comma', 'A comma must appear between each property definition in an object.', '1:9-10'],
  ['{"a": [1, 2}', 'Mismatched brackets', 'A JSON array must be closed with a bracket, not a brace.', '1:12-13'],
  ['{"a": 1]', 'Mismatched braces', 'A JSON object must be closed with a brace, not a bracket.', '1:8-9'],
  ['{"a": [1, 2,]}', 'Trailing comma in array', 'JSON does not permit a trailing comma after the final value in an array.', '1:12-13'],
  ['{"a": [1 : 2]}', 'Invalid array value', 'A colon is not used to introduce values in a JSON array.', '1:10-11'],
  ['{"a": [1 2]}', 'Missing attribute seperator comma', 'A comma must appear between each value in an array.', '1:10-11'],
  ['{"a": tru}', 'Invalid JSON keyword', '"tru" is not a valid JSON keyword. Did you mean "true"?', '1:7-10'],
  ['{"a": undefined}', 'Invalid JSON keyword', 'The JavaScript identifier "undefined" cannot be used in JSON.', '1:7-16'],
  ['{"a": yes}', 'Invalid JSON keyword', '"yes" is not a valid JSON keyword.', '1:7-10'],
  ['{"a": "x\\q"}', 'Invalid JSON string', 'There is a syntax error in the given JSON string.', '1:10-11'],
  ['{"a": -}', 'Invalid JSON number', 'There is a syntax error in the given JSON number.', '1:8-9'],
  ['{"a": 1', 'Unclosed object', 'No closing brace was found for this JSON object.', '1:1-2'],
  ['{"a": [1', 'Unclosed object', 'No closing bracket was found for this JSON array.', '1:7-8'],
  ['{"a":', 'Missing value', 'The JSON data ends prematurely.', '1:6-6'],
  ['', 'Missing value', 'The JSON data ends prematurely.', '1:1-1'],
  ['{"a": }', 'Missing JSON value', 'A JSON value must start with a brace, a bracket, a number, a string, or a keyword.', '1:7-8'],
  ['{"a": [1, ]}', 'Trailing comma in array', 'JSON does not permit a trailing comma after the final value in an array.', '1:9-10'],
  ['{a: 1}', 'Invalid object property name', 'A JSON object property name must be a string', '1:2-3'],
  ['{} x', 'Extraneous data after value', 'Extra characters appear after the JSON value.', '1:4-5'],
];

test('JSON syntax errors: HCL summary, detail and subject', () => {
  for (const [input, summary, detail, at] of CASES) {
    const { diagnostics } = parseHclJson(input, 'f.pkr.json');
    assert.equal(diagnostics.length, 1, input);
    const d = diagnostics[0]!;
    const r = d.range!;
    assert.deepEqual([d.summary, d.detail, `${r.start.line + 1}:${r.start.character + 1}-${r.end.character + 1}`], [summary, detail, at], input);
    assert.equal(d.severity, 'error');
  }
});

test('legacy JSON templates keep encoding/json wording (they are not read through HCL-JSON)', async () => {
  const { legacyParseErrorMessage } = await import('../../server/src/packer/legacy-json/detect.js');
  assert.match(legacyParseErrorMessage('x', '{\n  "a": 1,\n}'), /Error parsing JSON: invalid character '}' looking for beginning of object key string/);
});
