import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add, formatNumber, normalizeNumber, parseNumber } from '../../server/src/hcl/number.js';

// normalizeNumber returns short decimals as they are; `add(d, 0)` always takes the exact 512-bit round trip
// (adding zero hands back the operand's float), so the two must agree digit for digit.
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('short decimals are their own canonical form: the shortcut equals the exact round trip', () => {
  const random = seeded(4);
  const zero = parseNumber('0')!;
  let checked = 0;
  for (let i = 0; i < 5000; i++) {
    const digits = Array.from({ length: 1 + Math.floor(random() * 50) }, () => String(Math.floor(random() * 10))).join('');
    const exponent = Math.floor(random() * 420) - 320;
    const d = parseNumber(`${random() < 0.5 ? '-' : ''}${digits}e${exponent}`)!;
    // Adding zero turns -0 into 0 (IEEE sign rules), so zeros are checked on their own below.
    if (d.isZero()) continue;
    const exact = add(d, zero);
    assert.equal(formatNumber(normalizeNumber(d)), formatNumber(exact), `${digits}e${exponent}`);
    checked++;
  }
  assert.ok(checked > 4900);
});

test('edge cases of the shortcut: 50 digits, just below 1e100, zero signs, thirds', () => {
  const zero = parseNumber('0')!;
  assert.equal(formatNumber(normalizeNumber(parseNumber('-0')!)), '-0');
  assert.equal(formatNumber(normalizeNumber(parseNumber('0')!)), '0');
  for (const text of ['9'.repeat(50), '9'.repeat(50) + 'e49', '1e99', '0.1', '1' + '0'.repeat(120), '0.' + '3'.repeat(60), '12345678901234567890123456789012345678901234567890123', '0.' + '1'.repeat(160)]) {
    const d = parseNumber(text)!;
    assert.equal(formatNumber(normalizeNumber(d)), formatNumber(add(d, zero)), text);
  }
});
