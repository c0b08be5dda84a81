// validate runs the plugins' prepare step, as Packer's validate does: what a builder, provisioner or
// post-processor rejects across attributes is reported with the same text build prints before starting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './run.js';

let root = '';
before(() => {
  root = mkdtempSync(join(tmpdir(), 'pkr-validate-prepare-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

function template(name: string, text: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 't.pkr.hcl'), text);
  return dir;
}

const CASES: { name: string; text: string; expect: RegExp[] }[] = [
  {
    name: 'docker commit and discard',
    text: 'source "docker" "x" {\n  image   = "alpine"\n  commit  = true\n  discard = true\n}\nbuild {\n  sources = ["source.docker.x"]\n}\n',
    expect: [/^Error: 1 error\(s\) occurred:\n\n\* Cannot specify more than one of commit, discard, and export_path\n/, /on .*t\.pkr\.hcl line 1:\n   1: source "docker" "x" \{\n      \^{19}\n/],
  },
  {
    name: 'docker without image',
    text: 'source "docker" "x" {\n  commit = true\n}\nbuild {\n  sources = ["source.docker.x"]\n}\n',
    expect: [/\* missing 'image' attribute or 'build' section, either needs to be specified for a build to run\./, /on .*t\.pkr\.hcl line 1:/],
  },
  {
    name: 'null with communicator ssh and no host',
    text: 'source "null" "x" {\n  communicator = "ssh"\n}\nbuild {\n  sources = ["source.null.x"]\n}\n',
    expect: [/\* An ssh_username must be specified/, /\* a Host must be specified/, /on .*t\.pkr\.hcl line 1:\n   1: source "null" "x" \{/],
  },
  {
    name: 'file builder with both content and source',
    text: 'source "file" "x" {\n  source  = "in.txt"\n  content = "hello"\n  target  = "out.txt"\n}\nbuild {\n  sources = ["source.file.x"]\n}\n',
    expect: [/\* Cannot specify source file AND content/, /on .*t\.pkr\.hcl line 1:/],
  },
  {
    name: 'shell provisioner with inline and script',
    text: 'source "null" "x" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.x"]\n  provisioner "shell" {\n    inline = ["echo hi"]\n    script = "x.sh"\n  }\n}\n',
    expect: [/^Error: Failed preparing provisioner-block "shell" ""\n\n  on .*t\.pkr\.hcl line 6:\n   6:   provisioner "shell" \{\n/, /\* Only a script file or an inline script can be specified, not both\./],
  },
];

for (const c of CASES) {
  test(`validate rejects ${c.name} as build does`, async () => {
    const dir = template(c.name.replace(/\W+/g, '-'), c.text);
    const v = await cli(['validate', dir], { cwd: dir });
    assert.equal(v.code, 1, v.stdout);
    for (const re of c.expect) assert.match(v.stdout, re);
    assert.doesNotMatch(v.stdout, /configuration is valid|    at /);
    const b = await cli(['build', '-color=false', dir], { cwd: dir });
    assert.equal(b.code, 1, b.stdout);
    assert.equal(v.stdout, b.stdout);
  });
}

test('a template whose components prepare cleanly is still valid', async () => {
  const dir = template('clean', 'source "null" "x" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.x"]\n  provisioner "shell-local" {\n    inline = ["echo hi"]\n  }\n}\n');
  const v = await cli(['validate', dir], { cwd: dir });
  assert.equal(v.code, 0, v.stdout);
  assert.match(v.stdout, /The configuration is valid\./);
});

test('-only keeps the prepare step to the selected builds', async () => {
  const dir = template('only', 'source "docker" "bad" {\n  commit = true\n}\nsource "null" "ok" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.docker.bad", "source.null.ok"]\n}\n');
  assert.equal((await cli(['validate', dir], { cwd: dir })).code, 1);
  const v = await cli(['validate', '-only=null.ok', dir], { cwd: dir });
  assert.equal(v.code, 0, v.stdout);
});
