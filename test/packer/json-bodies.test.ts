/**
 * HCL-JSON body rules that go beyond "object keys are names" (hashicorp/hcl json/spec.md and json/structure.go),
 * checked through the template model as the CLI runs it: literal-only strings where Packer evaluates with a nil
 * context, bodies given as arrays of objects, null bodies, nested plugin blocks and `dynamic` blocks in
 * component bodies, and HCL's wording for bodies of the wrong JSON type.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../cli/run.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'json-bodies-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

const NULL_BUILD = { source: { null: { n: { communicator: 'none' } } }, build: { sources: ['source.null.n'] } };

describe('HCL-JSON literal-only strings', () => {
  it('keeps "${...}" as text in a .pkrvars.json value, where a .pkrvars.hcl template is refused', async () => {
    const template = json({ variable: { x: { type: 'string' } }, ...NULL_BUILD });
    const dir = dirWith({ 't.pkr.json': template, 'v.pkrvars.json': '{ "x": "${foo} and %{ if true }y%{ endif }" }\n', 'v.pkrvars.hcl': 'x = "${foo}"\n' });
    assert.deepEqual(await cli(['console', '-var-file=v.pkrvars.json', 't.pkr.json'], { cwd: dir, stdin: 'var.x\n' }), { code: 0, stdout: '${foo} and %{ if true }y%{ endif }\n' });
    const hcl = await cli(['validate', '-var-file=v.pkrvars.hcl', 't.pkr.json'], { cwd: dir });
    assert.equal(hcl.code, 1);
    assert.match(hcl.stdout, /Error: Variables not allowed\n\n {2}on v\.pkrvars\.hcl line 1:/);
  });

  it('reports a variable declaration in a .pkrvars.json file like in a .pkrvars.hcl file', async () => {
    const dir = dirWith({
      't.pkr.json': json({ variable: { x: {} }, ...NULL_BUILD }),
      'v.pkrvars.json': '{\n  "variable": { "x": { "default": 1 } },\n  "x": 2\n}\n',
      'v.pkrvars.hcl': 'variable "x" {\n  default = 1\n}\nx = 2\n',
    });
    const j = await cli(['validate', '-var-file=v.pkrvars.json', 't.pkr.json'], { cwd: dir });
    const h = await cli(['validate', '-var-file=v.pkrvars.hcl', 't.pkr.json'], { cwd: dir });
    assert.equal(j.code, 1);
    assert.match(j.stdout, /^Error: Variable declaration in a \.pkrvar file\n\n {2}on v\.pkrvars\.json line 2:\n {3}2: {3}"variable": .*\n {8}\^{10}\n/);
    assert.equal(j.stdout.replaceAll('v.pkrvars.json', 'F').replace(/line 2:\n.*\n.*\n/, ''), h.stdout.replaceAll('v.pkrvars.hcl', 'F').replace(/line 1:\n.*\n.*\n/, ''));
  });

  it('reads a variable description and a validation error_message literally, other attributes as templates', async () => {
    const template = json({
      variable: {
        x: {
          type: 'number',
          default: '${1 + 1}',
          description: 'set ${var.x} like this',
          validation: { condition: '${var.x > 5}', error_message: 'The x is ${var.x}, too small.' },
        },
      },
      ...NULL_BUILD,
    });
    const r = await cli(['validate', 't.pkr.json'], { cwd: dirWith({ 't.pkr.json': template }) });
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /Error: Invalid value for default variable/);
    assert.match(r.stdout, /\nThe x is \$\{var\.x\}, too small\.\n/);
    assert.doesNotMatch(r.stdout, /Variables not allowed/);
  });
});

describe('HCL-JSON body shapes', () => {
  it('reads a root array of objects like one object', async () => {
    const asObject = json({ variable: { v: { default: 'a' } }, locals: { l: '${var.v}-b' }, ...NULL_BUILD });
    const asArray = json([{ variable: { v: { default: 'a' } } }, { locals: { l: '${var.v}-b' } }, { source: NULL_BUILD.source }, { build: NULL_BUILD.build }]);
    const a = await cli(['inspect', 't.pkr.json'], { cwd: dirWith({ 't.pkr.json': asObject }) });
    const b = await cli(['inspect', 't.pkr.json'], { cwd: dirWith({ 't.pkr.json': asArray }) });
    assert.equal(a.code, 0, a.stdout);
    assert.match(a.stdout, /local\.l: "a-b"/);
    assert.equal(b.stdout, a.stdout);
  });

  it('reports a root array holding something else than objects, and a var file that is not one object', async () => {
    const bad = await cli(['validate', 't.pkr.json'], { cwd: dirWith({ 't.pkr.json': '[\n  {},\n  3\n]\n' }) });
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /Error: Root value must be object\n\n {2}on t\.pkr\.json line 1:/);
    const dir = dirWith({ 't.pkr.json': json({ variable: { x: {} }, ...NULL_BUILD }), 'v.pkrvars.json': '[\n  { "x": "1" }\n]\n' });
    const vars = await cli(['validate', '-var-file=v.pkrvars.json', 't.pkr.json'], { cwd: dir });
    assert.equal(vars.code, 1);
    assert.match(vars.stdout, /Error: Incorrect JSON value type\n\n {2}on v\.pkrvars\.json line 1:/);
    assert.match(vars.stdout, /A JSON object is required here, setting the arguments for this block\./);
  });

  it('defines no block for a null body and reports a body of the wrong JSON type on its line and column', async () => {
    const nullBody = json({ ...NULL_BUILD, source: { null: { n: { communicator: 'none' }, gone: null } } });
    assert.deepEqual(await cli(['validate', 't.pkr.json'], { cwd: dirWith({ 't.pkr.json': nullBody }) }), { code: 0, stdout: 'The configuration is valid.\n' });
    const text = '{\n  "source": { "null": { "n": { "communicator": "none" } } },\n  "build": { "sources": ["source.null.n"], "provisioner": { "shell-local": "echo" } }\n}\n';
    const r = await cli(['validate', 't.pkr.json'], { cwd: dirWith({ 't.pkr.json': text }) });
    assert.equal(r.code, 1);
    const column = text.split('\n')[2]!.indexOf('"echo"');
    assert.match(r.stdout, new RegExp(`Error: Incorrect JSON value type\\n\\n {2}on t\\.pkr\\.json line 3:\\n {3}3: .*\\n {${column + 6}}\\^{6}\\n`));
    assert.match(r.stdout, /Either a JSON object or a JSON array is required, representing the contents of\none or more "provisioner" blocks\./);
  });
});

describe('HCL-JSON object expressions', () => {
  it('keep "//" as an ordinary key, and report a key written twice on its line and column', async () => {
    const ok = json({ locals: { '//': 'a body comment', o: { '//': 'kept', a: 1 } }, ...NULL_BUILD });
    assert.deepEqual(await cli(['console', 't.pkr.json'], { cwd: dirWith({ 't.pkr.json': ok }), stdin: 'local.o\n' }), { code: 0, stdout: '{\n  "//" = "kept"\n  "a" = 1\n}\n' });
    const text = '{\n  "locals": { "o": { "a": 1,\n    "a": 2 } },\n  "source": { "null": { "n": { "communicator": "none" } } },\n  "build": { "sources": ["source.null.n"] }\n}\n';
    const r = await cli(['validate', 't.pkr.json'], { cwd: dirWith({ 't.pkr.json': text }) });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Error: Duplicate object attribute\n\n {2}on t\.pkr\.json line 3:\n {3}3: {5}"a": 2 } },\n {10}\^{3}\n/);
    assert.match(r.stdout, /An attribute named "a" was already defined at t\.pkr\.json:2,22-25\./);
  });
});

describe('HCL-JSON string positions', () => {
  it('point into the string as written, after \\u escapes and escaped quotes in literals and interpolations', async () => {
    const line = '  "locals": { "a": "\\u00e9\\"x\\" ${join(\\"-\\", [\\"b\\"])}${local.nope}", "k": { "${var.nope}": 1 } },';
    const text = `{\n${line}\n  "source": { "null": { "n": { "communicator": "none" } } },\n  "build": { "sources": ["source.null.n"] }\n}\n`;
    const r = await cli(['validate', 't.pkr.json'], { cwd: dirWith({ 't.pkr.json': text }) });
    assert.equal(r.code, 1);
    const carets = [...r.stdout.matchAll(/^ {3}2: .*\n( *)(\^+)\n/gm)].map((m) => [m[1]!.length - 6, m[2]!.length]);
    assert.deepEqual(carets, [
      [line.indexOf('local.nope'), 'local.nope'.length],
      [line.indexOf('.nope'), '.nope'.length],
      [line.indexOf('.nope}": 1'), '.nope'.length],
    ]);
  });
});

describe('HCL-JSON component bodies', () => {
  const HCL = `locals {
  files = { one = "Dockerfile" }
}
source "docker" "a" {
  commit = true
  build {
    path = "Dockerfile"
    pull = 1 == 2
  }
}
source "docker" "b" {
  commit = true
  dynamic "build" {
    for_each = local.files
    iterator = df
    content {
      path  = df.value
      bogus = 1
    }
  }
}
build {
  sources = ["source.docker.a", "source.docker.b"]
  source "source.docker.a" {
    name = "renamed"
  }
}
`;
  const JSON_TWIN = json({
    locals: { files: { one: 'Dockerfile' } },
    source: {
      docker: {
        a: { commit: true, build: { path: 'Dockerfile', pull: '${1 == 2}' } },
        b: { commit: true, dynamic: { build: { for_each: '${local.files}', iterator: 'df', content: { path: '${df.value}', bogus: 1 } } } },
      },
    },
    build: { sources: ['source.docker.a', 'source.docker.b'], source: { 'source.docker.a': { name: 'renamed' } } },
  });

  it('reads nested plugin blocks and dynamic blocks like the HCL twin: same finding, on the JSON key', async () => {
    const h = await cli(['validate', 't.pkr.hcl'], { cwd: dirWith({ 't.pkr.hcl': HCL }) });
    const j = await cli(['validate', 't.pkr.json'], { cwd: dirWith({ 't.pkr.json': JSON_TWIN }) });
    assert.equal(h.code, 1);
    assert.equal(j.code, 1);
    const summaries = (out: string) => [...out.matchAll(/^Error: (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(summaries(j.stdout), summaries(h.stdout));
    // Each build reports its own errors: the builds of source a (docker.a, then docker.renamed after b, in
    // Packer's order: the sources list, then the source blocks) each fail the docker builder's prepare step, which
    // Packer's GetBuilds appends once per build (hcl2template/types.packer_config.go).
    assert.deepEqual(summaries(j.stdout), ['1 error(s) occurred:', 'Unsupported argument', '1 error(s) occurred:']);
    assert.match(h.stdout, /on t\.pkr\.hcl line 18:/);
    // The JSON finding is on the "bogus" key of line 24 of the pretty-printed twin.
    const line = JSON_TWIN.split('\n').findIndex((l) => l.includes('"bogus"')) + 1;
    assert.match(j.stdout, new RegExp(`on t\\.pkr\\.json line ${line}:\\n.*\\n {3}.* {2}\\^{7}\\n`));
  });

  it('reads hcp_packer_registry labels as map attributes, as Packer decodes them', async () => {
    const registry = { bucket_name: 'abc', bucket_labels: { team: 'x' }, build_labels: { os: 'linux' } };
    const top = json({ hcp_packer_registry: registry, ...NULL_BUILD });
    const inBuild = json({ ...NULL_BUILD, build: { ...NULL_BUILD.build, hcp_packer_registry: registry } });
    for (const text of [top, inBuild]) assert.deepEqual(await cli(['validate', 't.pkr.json'], { cwd: dirWith({ 't.pkr.json': text }) }), { code: 0, stdout: 'The configuration is valid.\n' });
  });

  it('validates and inspects the twins alike once the unknown argument is gone', async () => {
    const h = HCL.replace('      bogus = 1\n', '');
    const j = JSON_TWIN.replace(/,\s*"bogus": 1/, '');
    const inspectH = await cli(['inspect', '.'], { cwd: dirWith({ 't.pkr.hcl': h }) });
    const inspectJ = await cli(['inspect', '.'], { cwd: dirWith({ 't.pkr.json': j }) });
    assert.equal(inspectH.code, 0, inspectH.stdout);
    assert.deepEqual(inspectJ, inspectH);
    // validate goes on to the builder's prepare step, which refuses the docker `build` block (the engine cannot
    // build from a Dockerfile yet): the twins must get the same verdict, once per build as Packer's GetBuilds
    // reports it (docker.a, docker.b and docker.renamed, which uses a's body).
    const validateH = await cli(['validate', '.'], { cwd: dirWith({ 't.pkr.hcl': h }) });
    const validateJ = await cli(['validate', '.'], { cwd: dirWith({ 't.pkr.json': j }) });
    const findings = (out: string) => [...out.matchAll(/^\* (.*)$/gm)].map((m) => m[1]);
    assert.equal(validateH.code, 1);
    assert.equal(validateJ.code, 1);
    assert.deepEqual(findings(validateJ.stdout), findings(validateH.stdout));
    assert.equal(findings(validateH.stdout).length, 3);
  });
});
