// The loader records which of its findings Packer's Parse reports (Template.parseDiagnostics, hcl2template
// parser.go): the commands print those with the source files and -syntax-only stops after them. The editor still
// gets every finding once, though a label error is found both by the top-level schema check and by the decoder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTemplate } from '../../server/src/packer/load.js';
import { BUILTIN_SCHEMAS } from '../../server/src/packer/catalog.js';
import type { Diagnostic } from '../../server/src/hcl/diagnostic.js';
import { templateInput } from './inputs.js';

const where = (d: Diagnostic): string => `${d.summary}@${(d.range?.start.line ?? -1) + 1}`;

const TEXT = `foo {
}
variable "x" {
  bogus = 1
}
variable "size" {
  type    = number
  default = 3
  validation {
    condition     = var.size > 10
    error_message = "Too small."
  }
}
locals {
  a = 1
}
local "a" {
  expression = 2
}
data "null" {
  input = "x"
}
source "null" {
  communicator = "none"
}
source "null" "ok" {
  communicator = var.nope
}
build {
  sources = ["source.null.ok"]
}
`;

test('parse findings: top-level schema and labels, variable, local and data declarations; not unset variables, validation or bodies', async () => {
  const r = loadTemplate(await templateInput(TEXT, { schemas: BUILTIN_SCHEMAS }));
  const parsed = [...r.template.parseDiagnostics].map(where);
  assert.deepEqual(parsed, [
    'Unsupported block type@1',
    'Missing name for data@20',
    'Missing name for source@23',
    'Unsupported argument@4',
    'Duplicate local definition@17',
  ]);
  const later = r.diagnostics.filter((d) => !r.template.parseDiagnostics.has(d)).map(where);
  assert.deepEqual(later.sort(), ['Invalid value for default variable@8', 'Unset variable "x"@3', 'Unsupported attribute@27'].sort());
  // Each finding once for the editor: the decoders' label errors repeat the schema check's.
  const all = r.diagnostics.map(where);
  assert.deepEqual(all, [...new Set(all)]);
  // The recorded findings are the very ones the load returns, which is how the commands look them up.
  assert.ok([...r.template.parseDiagnostics].every((d) => r.diagnostics.includes(d)));
});

test('a syntax error in a config file: Packer’s Parse returns with the files’ own findings alone', async () => {
  const r = loadTemplate(await templateInput(`foo {\n}\nvariable "x" {\n  default = 1\n  default = 2\n}\nlocals {\n  a = [\n}\n`));
  const parsed = [...r.template.parseDiagnostics];
  assert.ok(parsed.length > 0);
  assert.ok(parsed.every((d) => d.code === 'syntax' || d.summary === 'Attribute redefined'), parsed.map(where).join('\n'));
  assert.ok(parsed.some((d) => d.summary === 'Attribute redefined'));
  assert.ok(r.diagnostics.some((d) => d.summary === 'Unsupported block type' && !r.template.parseDiagnostics.has(d)));
});

test('a var file’s syntax error does not stop the parse stage: the config files’ findings stay with it', async () => {
  const r = loadTemplate(await templateInput({ 'main.pkr.hcl': 'foo {\n}\n', 'v.auto.pkrvars.hcl': 'x = [\n' }));
  const parsed = [...r.template.parseDiagnostics].map((d) => d.summary);
  assert.ok(parsed.includes('Unsupported block type'), parsed.join('\n'));
  assert.ok(r.diagnostics.filter((d) => d.range?.file === 'v.auto.pkrvars.hcl').every((d) => r.template.parseDiagnostics.has(d)));
});

test('an unsupported required_version ends the load: everything found is the parse stage', async () => {
  const r = loadTemplate(await templateInput('packer {\n  required_version = ">= 99.0"\n}\nfoo {\n}\n'));
  assert.deepEqual(r.diagnostics.map(where), ['Unsupported Packer Core version@2']);
  assert.deepEqual([...r.template.parseDiagnostics].map(where), ['Unsupported Packer Core version@2']);
});
