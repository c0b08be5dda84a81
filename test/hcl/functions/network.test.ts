import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkFunctions as f } from '../../../server/src/hcl/functions/network.js';
import { numberVal, stringVal } from '../../../server/src/hcl/value.js';
import { call, callFails, plain } from './call.js';

const s = stringVal;
const n = numberVal;

test('cidrhost (functions.md examples)', () => {
  assert.equal(plain(call(f.cidrhost, s('10.0.0.0/8'), n(5))), '10.0.0.5');
  assert.equal(plain(call(f.cidrhost, s('10.0.0.0/24'), n(-1))), '10.0.0.255');
  callFails(f.cidrhost, [s('10.0.0.0/30'), n(4)], 'prefix of 30 does not accommodate a host numbered 4');
});

test('cidrhost on IPv6 and host bits of the prefix', () => {
  assert.equal(plain(call(f.cidrhost, s('fd00:fd12:3456:7890::/56'), n(16))), 'fd00:fd12:3456:7800::10');
  assert.equal(plain(call(f.cidrhost, s('10.1.2.3/24'), n(2))), '10.1.2.2', 'host bits in the prefix are cleared');
  assert.equal(plain(call(f.cidrhost, s('10.0.0.0/30'), n(-4))), '10.0.0.0');
  callFails(f.cidrhost, [s('10.0.0.0/30'), n(-5)], /does not accommodate a host numbered/);
  callFails(f.cidrhost, [s('10.0.0.0'), n(1)], 'invalid CIDR expression: invalid CIDR address: 10.0.0.0');
  callFails(f.cidrhost, [s('10.0.0.010/8'), n(1)], /invalid CIDR address/);
  callFails(f.cidrhost, [s('10.0.0.0/33'), n(1)], /invalid CIDR address/);
});

test('cidrnetmask', () => {
  assert.equal(plain(call(f.cidrnetmask, s('172.16.0.0/12'))), '255.240.0.0');
  assert.equal(plain(call(f.cidrnetmask, s('10.0.0.0/32'))), '255.255.255.255');
  assert.equal(plain(call(f.cidrnetmask, s('10.0.0.0/0'))), '0.0.0.0');
  assert.equal(plain(call(f.cidrnetmask, s('fe80::/10'))), 'ffc0::');
});

test('cidrsubnet', () => {
  assert.equal(plain(call(f.cidrsubnet, s('10.1.2.0/24'), n(4), n(15))), '10.1.2.240/28');
  assert.equal(plain(call(f.cidrsubnet, s('172.16.0.0/12'), n(4), n(2))), '172.18.0.0/16');
  assert.equal(plain(call(f.cidrsubnet, s('fd00:fd12:3456:7890::/56'), n(16), n(162))), 'fd00:fd12:3456:7800:a200::/72');
  callFails(f.cidrsubnet, [s('10.1.2.0/24'), n(4), n(16)], 'prefix extension of 4 does not accommodate a subnet numbered 16');
  callFails(f.cidrsubnet, [s('10.1.2.0/24'), n(9), n(1)], 'insufficient address space to extend prefix of 24 by 9');
  callFails(f.cidrsubnet, [s('::/0'), n(33), n(1)], 'may not extend prefix by more than 32 bits');
});

test('cidrsubnets', () => {
  assert.deepEqual(plain(call(f.cidrsubnets, s('10.0.0.0/16'), n(4), n(4), n(8))), ['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/24']);
  assert.deepEqual(plain(call(f.cidrsubnets, s('10.1.0.0/16'), n(4), n(4), n(8), n(4))), [
    '10.1.0.0/20',
    '10.1.16.0/20',
    '10.1.32.0/24',
    '10.1.48.0/20',
  ]);
  assert.deepEqual(plain(call(f.cidrsubnets, s('fd00:fd12:3456:7890::/56'), n(16), n(16), n(16), n(32))), [
    'fd00:fd12:3456:7800::/72',
    'fd00:fd12:3456:7800:100::/72',
    'fd00:fd12:3456:7800:200::/72',
    'fd00:fd12:3456:7800:300::/88',
  ]);
  assert.deepEqual(plain(call(f.cidrsubnets, s('10.0.0.0/8'))), []);
  callFails(f.cidrsubnets, [s('10.0.0.0/30'), n(1), n(1), n(1)], 'not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2/31', 3);
  callFails(f.cidrsubnets, [s('10.0.0.0/30'), n(0)], 'must extend prefix by at least one bit', 1);
  callFails(f.cidrsubnets, [s('10.0.0.0/30'), n(3)], 'would extend prefix to 33 bits, which is too long for an IPv4 address', 1);
  callFails(f.cidrsubnets, [s('nope'), n(3)], 'invalid CIDR expression: invalid CIDR address: nope', 0);
});
