// The bundled CLI (dist/cli.js) as a process on a .pkr.json template: validate, inspect and a null build, each
// compared with the same template written in HCL, plus a JSON error on its file, line and column.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(process.cwd(), 'dist/cli.js');

function run(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, PACKER_NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'json-process-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const JSON_TEMPLATE = `${JSON.stringify(
  {
    '//': 'HCL-JSON twin of the HCL template below',
    variable: { who: { type: 'string', default: 'world' }, scale: { type: 'number', default: '${1e3}' } },
    locals: { line: 'hello ${var.who} x${var.scale}' },
    source: { null: { one: { communicator: 'none' } } },
    build: {
      sources: ['source.null.one'],
      provisioner: [{ 'shell-local': { inline: ['echo "${local.line}" > out-${source.name}.txt'] } }],
    },
  },
  null,
  2,
)}\n`;

const HCL_TEMPLATE = `variable "who" {
  type    = string
  default = "world"
}
variable "scale" {
  type    = number
  default = 1e3
}
locals {
  line = "hello \${var.who} x\${var.scale}"
}
source "null" "one" {
  communicator = "none"
}
build {
  sources = ["source.null.one"]
  provisioner "shell-local" {
    inline = ["echo \\"\${local.line}\\" > out-\${source.name}.txt"]
  }
}
`;

before(() => {
  // Always bundle the current sources: a stale dist/ would test old code.
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
});

describe('dist/cli.js on a .pkr.json template', () => {
  it('validates and inspects it like its HCL twin, with JSON var files auto-loaded and given by -var-file', () => {
    const vars = { 'a.auto.pkrvars.json': '{ "who": "auto" }\n', 'b.pkrvars.json': '{ "scale": 2e+3 }\n' };
    const json = dirWith({ 't.pkr.json': JSON_TEMPLATE, ...vars });
    const hcl = dirWith({ 't.pkr.hcl': HCL_TEMPLATE, ...vars });
    for (const args of [['validate', '.'], ['inspect', '.'], ['inspect', '-var-file=b.pkrvars.json', '.']]) {
      const j = run(json, args);
      const h = run(hcl, args);
      assert.equal(j.code, 0, `${args.join(' ')}: ${j.stdout}${j.stderr}`);
      assert.deepEqual(j, h, args.join(' '));
    }
    assert.match(run(json, ['inspect', '.']).stdout, /local\.line: "hello auto x1000"/);
    assert.match(run(json, ['inspect', '-var-file=b.pkrvars.json', '.']).stdout, /local\.line: "hello auto x2000"/);
  });

  it('builds it with the null builder', () => {
    const dir = dirWith({ 't.pkr.json': JSON_TEMPLATE });
    const r = run(dir, ['build', 't.pkr.json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Build 'null\.one' finished/);
    assert.equal(readFileSync(join(dir, 'out-one.txt'), 'utf8'), 'hello world x1000\n');
  });

  it('reports an undeclared reference inside "${}" on the JSON file, line and column', () => {
    const text = '{\n  "source": { "null": { "one": { "communicator": "none" } } },\n  "build": {\n    "sources": ["source.null.one"],\n    "provisioner": { "shell-local": { "inline": ["echo ${local.nope}"] } }\n  }\n}\n';
    const r = run(dirWith({ 't.pkr.json': text }), ['validate', 't.pkr.json']);
    assert.equal(r.code, 1);
    // Like HCL, the finding is on the attribute step `.nope`; as in Packer, it is the detail of the provisioner's
    // prepare error, as file:line,column-column.
    const column = text.split('\n')[4]!.indexOf('.nope');
    assert.match(r.stderr + r.stdout, /Error: Failed preparing provisioner-block "shell-local" ""\n\n {2}on t\.pkr\.json line 5:\n/);
    assert.match(r.stderr + r.stdout, new RegExp(`t\\.pkr\\.json:5,${column + 1}-${column + 6}: Unsupported attribute;`));
  });
});
