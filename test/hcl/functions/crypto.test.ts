import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, publicEncrypt, constants } from 'node:crypto';
import bcryptjs from 'bcryptjs';
import { cryptoFunctions as f } from '../../../server/src/hcl/functions/crypto.js';
import { numberVal, stringVal } from '../../../server/src/hcl/value.js';
import { call, callFails, plain } from './call.js';

const s = stringVal;

test('hashes match Packer examples', () => {
  assert.equal(plain(call(f.md5, s('hello'))), '5d41402abc4b2a76b9719d911017c592');
  assert.equal(plain(call(f.sha1, s('hello'))), 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d');
  assert.equal(plain(call(f.sha256, s('hello'))), '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  const sha512 = plain(call(f.sha512, s('a'))) as string;
  assert.equal(sha512.length, 128);
  assert.ok(sha512.startsWith('1f40fc92') && sha512.endsWith('2652fe9a75'));
});

test('hashes use UTF-8 bytes', () => {
  assert.notEqual(plain(call(f.sha1, s('é'))), plain(call(f.sha1, s('e'))));
});

test('bcrypt produces a verifiable $2a$ hash with the requested cost', () => {
  const h = plain(call(f.bcrypt, s('pw'), numberVal(5))) as string;
  assert.equal(h.length, 60);
  assert.match(h, /^\$2a\$05\$/);
  assert.ok(bcryptjs.compareSync('pw', h));
  assert.match(plain(call(f.bcrypt, s('pw'), numberVal(2))) as string, /^\$2a\$10\$/, 'too-small cost falls back to 10');
});

test('bcrypt errors', () => {
  callFails(f.bcrypt, [s('pw'), numberVal(4), numberVal(4)], 'bcrypt() takes no more than two arguments');
  callFails(f.bcrypt, [s('pw'), numberVal(32)], /cost 32 is outside allowed range \(4,31\)/);
  callFails(f.bcrypt, [s('pw'), numberVal(4.5)], /^value must be a whole number/);
  callFails(f.bcrypt, [s('x'.repeat(73))], /password length exceeds 72 bytes/);
});

test('rsadecrypt decrypts PKCS#1 v1.5 ciphertext with a PKCS#1 PEM key', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs1' }) as string;
  // Node refuses PKCS#1 v1.5 *decryption* but still encrypts with it.
  const ct = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from('secret ☃'));
  assert.equal(plain(call(f.rsadecrypt, s(ct.toString('base64')), s(pem))), 'secret ☃');

  callFails(f.rsadecrypt, [s('not base64!'), s(pem)], 'failed to decode input "not base64!": cipher text must be base64-encoded');
  callFails(f.rsadecrypt, [s(ct.toString('base64')), s('nope')], 'failed to parse key: no key found');
  const pkcs8 = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  callFails(f.rsadecrypt, [s(ct.toString('base64')), s(pkcs8)], /ParsePKCS8PrivateKey/);
  const encrypted = pem.replace('-----\n', '-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n');
  callFails(f.rsadecrypt, [s(ct.toString('base64')), s(encrypted)], /password protected keys are not supported/);
  callFails(f.rsadecrypt, [s(Buffer.from('garbage').toString('base64')), s(pem)], 'crypto/rsa: decryption error');
});

test('uuidv4 is random and well-formed', () => {
  const a = plain(call(f.uuidv4)) as string;
  assert.equal(a.length, 36);
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a, plain(call(f.uuidv4)));
});

test('uuidv5 matches Packer and accepts UUID namespaces', () => {
  assert.equal(plain(call(f.uuidv5, s('dns'), s('example.com'))), 'cfbff0d1-9375-5685-968c-48ce8b15ae17');
  assert.equal(
    plain(call(f.uuidv5, s('6ba7b810-9dad-11d1-80b4-00c04fd430c8'), s('example.com'))),
    'cfbff0d1-9375-5685-968c-48ce8b15ae17',
  );
  assert.equal(
    plain(call(f.uuidv5, s('{6ba7b810-9dad-11d1-80b4-00c04fd430c8}'), s('example.com'))),
    'cfbff0d1-9375-5685-968c-48ce8b15ae17',
  );
  assert.equal(plain(call(f.uuidv5, s('url'), s('https://www.packer.io'))), plain(call(f.uuidv5, s('6ba7b811-9dad-11d1-80b4-00c04fd430c8'), s('https://www.packer.io'))));
  callFails(f.uuidv5, [s('bogus'), s('x')], "uuidv5() doesn't support namespace bogus (invalid UUID length: 5)");
});
