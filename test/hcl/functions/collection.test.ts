// Collection functions through the real parser and evaluator; expected values are packer console outputs from
// functions.md, rendered as HCL so that element types show.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectionFunctions } from '../../../server/src/hcl/functions/collection.js';
import { evalExpr, errorOf, hclOf, loadParser } from './expr.js';

before(loadParser);

const examples: [string, string][] = [
  ['alltrue([true, false])', 'false'],
  ['alltrue([])', 'true'],
  ['alltrue(["true", true])', 'true'],
  ['anytrue([false, true])', 'true'],
  ['anytrue([])', 'false'],
  ['chunklist(["a", "b", "c"], 2)', '[["a", "b"], ["c"]]'],
  ['chunklist(["a", "b"], 0)', '[["a", "b"]]'],
  ['chunklist([], 3)', '[]'],
  ['coalesce("", "b", "c")', '"b"'],
  ['coalesce(null, 2)', '2'],
  ['coalesce(1, "x")', '"1"'],
  ['coalescelist([], ["x"])', '["x"]'],
  ['compact(["a", "", "b", null])', '["a", "b"]'],
  ['concat(["a"], ["b", "c"])', '["a", "b", "c"]'],
  ['concat([1], ["b"])', '[1, "b"]'],
  ['contains(["a", "b"], "b")', 'true'],
  ['contains([1, 2], "1")', 'false'],
  ['contains([], 1)', 'false'],
  ['distinct(["a", "b", "a"])', '["a", "b"]'],
  ['distinct([1, "1"])', '["1"]'],
  ['element(["a", "b", "c"], 4)', '"b"'],
  ['element(["a", 1], 1)', '1'],
  ['flatten([["a"], [], ["b", ["c"]]])', '["a", "b", "c"]'],
  ['flatten([])', '[]'],
  ['flatten([1, [null]])', '[1, null]'],
  ['index(["a", "b", "c"], "b")', '1'],
  ['keys({b = 1, a = 2})', '["a", "b"]'],
  ['keys({})', '[]'],
  ['length({a = 1})', '1'],
  ['length("héllo")', '5'],
  ['length("👍🏽x")', '2'],
  ['length([1, 2, 3])', '3'],
  ['lookup({a = "x"}, "b", "def")', '"def"'],
  ['lookup({a = "x"}, "a", "def")', '"x"'],
  ['merge({a = 1}, {b = 2}, {a = 3})', '{ a = 3, b = 2 }'],
  ['merge()', '{}'],
  ['merge({a = 1}, null)', '{ a = 1 }'],
  ['range(3)', '[0, 1, 2]'],
  ['range(1, 10, 3)', '[1, 4, 7]'],
  ['range(5, 1)', '[5, 4, 3, 2]'],
  ['range(-3)', '[0, -1, -2]'],
  ['range(0, 1, 0.25)', '[0, 0.25, 0.5, 0.75]'],
  ['range(1, 1)', '[]'],
  ['reverse([1, 2, 3])', '[3, 2, 1]'],
  ['reverse([1, "a"])', '["a", 1]'],
  ['setintersection(["a", "b"], ["b", "c"])', '["b"]'],
  ['setproduct(["a", "b"], [1, 2])', '[["a", 1], ["a", 2], ["b", 1], ["b", 2]]'],
  ['setproduct(["a"], [])', '[]'],
  ['setunion(["a"], ["b", "a"])', '["a", "b"]'],
  ['setunion([1], ["b"])', '["1", "b"]'],
  ['slice(["a", "b", "c", "d"], 1, 3)', '["b", "c"]'],
  ['slice(["a", "b"], 1, 1)', '[]'],
  ['sort(["b", "a", "c"])', '["a", "b", "c"]'],
  ['sort([3, 1, 2])', '["1", "2", "3"]'],
  ['sort(["b", "B", "a", "é"])', '["B", "a", "b", "é"]'],
  ['values({b = 1, a = 2})', '[2, 1]'],
  ['zipmap(["a", "b"], [1, 2])', '{ a = 1, b = 2 }'],
];

for (const [expr, want] of examples) {
  test(`collection: ${expr}`, () => assert.equal(hclOf(collectionFunctions, expr), want));
}

test('collection: result kinds follow cty (list vs tuple, map vs object)', () => {
  const kind = (e: string): string => evalExpr(collectionFunctions, e).value.type.kind;
  assert.equal(kind('concat(distinct(["a"]), distinct([1]))'), 'list');
  assert.equal(kind('concat(distinct(["a"]), [])'), 'tuple');
  assert.equal(kind('concat(["a"], [1])'), 'tuple');
  assert.equal(kind('keys({a = 1})'), 'tuple');
  assert.equal(kind('values({a = 1})'), 'tuple');
  assert.equal(kind('merge({a = 1}, {b = 2})'), 'object');
  assert.equal(kind('setunion(["a"], ["b"])'), 'set');
  assert.equal(kind('setproduct(["a"], [1])'), 'list');
  assert.equal(kind('flatten([["a"]])'), 'tuple');
  assert.equal(kind('zipmap(["a"], [1])'), 'object');
  assert.equal(kind('zipmap(["a"], distinct([1]))'), 'map');
});

