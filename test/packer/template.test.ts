// The template model on in-memory configurations: variable precedence and validation, locals, builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTemplate, type SourceText } from '../../server/src/packer/load.js';
import { templateInput } from './inputs.js';
import { renderConsole } from '../../server/src/hcl/render.js';

/** Test double: no files exist. */
async function load(files: Record<string, string>, opts: { varFiles?: SourceText[]; vars?: [string, string][]; env?: Record<string, string> } = {}) {
  return loadTemplate(
    await templateInput(files, { varFiles: opts.varFiles ?? [], vars: opts.vars ?? [], env: opts.env ?? {}, warnUndeclared: true }),
  );
}

const VAR = `variable "region" {
  type    = string
  default = "eu-west-1"
}
`;

test('variable precedence: default < env < auto var file < -var-file < -var', async () => {
  const base = { 'main.pkr.hcl': VAR };
  const value = async (o: Parameters<typeof load>[1], extra: Record<string, string> = {}) =>
    (await load({ ...base, ...extra }, o)).template.variables.get('region')!;
  assert.equal((await value({})).value.raw, 'eu-west-1');
  assert.equal((await value({})).source, 'default');
  assert.equal((await value({ env: { PKR_VAR_region: 'env' } })).value.raw, 'env');
  assert.equal((await value({ env: { PKR_VAR_region: 'env' } }, { 'x.auto.pkrvars.hcl': 'region = "auto"\n' })).value.raw, 'auto');
  const vf = [{ path: 'my.pkrvars.hcl', text: 'region = "file"\n' }];
  const fromFile = await value({ env: { PKR_VAR_region: 'env' }, varFiles: vf }, { 'x.auto.pkrvars.hcl': 'region = "auto"\n' });
  assert.equal(fromFile.value.raw, 'file');
  assert.equal(fromFile.source, 'varfile');
  assert.equal(fromFile.valueRange?.file, 'my.pkrvars.hcl');
  const cmd = await value({ varFiles: vf, vars: [['region', 'a'], ['region', 'cmd']] });
  assert.equal(cmd.value.raw, 'cmd');
  assert.equal(cmd.source, 'cmd');
});

test('raw -var values are parsed as expressions only for non-primitive types', async () => {
  const r = await load({ 'm.pkr.hcl': 'variable "l" {\n  type = list(string)\n}\nvariable "n" {\n  type = number\n}\n' }, { vars: [['l', '["a", "b"]'], ['n', '12']] });
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary), []);
  assert.equal(renderConsole(r.template.variables.get('l')!.value), '[\n  "a",\n  "b",\n]');
  assert.equal(String(r.template.variables.get('n')!.value.raw), '12');
  const bad = await load({ 'm.pkr.hcl': 'variable "n" {\n  type = number\n}\n' }, { vars: [['n', 'abc']] });
  const d = bad.diagnostics.find((x) => x.summary === 'Invalid argument value for -var variable');
  assert.ok(d);
  assert.match(d.detail, /The received arg value for n is not compatible with the variable's type constraint: a number is required\./);
});

test('validation rules run on the winning value and cite the rule', async () => {
  const src = `variable "size" {
  type    = number
  default = 5
  validation {
    condition     = var.size > 10
    error_message = "The size must be above ten."
  }
}
`;
  const r = await load({ 'v.pkr.hcl': src });
  const d = r.diagnostics.find((x) => x.summary === 'Invalid value for default variable');
  assert.ok(d, JSON.stringify(r.diagnostics.map((x) => x.summary)));
  assert.match(d.detail, /^The size must be above ten\.\n\nThis was checked by the validation rule at v\.pkr\.hcl:4,3-13\.$/);
  assert.equal(d.range?.start.line, 2, 'sits on the default value');
  const ok = await load({ 'v.pkr.hcl': src }, { vars: [['size', '11']] });
  assert.equal(ok.diagnostics.filter((x) => x.severity === 'error').length, 0);
  const fromFile = await load({ 'v.pkr.hcl': src }, { varFiles: [{ path: 'f.pkrvars.hcl', text: 'size = 1\n' }] });
  const vd = fromFile.diagnostics.find((x) => x.summary === 'Invalid value for varfile variable');
  assert.equal(vd?.range?.file, 'f.pkrvars.hcl');
});

test('validation conditions may only refer to their own variable', async () => {
  const r = await load({
    'v.pkr.hcl': 'variable "a" {\n  default = "x"\n  validation {\n    condition     = var.b == "x"\n    error_message = "Bad."\n  }\n}\n',
  });
  assert.ok(r.diagnostics.some((d) => d.summary === 'Invalid reference in variable validation'));
});

test('locals evaluate in dependency order and cycles are reported', async () => {
  const r = await load({ 'l.pkr.hcl': 'locals {\n  c = "${local.b}!"\n  b = "${local.a}-b"\n  a = base64encode("a")\n}\n' });
  assert.equal(r.template.locals.get('c')!.value?.raw, 'YQ==-b!');
  const c = await load({ 'l.pkr.hcl': 'locals {\n  a = local.b\n  b = local.a\n}\n' });
  const d = c.diagnostics.find((x) => x.summary === 'Failed to prepare execution graph');
  assert.ok(d);
  assert.match(d.detail, /Cycle: local\.(a, local\.b|b, local\.a)/);
});

test('duplicate declarations and defaults that reference variables', async () => {
  const r = await load({ 'a.pkr.hcl': VAR, 'b.pkr.hcl': VAR });
  assert.ok(r.diagnostics.some((d) => d.summary === 'Duplicate variable' && d.detail === 'Duplicate region variable definition found.'));
  const v = await load({ 'a.pkr.hcl': 'variable "x" {\n  default = var.y\n}\n' });
  assert.ok(v.diagnostics.some((d) => d.summary === 'Variables not allowed'));
  const e = await load({ 'a.pkr.hcl': 'variable "x" {\n  default = env("HOME_X")\n}\n' }, { env: { HOME_X: '/h' } });
  assert.equal(e.template.variables.get('x')!.value.raw, '/h');
});

test('builds resolve sources, local names, provisioners and post-processor chains', async () => {
  const r = await load({
    'b.pkr.hcl': `source "null" "a" {
  communicator = "none"
}
build {
  name    = "bb"
  sources = ["source.null.a"]
  source "null.a" {
    name = "renamed"
  }
  provisioner "shell-local" {
    inline = ["echo \${source.name} \${build.ID}"]
  }
  post-processor "manifest" {}
  post-processors {
    post-processor "checksum" {}
    post-processor "compress" {
      name = "zip"
    }
  }
}
`,
  });
  assert.deepEqual(r.diagnostics, []);
  const b = r.template.builds[0]!;
  assert.deepEqual(b.sources.map((s) => s.localName), ['a', 'renamed']);
  assert.deepEqual(b.postProcessors.map((c) => c.map((p) => `${p.type}${p.name ? `.${p.name}` : ''}`)), [['manifest'], ['checksum', 'compress.zip']]);
});

test('sensitive values are collected as secrets', async () => {
  const r = await load({ 's.pkr.hcl': 'variable "pw" {\n  default   = "hunter2"\n  sensitive = true\n}\n' });
  assert.deepEqual(r.template.secrets, ['hunter2']);
  assert.equal(r.template.variables.get('pw')!.value.isSensitive, true);
});
