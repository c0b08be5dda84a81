import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHclParser } from '../support/parser.js';
import { declareVariables } from '../../server/src/packer/variables.js';
import { stringVal } from '../../server/src/hcl/value.js';
import type { Diagnostic } from '../../server/src/hcl/diagnostic.js';
import type { ConfigFile, Variable } from '../../server/src/packer/model.js';
import type { Attribute, Block } from '../../server/src/hcl/ast.js';
import { lspEdit } from '../support/text-edits.js';

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

const MOVED = `variable "top" {
  default = 1
}

variable "region" {
  type        = string
  default     = "eu-west-1"
  description = "Where"
  validation {
    condition     = length(var.region) > 2
    error_message = "Too short."
  }
}

variable "broken" {
  default = "b"
  colour  = "red"
}
`;

/** What a declaration holds that depends on where its block is: every range, and the validation expressions'. */
function placement(v: Variable): unknown {
  return {
    declRange: v.declRange,
    nameRange: v.nameRange,
    typeRange: v.typeRange,
    defaultRange: v.defaultRange,
    valueRange: v.valueRange,
    validations: v.validations.map((x) => ({ range: x.range, condition: x.condition.range, message: x.errorMessage?.range })),
  };
}

test('a block moved by lines added above keeps its declaration, placed where the block now is', async () => {
  const parser = await getHclParser();
  const first = parser.parse(MOVED, 'vars.pkr.hcl');
  const before = declare({ path: 'vars.pkr.hcl', text: MOVED, ast: first.ast, kind: 'config' }, {});
  // Two lines typed in the first block: the blocks below move down.
  const at = MOVED.indexOf('{') + 1;
  const text = `${MOVED.slice(0, at)}\n\n${MOVED.slice(at)}`;
  const edited = parser.editModel(first, [lspEdit(MOVED, at, at, '\n\n')], text);
  assert.ok(edited, 'the model was edited item by item');
  const moved = declare({ path: 'vars.pkr.hcl', text, ast: edited.ast, kind: 'config' }, {});
  const fresh = parser.parse(text, 'vars.pkr.hcl');
  const expected = declare({ path: 'vars.pkr.hcl', text, ast: fresh.ast, kind: 'config' }, {});
  for (const name of ['region', 'broken']) assert.deepEqual(placement(moved.vars.get(name)!), placement(expected.vars.get(name)!), name);
  assert.deepEqual(moved.diags, expected.diags);
  // The validation evaluates the moved block's own condition.
  const region = edited.ast.body.items[1] as Block;
  const validation = region.body.items.find((i): i is Block => i.kind === 'block')!;
  assert.equal(moved.vars.get('region')!.validations[0]!.condition, (validation.body.items[0] as Attribute).expr);
  // Reused, not evaluated again (the same default value); the block with a diagnostic is declared again.
  assert.equal(moved.vars.get('region')!.default, before.vars.get('region')!.default);
  assert.notEqual(moved.vars.get('broken')!.default, before.vars.get('broken')!.default);
  first.tree.delete();
  fresh.tree.delete();
});

test("a default's env() value is a string in NFC, as Packer's cty.StringVal makes it", async () => {
  const file = await configFile();
  const decomposed = 'caf\u0065\u0301';
  assert.equal(declare(file, { REGION: decomposed }).vars.get('from_env')?.value.raw, 'caf\u00e9');
});
