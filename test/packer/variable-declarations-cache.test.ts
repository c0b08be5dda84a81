import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHclParser } from '../support/parser.js';
import { declareVariables } from '../../server/src/packer/variables.js';
import { stringVal } from '../../server/src/hcl/value.js';
import type { Diagnostic } from '../../server/src/hcl/diagnostic.js';
import type { ConfigFile } from '../../server/src/packer/model.js';

// declareVariables remembers each variable block's declaration by block (the language server's re-parse hands the
// same block back when an edit is elsewhere): what is remembered must never outlive what it was computed from.
const TEXT = `variable "from_env" {
  default = env("REGION")
}

variable "plain" {
  type    = string
  default = "x"
  colour  = "red"
}
`;

async function configFile(): Promise<ConfigFile> {
  const parser = await getHclParser();
  const parsed = parser.parse(TEXT, 'vars.pkr.hcl');
  parsed.tree.delete();
  return { path: 'vars.pkr.hcl', text: TEXT, ast: parsed.ast, kind: 'config' };
}

function declare(file: ConfigFile, env: Record<string, string>) {
  const diags: Diagnostic[] = [];
  const vars = declareVariables([file], env, diags);
  return { vars, diags };
}

test('a remembered declaration is re-made when an environment variable its default read changes', async () => {
  const file = await configFile();
  assert.equal(declare(file, { REGION: 'eu' }).vars.get('from_env')?.value.raw, 'eu');
  assert.equal(declare(file, { REGION: 'us' }).vars.get('from_env')?.value.raw, 'us');
  assert.equal(declare(file, {}).vars.get('from_env')?.value.raw, '');
  // Variables that read nothing from the environment are unaffected by it.
  assert.equal(declare(file, { OTHER: '1' }).vars.get('plain')?.value.raw, 'x');
});

test('a remembered declaration repeats its diagnostics and hands out a fresh variable each time', async () => {
  const file = await configFile();
  const first = declare(file, {});
  const second = declare(file, {});
  for (const { diags } of [first, second]) assert.deepEqual(diags.map((d) => [d.summary, d.range?.start.line]), [['Unsupported argument', 7]]);
  const a = first.vars.get('plain')!;
  const b = second.vars.get('plain')!;
  assert.notEqual(a, b);
  // Assigning a value (what var files and -var do) to a variable, fresh or remembered, must not leak into the next load.
  for (const v of [a, b]) {
    v.value = stringVal('assigned');
    v.source = 'cmd';
  }
  const third = declare(file, {}).vars.get('plain')!;
  assert.equal(third.value.raw, 'x');
  assert.equal(third.source, 'default');
});
