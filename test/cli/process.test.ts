// The bundled CLI as a process: exit codes, output streams, piped console input.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(process.cwd(), 'dist/cli.js');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input: input ?? '', encoding: 'utf8', env: { ...process.env, PACKER_NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  // Always bundle the current sources: a stale dist/ would test old code.
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
});

test('no arguments: the command list on stdout, exit 127', () => {
  const r = run([]);
  assert.equal(r.code, 127);
  assert.match(r.stdout, /^Usage: packer-studio \[--version\] \[--help\] <command> \[<args>\]/);
  assert.match(r.stdout, /\n {4}validate {8}check that a template is valid\n/);
});

test('version prints ours and the Packer version we follow', () => {
  const r = run(['version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Packer Studio v\d+\.\d+\.\d+ \(compatible with Packer v\d+\.\d+\.\d+\)\n$/);
});

test('validate on the example template', () => {
  const r = run(['validate', 'examples']);
  assert.equal(r.stdout, 'The configuration is valid.\n');
  assert.equal(r.code, 0);
});

test('a bad flag: the error and the usage on stdout, exit 1', () => {
  const r = run(['validate', '-nope', 'examples']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^flag provided but not defined: -nope\nUsage: packer validate \[options\] TEMPLATE/);
  assert.equal(r.stderr, '');
});

test('console with piped input prints the last result', () => {
  const r = run(['console', 'examples'], 'var.greeting\nlength(local.files) + 1\n');
  assert.equal(r.code, 0, r.stdout);
  assert.equal(r.stdout, '3\n');
});
