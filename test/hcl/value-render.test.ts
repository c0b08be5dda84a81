import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goFormatG, goQuote, renderConsole, renderHcl } from '../../server/src/hcl/render.js';
import {
  STRING,
  listVal,
  mapVal,
  nullVal,
  numberVal,
  objectVal,
  stringVal,
  tupleVal,
  boolVal,
  unknownVal,
} from '../../server/src/hcl/value.js';

test('renderConsole prints like packer console', () => {
  assert.equal(renderConsole(stringVal('hello')), 'hello');
  assert.equal(renderConsole(numberVal(5)), '5');
  assert.equal(renderConsole(numberVal('5.5')), '5.5');
  assert.equal(renderConsole(numberVal('1234567.5')), '1.2345675e+06');
  assert.equal(renderConsole(numberVal('3.14159265358979323846264338327950288419716939937510582097494459')), '3.141592653589793');
  assert.equal(renderConsole(nullVal()), 'null');
  assert.equal(renderConsole(boolVal(false)), 'false');
  assert.equal(renderConsole(listVal([stringVal('a'), stringVal('b')])), '[\n  "a",\n  "b",\n]');
  assert.equal(renderConsole(tupleVal([])), '[]');
  assert.equal(
    renderConsole(objectVal({ b: numberVal(1), a: listVal([stringVal('x')]), gone: nullVal(STRING) })),
    '{\n  "a" = [\n    "x",\n  ]\n  "b" = 1\n}',
  );
  assert.equal(renderConsole(mapVal({})), '{}');
  assert.equal(renderConsole(tupleVal([stringVal('a'), unknownVal(STRING)])), '<unknown>');
  assert.equal(renderConsole(stringVal('pw').withMarks(['sensitive'])), '<sensitive>');
  assert.equal(renderConsole(tupleVal([nullVal()])), '[\n  null,\n]');
});

test('Go formatting helpers', () => {
  assert.equal(goFormatG(0.00001234), '1.234e-05');
  assert.equal(goFormatG(123456.5), '123456.5');
  assert.equal(goFormatG(1e20), '1e+20');
  assert.equal(goFormatG(0.5), '0.5');
  assert.equal(goQuote('a\x01é\u00ad\t"'), '"a\\x01é\\u00ad\\t\\""');
});

test('renderHcl writes HCL literals', () => {
  assert.equal(renderHcl(objectVal({ a: numberVal('1.5'), 'b c': tupleVal([stringVal('x${y}'), boolVal(true)]) })), '{ a = 1.5, "b c" = ["x$${y}", true] }');
  assert.equal(renderHcl(stringVal('s').withMarks(['sensitive'])), '<sensitive>');
  assert.equal(renderHcl(nullVal()), 'null');
});
