// Numeric functions through the real parser and evaluator; expected outputs are packer console results
// (functions.md) or follow cty's source where noted.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { numericFunctions } from '../../../server/src/hcl/functions/numeric.js';
import { consoleOf, errorOf, hclOf, loadParser } from './expr.js';

before(loadParser);

const examples: [string, string][] = [
  ['abs(-12.4)', '12.4'],
  ['abs(3)', '3'],
  ['ceil(1.2)', '2'],
  ['ceil(-1.2)', '-1'],
  ['floor(-1.5)', '-2'],
  ['floor(1.9)', '1'],
  ['log(8, 2)', '3'],
  ['log(100, 10)', '2'],
  ['log(10, 3)', '2.095903274289385'],
  ['max(1, 5, 3)', '5'],
  ['max(-1.5, -2)', '-1.5'],
  ['min(4, 2)', '2'],
  ['min([3, 1, 2]...)', '1'],
  ['parseint("ff", 16)', '255'],
  ['parseint("-101", 2)', '-5'],
  ['parseint("FF", 16)', '255'],
  ['parseint("Zz", 62)', `${61 * 62 + 35}`],
  ['parseint("+7", 8)', '7'],
  ['parseint("123456789012345678901234567890", 10)', '1.2345678901234568e+29'],
  ['pow(2, 10)', '1024'],
  ['pow(2, -1)', '0.5'],
  ['pow(0, 0)', '1'],
  ['signum(-7)', '-1'],
  ['signum(0)', '0'],
  ['signum(12)', '1'],
  ['sum([1, 2, 3.5])', '6.5'],
  ['sum(["1", 2])', '3'],
  ['sum([0.1, 0.2])', '0.3'],
];

for (const [expr, want] of examples) {
  test(`numeric: ${expr} → ${want}`, () => assert.equal(consoleOf(numericFunctions, expr), want));
}

test('numeric: parseint keeps every digit of big integers', () => {
  assert.equal(hclOf(numericFunctions, 'parseint("123456789012345678901234567890", 10)'), '123456789012345678901234567890');
});

const failures: [string, string, string][] = [
  ['max()', 'Error in function call', 'Call to function "max" failed: must pass at least one number.'],
  ['parseint("zz", 10)', 'Invalid function argument', 'Invalid value for "number" parameter: cannot parse "zz" as a base 10 integer.'],
  ['parseint("", 10)', 'Invalid function argument', 'Invalid value for "number" parameter: cannot parse "" as a base 10 integer.'],
  ['parseint("0x1f", 16)', 'Invalid function argument', 'Invalid value for "number" parameter: cannot parse "0x1f" as a base 16 integer.'],
  ['parseint(1, 10)', 'Invalid function argument', 'Invalid value for "number" parameter: first argument must be a string, not number.'],
  ['parseint("1", 63)', 'Invalid function argument', 'Invalid value for "base" parameter: base must be a whole number between 2 and 62 inclusive.'],
  [
    'signum(1.5)',
    'Error in function call',
    'Call to function "signum" failed: value must be a whole number, between -9223372036854775808 and 9223372036854775807.',
  ],
  ['sum([])', 'Invalid function argument', 'Invalid value for "list" parameter: cannot sum an empty list.'],
  ['sum(["a"])', 'Invalid function argument', 'Invalid value for "list" parameter: argument must be list, set, or tuple of number values.'],
  ['sum([1, null])', 'Invalid function argument', 'Invalid value for "list" parameter: argument must be list, set, or tuple of number values.'],
  ['sum({a = 1})', 'Invalid function argument', 'Invalid value for "list" parameter: argument must be list, set, or tuple. Received object.'],
  ['sum("x")', 'Invalid function argument', 'Invalid value for "list" parameter: cannot sum noniterable.'],
  ['log(-1, 10)', 'Error in function call', 'Call to function "log" failed: the result is not a number (NaN).'],
  ['abs("x")', 'Invalid function argument', 'Invalid value for "num" parameter: a number is required.'],
];

for (const [expr, summary, detail] of failures) {
  test(`numeric: ${expr} fails`, () => assert.deepEqual(errorOf(numericFunctions, expr), { summary, detail }));
}
