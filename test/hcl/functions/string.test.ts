// String functions through the real parser and evaluator. Expected values are packer console outputs from
// functions.md, or Go's own output (fmt with math/big, regexp) where noted.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { stringFunctions } from '../../../server/src/hcl/functions/string.js';
import { consoleOf, errorOf, hclOf, loadParser } from './expr.js';

before(loadParser);

const examples: [string, string][] = [
  ['chomp("hi\\n\\n")', 'hi'],
  ['chomp("a\\r\\n")', 'a'],
  ['chomp("a\\nb\\n")', 'a\nb'],
  ['endswith("hello", "lo")', 'true'],
  ['endswith("hello", "he")', 'false'],
  ['format("%s-%03d", "x", 7)', 'x-007'],
  ['format("%.2f", 3.14159)', '3.14'],
  ['format("%5s|", "ab")', '   ab|'],
  ['format("%-5s|", "ab")', 'ab   |'],
  ['format("%#v", {a = 1})', '{"a":1}'],
  ['format("%q", "a")', '"a"'],
  ['format("%[2]s %[1]s", "a", "b")', 'b a'],
  ['format("100%%")', '100%'],
  ['format("%v and %v", "x", [1, "y"])', 'x and [1,"y"]'],
  ['format("%t", "true")', 'true'],
  ['format("%s", 1.5)', '1.5'],
  ['format("%.3s|", "abcdef")', 'abc|'],
  ['format("%+d|%-5d|%05d|% d", 3, 3, -3, 3)', '+3|3    |-0003| 3'],
  ['format("%x %X %o %b %#x", 255, 255, 8, 5, 255)', 'ff FF 10 101 0xff'],
  // Go's fmt on a 512-bit big.Float (checked with go run).
  ['format("%e|%g|%10.3f|%-10.2e|%+g", 1234.5678, 0.0000123, 3.14159, -2.5, 5)', '1.234568e+03|1.23e-05|     3.142|-2.50e+00 |+5'],
  ['format("%g %g %.3g", 100000, 1000000, 3.14159)', '100000 1e+06 3.14'],
  ['format("%.1f %.1f %.1f %.0f %.0f", 0.05, 0.15, 0.25, 2.5, 3.5)', '0.1 0.2 0.2 2 4'],
  ['format("%v", 1234567)', '1.234567e+06'],
  ['indent(2, "a\\nb")', 'a\n  b'],
  ['indent(1, "a\\n\\nb\\n")', 'a\n \n b\n '],
  ['join(",", ["a", "b"])', 'a,b'],
  ['join("-", ["a"], ["b", "c"])', 'a-b-c'],
  ['lower("HeLLo")', 'hello'],
  ['lower("ÀÉ")', 'àé'],
  ['regex("[a-z]+", "123abc456")', 'abc'],
  ['regex_replace("abc123", "[0-9]", "#")', 'abc###'],
  ['regex_replace("hello world", "(\\\\w+) (\\\\w+)", "$2 $1")', 'world hello'],
  ['regex_replace("ab", "(?P<x>a)", "[$${x}]")', '[a]b'],
  ['regex_replace("baaac", "a*", "-")', '-b-c-'],
  ['replace("hello world", "o", "0")', 'hell0 w0rld'],
  ['replace("abc123", "/[0-9]+/", "#")', 'abc123'],
  ['replace("a$b", "$", "$$1")', 'a$$1b'],
  ['startswith("hello", "he")', 'true'],
  ['strcontains("hello", "ell")', 'true'],
  ['strcontains("hello", "xyz")', 'false'],
  ['strrev("abc")', 'cba'],
  ['strrev("ae\u0301b")', 'b\u00e9a'],
  ['substr("hello world", 1, 4)', 'ello'],
  ['substr("hello", -3, -1)', 'llo'],
  ['substr("hello", 10, 2)', ''],
  ['substr("hello", 0, 0)', ''],
  ['substr("hello", -3, 0)', 'llo'],
  ['substr("hello", -10, 2)', 'he'],
  ['title("hello world")', 'Hello World'],
  ['title("hello_world-foo")', 'Hello_world-Foo'],
  ['trim("?!hello?!", "!?")', 'hello'],
  ['trimprefix("helloworld", "hello")', 'world'],
  ['trimprefix("helloworld", "x")', 'helloworld'],
  ['trimsuffix("helloworld", "world")', 'hello'],
  ['trimspace("\\t x \\r\\n")', 'x'],
  ['upper("abc")', 'ABC'],
  // Go maps rune by rune: ß has no single-rune uppercase.
  ['upper("straße")', 'STRAßE'],
];

for (const [expr, want] of examples) {
  test(`string: ${expr}`, () => assert.equal(consoleOf(stringFunctions, expr), want));
}

