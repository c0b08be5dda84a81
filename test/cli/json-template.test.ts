/** `.pkr.json` configurations and `.pkrvars.json` variable files through validate, inspect and build. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFORMANCE_DIR } from '../support/conformance.js';
import { cli } from './run.js';

const FIXTURES = join(CONFORMANCE_DIR, 'packer/command/test-fixtures');

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'json-template-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const JSON_TEMPLATE = JSON.stringify(
  {
    variable: {
      greeting: {
        type: 'string',
        default: 'hello',
        validation: { condition: '${length(var.greeting) > 3}', error_message: 'The greeting is too short.' },
      },
      tags: { type: 'list(string)', default: ['a', 'b'] },
    },
    locals: { msg: '${upper(var.greeting)}-${join("-", var.tags)}', lit: 'say "$${not_interpolated}"' },
    source: { null: { one: { communicator: 'none' } } },
    build: {
      name: 'j',
      sources: ['source.null.one'],
      provisioner: [{ 'shell-local': { inline: ['echo ${local.msg} from ${source.name} > out.txt'] } }],
      'post-processor': { manifest: { output: 'manifest.json' } },
    },
  },
  null,
  2,
);

const HCL_TEMPLATE = `variable "greeting" {
  type    = string
  default = "hello"
  validation {
    condition     = length(var.greeting) > 3
    error_message = "The greeting is too short."
  }
}
variable "tags" {
  type    = list(string)
  default = ["a", "b"]
}
locals {
  msg = "\${upper(var.greeting)}-\${join("-", var.tags)}"
  lit = "say \\"$\${not_interpolated}\\""
}
source "null" "one" {
  communicator = "none"
}
build {
  name    = "j"
  sources = ["source.null.one"]
  provisioner "shell-local" {
    inline = ["echo \${local.msg} from \${source.name} > out.txt"]
  }
  post-processor "manifest" {
    output = "manifest.json"
  }
}
`;

describe('JSON templates', () => {
  it('inspects a .pkr.json template exactly like its HCL twin (types, templates with quotes, blocks as arrays)', async () => {
    const json = await cli(['inspect', '.'], { cwd: dirWith({ 't.pkr.json': JSON_TEMPLATE }) });
    const hcl = await cli(['inspect', '.'], { cwd: dirWith({ 't.pkr.hcl': HCL_TEMPLATE }) });
    assert.equal(json.code, 0, json.stdout);
    assert.match(json.stdout, /local\.msg: "HELLO-a-b"/);
    assert.match(json.stdout, /local\.lit: "say \\"\$\{not_interpolated\}\\""/);
    assert.equal(json.stdout, hcl.stdout);
  });

  it('validates it, and a .pkrvars.json var file failing the validation is reported on its JSON value', async () => {
    const dir = dirWith({ 't.pkr.json': JSON_TEMPLATE, 'short.pkrvars.json': '{\n  "greeting": "hi"\n}\n' });
    const ok = await cli(['validate', '.'], { cwd: dir });
    assert.equal(ok.code, 0, ok.stdout);
    assert.equal(ok.stdout.trim(), 'The configuration is valid.');
    const bad = await cli(['validate', '-var-file=short.pkrvars.json', '.'], { cwd: dir });
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /Error: Invalid value for varfile variable\n\n {2}on short\.pkrvars\.json line 2:\n {3}2: {3}"greeting": "hi"\n {20}\^{4}\n\nThe greeting is too short\./);
  });

  it('reads *.auto.pkrvars.json next to a .pkr.hcl template (Packer’s var-arg-test-autovar-json fixture)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'json-autovar-'));
    cpSync(join(FIXTURES, 'var-arg/var-arg-test-autovar-json'), dir, { recursive: true });
    const r = await cli(['inspect', '.'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /var\.fruit: "peanut"/);
    assert.match(r.stdout, /local\.fruit: "peanut"/);
  });

  it('builds a .pkr.json template and mixes with .pkr.hcl files in one directory', async () => {
    const dir = dirWith({
      't.pkr.json': JSON_TEMPLATE.replace('"greeting": {', '"unused_json_side": { "default": 1 },\n      "greeting": {'),
      'extra.pkr.hcl': 'locals {\n  from_hcl = "${var.greeting}!"\n}\n',
    });
    const r = await cli(['build', '.'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout);
    assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'HELLO-a-b from one\n');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { builds: { name: string; builder_type: string }[] };
    assert.deepEqual(manifest.builds.map((b) => [b.name, b.builder_type]), [['one', 'null']]);
    const inspect = await cli(['inspect', '.'], { cwd: dir });
    assert.match(inspect.stdout, /local\.from_hcl: "hello!"/);
  });

  it('builds Packer’s build-only JSON fixture with -only like its HCL version', async () => {
    for (const file of ['template.pkr.json', 'template.pkr.hcl']) {
      const dir = mkdtempSync(join(tmpdir(), 'json-build-only-'));
      cpSync(join(FIXTURES, 'build-only'), dir, { recursive: true });
      const r = await cli(['build', '-only=file.chocolate', file], { cwd: dir });
      assert.equal(r.code, 0, `${file}: ${r.stdout}`);
      for (const f of ['chocolate.txt', 'apple.txt', 'peach.txt']) assert.ok(existsSync(join(dir, f)), `${file}: ${f}`);
      for (const f of ['vanilla.txt', 'cherry.txt']) assert.ok(!existsSync(join(dir, f)), `${file}: ${f} must not be built`);
    }
  });

  it('reports JSON syntax errors, wrong shapes and undeclared references on JSON positions', async () => {
    const syntax = await cli(['validate', '.'], { cwd: dirWith({ 't.pkr.json': '{\n  "source": {\n    "null": { "a": { } }\n  },\n}\n' }) });
    assert.equal(syntax.code, 1);
    assert.match(syntax.stdout, /Error: Trailing comma in object\n\n {2}on t\.pkr\.json line 4:/);
    const shape = await cli(['validate', '.'], { cwd: dirWith({ 't.pkr.json': '{\n  "source": {\n    "null": "oops"\n  }\n}\n' }) });
    assert.equal(shape.code, 1);
    assert.match(shape.stdout, /Error: Missing block label\n\n {2}on t\.pkr\.json line 3:/);
    const ref = await cli(['validate', '.'], {
      cwd: dirWith({ 't.pkr.json': '{\n  "source": { "null": { "a": { "communicator": "none" } } },\n  "build": {\n    "sources": ["source.null.a"],\n    "provisioner": { "shell-local": { "inline": ["echo ${var.nope}"] } }\n  }\n}\n' }),
    });
    assert.equal(ref.code, 1);
    // As in Packer, a provisioner body that fails to decode fails its build's prepare step, the finding in the detail.
    assert.match(ref.stdout, /Error: Failed preparing provisioner-block "shell-local" ""\n\n {2}on t\.pkr\.json line 5:\n/);
    assert.match(ref.stdout, /t\.pkr\.json:5,61-66: Unsupported attribute; This object does not have an\s+attribute named "nope"\./);
    const unknownAttr = await cli(['validate', '.'], { cwd: dirWith({ 't.pkr.json': '{\n  "source": { "null": { "a": { "comunicator": "none" } } },\n  "build": { "sources": ["source.null.a"] }\n}\n' }) });
    assert.equal(unknownAttr.code, 1);
    assert.match(unknownAttr.stdout, /on t\.pkr\.json line 2:[\s\S]*Did you mean\s+"communicator"\?/);
  });

  it('still sends a legacy JSON template to hcl2_upgrade', async () => {
    const r = await cli(['validate', 'legacy.json'], { cwd: dirWith({ 'legacy.json': '{"builders":[{"type":"null","communicator":"none"}]}' }) });
    assert.notEqual(r.code, 0);
    assert.match(r.stdout, /hcl2_upgrade/);
  });
});