const failures: [string, string, string][] = [
  ['chunklist(["a"], -1)', 'Error in function call', 'Call to function "chunklist" failed: the size argument must be positive.'],
  ['coalesce("", null)', 'Error in function call', 'Call to function "coalesce" failed: no non-null, non-empty-string arguments.'],
  ['coalesce(1, [1])', 'Error in function call', 'Call to function "coalesce" failed: all arguments must have the same type.'],
  ['coalescelist([], [])', 'Error in function call', 'Call to function "coalescelist" failed: no non-null arguments.'],
  ['coalescelist("a")', 'Error in function call', 'Call to function "coalescelist" failed: coalescelist arguments must be lists or tuples.'],
  ['concat(["a"], "b")', 'Invalid function argument', 'Invalid value for "seqs" parameter: all arguments must be lists or tuples; got string.'],
  ['contains("ab", "a")', 'Error in function call', 'Call to function "contains" failed: argument must be list, tuple, or set.'],
  ['element([], 0)', 'Error in function call', 'Call to function "element" failed: cannot use element function with an empty list.'],
  ['element(["a"], -1)', 'Error in function call', 'Call to function "element" failed: cannot use element function with a negative index.'],
  ['element("a", 0)', 'Error in function call', 'Call to function "element" failed: cannot read elements from string.'],
  ['flatten("x")', 'Error in function call', 'Call to function "flatten" failed: can only flatten lists, sets and tuples.'],
  ['index([], "b")', 'Error in function call', 'Call to function "index" failed: cannot search an empty list.'],
  ['index(["a"], "z")', 'Error in function call', 'Call to function "index" failed: item not found.'],
  ['index({a = 1}, 1)', 'Error in function call', 'Call to function "index" failed: argument must be a list or tuple.'],
  ['keys("x")', 'Invalid function argument', 'Invalid value for "inputMap" parameter: must have map or object type.'],
  ['length(1)', 'Error in function call', 'Call to function "length" failed: argument must be a string, a collection type, or a structural type.'],
  ['lookup({a = "x"})', 'Not enough function arguments', 'Function "lookup" expects 3 argument(s). Missing value for "key".'],
  ['lookup("x", "a", 1)', 'Invalid function argument', 'Invalid value for "inputMap" parameter: lookup() requires a map as the first argument.'],
  ['merge({a = 1}, "x")', 'Error in function call', 'Call to function "merge" failed: arguments must be maps or objects, got "string".'],
  ['range()', 'Error in function call', 'Call to function "range" failed: must have one, two, or three arguments.'],
  ['range(0, 1, 0)', 'Invalid function argument', 'Invalid value for "params" parameter: step must not be zero.'],
  ['range(1, 0, 1)', 'Invalid function argument', 'Invalid value for "params" parameter: end must be greater than start when step is positive.'],
  ['range(0, 1, -1)', 'Invalid function argument', 'Invalid value for "params" parameter: end must be less than start when step is negative.'],
  [
    'range(0, 2000)',
    'Error in function call',
    'Call to function "range" failed: more than 1024 values were generated; either decrease the difference between start and end or use a smaller step.',
  ],
  ['reverse("abc")', 'Invalid function argument', 'Invalid value for "list" parameter: can only reverse list or tuple values, not string.'],
  ['setproduct(["a"])', 'Error in function call', 'Call to function "setproduct" failed: at least two arguments are required.'],
  ['setproduct(["a"], "b")', 'Invalid function argument', 'Invalid value for "sets" parameter: a set or a list is required.'],
  ['setunion(["a"], [["b"]])', 'Error in function call', 'Call to function "setunion" failed: given sets must all have compatible element types.'],
  [
    'slice(["a"], 2, 3)',
    'Invalid function argument',
    'Invalid value for "start_index" parameter: start index must not be greater than the length of the list.',
  ],
  ['slice(["a", "b"], 2, 1)', 'Invalid function argument', 'Invalid value for "start_index" parameter: start index must not be greater than end index.'],
  ['slice(["a"], -1, 1)', 'Invalid function argument', 'Invalid value for "start_index" parameter: start index must not be less than zero.'],
  ['sort(["a", null])', 'Error in function call', 'Call to function "sort" failed: given list element 1 is null; a null string cannot be sorted.'],
  ['values("x")', 'Error in function call', 'Call to function "values" failed: values() requires a map as the first argument.'],
  ['zipmap(["a"], [1, 2])', 'Error in function call', 'Call to function "zipmap" failed: number of keys (1) does not match number of values (2).'],
  ['zipmap(["a"], "x")', 'Error in function call', 'Call to function "zipmap" failed: values argument must be a list or tuple value.'],
];

for (const [expr, summary, detail] of failures) {
  test(`collection: ${expr} fails`, () => assert.deepEqual(errorOf(collectionFunctions, expr), { summary, detail }));
}