const structured: [string, string][] = [
  ['formatlist("%s=%d", ["a", "b"], [1, 2])', '["a=1", "b=2"]'],
  ['formatlist("%s!", "x")', '["x!"]'],
  ['formatlist("%s-%s", ["a", "b"], "x")', '["a-x", "b-x"]'],
  ['formatlist("%s", [])', '[]'],
  ['regex("(\\\\d+)-(\\\\d+)", "12-34")', '["12", "34"]'],
  ['regex("(?P<x>[a-z]+)", "abc")', '{ x = "abc" }'],
  ['regex("(a)|(b)", "b")', '[null, "b"]'],
  ['regexall("[0-9]", "a1b2")', '["1", "2"]'],
  ['regexall("[0-9]", "ab")', '[]'],
  ['regexall("a*", "baaac")', '["", "aaa", ""]'],
  ['regexall("(?i)ab", "AB ab aB")', '["AB", "ab", "aB"]'],
  ['regexall("(?m)^\\\\w+$", "one\\ntwo")', '["one", "two"]'],
  ['regexall("^\\\\w+$", "one\\ntwo")', '[]'],
  ['regexall("[[:digit:]]+", "a12b3")', '["12", "3"]'],
  ['regexall("\\\\pL+", "héllo wörld")', '["héllo", "wörld"]'],
  ['regexall(".", "a\\nb")', '["a", "b"]'],
  ['regexall("(?s).", "a\\nb")', '["a", "\\n", "b"]'],
  ['regexall("\\\\s", "a\\u00a0b c")', '[" "]'],
  ['regexall("\\\\Qa.b\\\\E", "a.b axb")', '["a.b"]'],
  ['split(",", "a,b,,c")', '["a", "b", "", "c"]'],
  ['split("", "abc")', '["a", "b", "c"]'],
  ['split(",", "")', '[""]'],
];

for (const [expr, want] of structured) {
  test(`string: ${expr}`, () => assert.equal(hclOf(stringFunctions, expr), want));
}

const failures: [string, string, string][] = [
  ['format("%d", 1.5)', 'Error in function call', 'Call to function "format" failed: unsupported value for "%d" at 0: an integer is required.'],
  ['format("%d", "x")', 'Error in function call', 'Call to function "format" failed: unsupported value for "%d" at 0: a number is required.'],
  ['format("x", 1)', 'Invalid function argument', 'Invalid value for "args" parameter: too many arguments; no verbs in format string.'],
  ['format("%s", 1, 2)', 'Invalid function argument', 'Invalid value for "args" parameter: too many arguments; only 1 used by format string.'],
  ['format("%s %s", 1)', 'Error in function call', 'Call to function "format" failed: not enough arguments for "%s" at 3: need index 2 but have 1 total.'],
  ['format("%!")', 'Error in function call', 'Call to function "format" failed: unrecognized format character \'!\' at offset 1.'],
  ['format("ab%")', 'Error in function call', 'Call to function "format" failed: invalid format string starting at offset 3.'],
  ['format("%z", 1)', 'Error in function call', 'Call to function "format" failed: unsupported format verb \'z\' in "%z" at offset 0.'],
  ['format("%s", [1])', 'Error in function call', 'Call to function "format" failed: unsupported value for "%s" at 0: string required.'],
  [
    'formatlist("%s=%d", ["a", "b"], [1])',
    'Invalid function argument',
    'Invalid value for "args" parameter: argument 2 has length 1, which is inconsistent with argument 1 of length 2.',
  ],
  [
    'formatlist("%d", ["a"])',
    'Error in function call',
    'Call to function "formatlist" failed: error on format iteration 0: unsupported value for "%d" at 0: a number is required.',
  ],
  ['join(",")', 'Error in function call', 'Call to function "join" failed: at least one list is required.'],
  ['join(",", ["a", null])', 'Invalid function argument', 'Invalid value for "lists" parameter: element 1 is null; cannot concatenate null values.'],
  ['regex("x", "abc")', 'Error in function call', 'Call to function "regex" failed: pattern did not match any part of the given string.'],
  ['regex("(a", "abc")', 'Invalid function argument', 'Invalid value for "pattern" parameter: invalid regexp pattern: missing closing ) in (a.'],
  ['regex("(?=a)", "abc")', 'Invalid function argument', 'Invalid value for "pattern" parameter: invalid regexp pattern: invalid or unsupported Perl syntax in (?=.'],
  ['regex("(\\\\w)\\\\1", "aa")', 'Invalid function argument', 'Invalid value for "pattern" parameter: invalid regexp pattern: invalid escape sequence in \\1.'],
  [
    'regex("(?P<a>x)(y)", "xy")',
    'Invalid function argument',
    'Invalid value for "pattern" parameter: invalid regexp pattern: cannot mix both named and unnamed capture groups.',
  ],
  ['regexall("a**", "a")', 'Invalid function argument', 'Invalid value for "pattern" parameter: invalid regexp pattern: invalid nested repetition operator in **.'],
  ['regex_replace("abc", "[z-a]", "#")', 'Error in function call', 'Call to function "regex_replace" failed: error parsing regexp: invalid character class range: `z-a`.'],
  [
    'substr("hello", 1.5, 1)',
    'Error in function call',
    'Call to function "substr" failed: value must be a whole number, between -9223372036854775808 and 9223372036854775807.',
  ],
  ['upper(["a"])', 'Invalid function argument', 'Invalid value for "str" parameter: string required.'],
];

for (const [expr, summary, detail] of failures) {
  test(`string: ${expr} fails`, () => assert.deepEqual(errorOf(stringFunctions, expr), { summary, detail }));
}
