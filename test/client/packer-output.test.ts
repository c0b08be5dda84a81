import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseDiagnostics, stripAnsi } from '../../client/src/packer-output.js';
import { runCli } from '../../server/src/cli/main.js';

/** Runs `packer-studio validate` in-process, as a terminal would see it (colours on). */
async function validate(dir: string, colour: boolean): Promise<string> {
  let out = '';
  await runCli(['validate', dir], {
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    readStdin: async () => '',
    cwd: dir,
    env: {},
    stdoutIsTTY: colour,
    stdinIsTTY: false,
    signal: new AbortController().signal,
  });
  return out;
}

function template(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ps-client-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const VALIDATED = `variable "greeting" {
  type    = string
  default = "Hi"
  validation {
    condition     = length(var.greeting) > 3
    error_message = "The greeting must be longer than three characters."
  }
}
`;

test('a failed validation rule from the real CLI output becomes a positioned problem', async () => {
  const dir = template({ 'variables.pkr.hcl': VALIDATED });
  for (const colour of [false, true]) {
    const diags = parseDiagnostics(await validate(dir, colour));
    assert.equal(diags.length, 1, `colour=${colour}`);
    const d = diags[0]!;
    assert.equal(d.severity, 'error');
    assert.match(d.summary, /^Invalid value for /);
    assert.match(d.detail, /The greeting must be longer than three characters\./);
    assert.ok(d.file.endsWith('variables.pkr.hcl'));
    assert.equal(d.line, 2);
    // The caret line underlines "Hi" including its quotes.
    assert.equal(d.startColumn, '  default = '.length);
    assert.equal(d.endColumn, '  default = "Hi"'.length);
  }
});

test('a syntax error and its position come through', async () => {
  const dir = template({ 'main.pkr.hcl': 'source "null" "x" {\n  communicator = \n}\n' });
  const diags = parseDiagnostics(await validate(dir, false));
  assert.ok(diags.length >= 1);
  assert.ok(diags.every((d) => d.file.endsWith('main.pkr.hcl')));
  assert.ok(diags.some((d) => d.line === 1 || d.line === 2));
});

test('several diagnostics keep their own details; positionless errors are skipped', () => {
  const out = [
    "Build 'docker.app' errored after 1 second: exit status 1",
    '',
    'Error: Unsupported argument',
    '',
    '  on a.pkr.hcl line 3, in source "null" "x":',
    '   3:   bogus = 1',
    '        ^^^^^',
    '',
    'An argument named "bogus" is not expected here.',
    '',
    'Warning: Deprecated',
    '',
    '  on /abs/b.pkr.hcl line 12:',
    '  12: thing',
    '',
    'Old.',
    'Error: no position here',
    '',
    'just text',
  ].join('\n');
  const diags = parseDiagnostics(out);
  assert.deepEqual(
    diags.map((d) => [d.severity, d.summary, d.file, d.line, d.startColumn, d.endColumn, d.detail]),
    [
      ['error', 'Unsupported argument', 'a.pkr.hcl', 2, 2, 7, 'An argument named "bogus" is not expected here.'],
      ['warning', 'Deprecated', '/abs/b.pkr.hcl', 11, 0, undefined, 'Old.'],
    ],
  );
});

test('stripAnsi removes colour and OSC sequences only', () => {
  assert.equal(stripAnsi('\u001b[1;31mError: x\u001b[0m \u001b]0;title\u0007ok'), 'Error: x ok');
});
