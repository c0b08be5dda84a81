// `packer-studio fmt` as a process: dist/cli.js hands fmt to its own CommonJS bundle (dist/cli/fmt.cjs), which
// loads the parser's bundle (dist/cli/fmt-parser.cjs) only for documents that are not plain. Run `npm run build`
// first: these tests run the bundles in dist/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(process.cwd(), 'dist', 'cli.js');
const PLAIN = 'a ="x"\nbb = [ 1,2 ]\n';
const PLAIN_FORMATTED = 'a  = "x"\nbb = [1, 2]\n';
// A `for` expression is not plain (format/plain.ts), so this one goes through tree-sitter.
const PARSED = 'c = [for x in y: x]\n';
const PARSED_FORMATTED = 'c = [for x in y : x]\n';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fmt-process-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input = '') {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

describe('fmt process', () => {
  it('rewrites a plain file and lists it', () => {
    const name = file('plain.pkr.hcl', PLAIN);
    const r = run(['fmt', name]);
    assert.deepEqual(r, { code: 0, stdout: `${name}\n`, stderr: '' });
    assert.equal(readFileSync(join(dir, name), 'utf8'), PLAIN_FORMATTED);
  });

  it('leaves a formatted file alone and lists nothing', () => {
    const name = file('formatted.pkr.hcl', PLAIN_FORMATTED);
    assert.deepEqual(run(['fmt', name]), { code: 0, stdout: '', stderr: '' });
    assert.equal(readFileSync(join(dir, name), 'utf8'), PLAIN_FORMATTED);
  });

  it('rewrites a plain file with characters beyond ASCII (formatted as text, not bytes)', () => {
    const name = file('unicode.pkr.hcl', 'é ="ü 😀"\nbb = 1\n');
    assert.deepEqual(run(['fmt', name]), { code: 0, stdout: `${name}\n`, stderr: '' });
    assert.equal(readFileSync(join(dir, name), 'utf8'), 'é  = "ü 😀"\nbb = 1\n');
  });

  it('rewrites a document that needs the parser', () => {
    const name = file('parsed.pkr.hcl', PARSED);
    const r = run(['fmt', name]);
    assert.deepEqual(r, { code: 0, stdout: `${name}\n`, stderr: '' });
    assert.equal(readFileSync(join(dir, name), 'utf8'), PARSED_FORMATTED);
  });

  it('refuses a document with a syntax error, exit 1', () => {
    const name = file('broken.pkr.hcl', 'a = [1,\n');
    const r = run(['fmt', name]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^Error: encountered an error while formatting broken\.pkr\.hcl\n\nbroken\.pkr\.hcl:\d+,\d+-\d+: /);
    assert.equal(readFileSync(join(dir, name), 'utf8'), 'a = [1,\n');
  });

  it('reads stdin for `-` and drops -machine-readable wherever it is, as for every command', () => {
    assert.deepEqual(run(['-machine-readable', 'fmt', '-'], PLAIN), { code: 0, stdout: PLAIN_FORMATTED, stderr: '' });
    assert.deepEqual(run(['fmt', '-machine-readable', '-'], PARSED), { code: 0, stdout: PARSED_FORMATTED, stderr: '' });
  });

  it('-check exits 3 without writing; -diff prints the change', () => {
    const name = file('check.pkr.hcl', PLAIN);
    assert.deepEqual(run(['fmt', '-check', name]), { code: 3, stdout: `${name}\n`, stderr: '' });
    assert.equal(readFileSync(join(dir, name), 'utf8'), PLAIN);
    const r = run(['fmt', '-diff', '-write=false', name]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${name}\n--- old/${name}\n+++ new/${name}\n@@ -1,2 +1,2 @@\n-a =\"x\"\n-bb = [ 1,2 ]\n+a  = \"x\"\n+bb = [1, 2]\n`);
  });

  it('other commands still run from the ES module entry', () => {
    const r = run(['version']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Packer Studio v/);
  });
});
