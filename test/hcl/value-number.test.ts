import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add, divide, formatNumber, modulo, multiply, parseNumber, subtract } from '../../server/src/hcl/number.js';

const P = (s: string) => parseNumber(s)!;

// Expected texts come from the hcl specsuite (operators.t) and from Go's math/big at 512 bits (Text('f', -1)).
test('512-bit binary float arithmetic matches cty digit for digit', () => {
  assert.equal(
    formatNumber(add(P('3.14159265358979323846264338327950288419716939937510582097494459'), P('1'))),
    '4.14159265358979323846264338327950288419716939937510582097494459',
  );
  assert.equal(
    formatNumber(modulo(P('11'), P('5.1'))),
    '0.8' + '0'.repeat(152) + '24',
  );
  assert.equal(formatNumber(divide(P('2'), P('3'))), '0.' + '6'.repeat(153) + '7');
  assert.equal(formatNumber(multiply(P('1.1'), P('1.1'))), '1.21' + '0'.repeat(151) + '1');
  assert.equal(formatNumber(subtract(P('1e-40'), P('1e40'))), '-' + '9'.repeat(40) + '.' + '9'.repeat(40));
  assert.equal(formatNumber(divide(P('1'), P('10'))), '0.1');
  assert.equal(formatNumber(modulo(P('-7'), P('3'))), '-1');
});

test('parseNumber accepts what big.ParseFloat accepts', () => {
  assert.equal(formatNumber(P('1e100')), '1' + '0'.repeat(100));
  assert.equal(formatNumber(P('.5')), '0.5');
  assert.equal(formatNumber(P('-0.000001234')), '-0.000001234');
  assert.equal(formatNumber(P('inf')), '+Inf');
  assert.equal(parseNumber(' 1'), undefined);
  assert.equal(parseNumber('0x10'), undefined);
  assert.equal(parseNumber(''), undefined);
});
