/**
 * Packer's own verdicts on its HCL-JSON fixtures (command/build_test.go, "HCL2-JSON: except build and
 * post-processor" and TestBuild's var-args cases), run on copies of the vendored fixtures.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFORMANCE_DIR } from '../support/conformance.js';
import { readTemplateFiles } from '../../server/src/platform/template-files.js';
import { cli } from './run.js';

const FIXTURES = join(CONFORMANCE_DIR, 'packer/command/test-fixtures');

function copyOf(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'json-conformance-'));
  cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  return dir;
}

describe('Packer HCL-JSON fixtures', () => {
  for (const template of ['template.pkr.json', 'template.pkr.hcl']) {
    it(`build -except=file.chocolate,file.vanilla,tomato ${template}: the builds and post-processors Packer runs`, async () => {
      const dir = copyOf('build-only');
      const r = await cli(['build', '-parallel-builds=1', '-except=file.chocolate,file.vanilla,tomato', template], { cwd: dir });
      assert.equal(r.code, 0, r.stdout);
      for (const f of ['apple.txt', 'cherry.txt', 'peach.txt']) assert.ok(existsSync(join(dir, f)), `expected ${f}`);
      for (const f of ['chocolate.txt', 'vanilla.txt', 'tomato.txt', 'unnamed.txt']) assert.ok(!existsSync(join(dir, f)), `not expected ${f}`);
    });
  }

  // TestBuild's "var-args" cases on the fixture directory (fruit_builder.pkr.hcl, chocolate.auto.pkrvars.hcl, ...).
  const cases: { name: string; args: string[]; dir: string; code: number; expected?: string }[] = [
    { name: 'hcl - json varfile sets an apple env var', args: ['-var-file=apple.json', '.'], dir: 'var-arg', code: 0, expected: 'apple.txt' },
    { name: 'banana json var file then hcl var file sets apple', args: ['-var-file=banana.json', '-var-file=apple.hcl', '.'], dir: 'var-arg', code: 0, expected: 'apple.txt' },
    { name: 'apple hcl var file then banana json var file sets banana', args: ['-var-file=apple.hcl', '-var-file=banana.json', '.'], dir: 'var-arg', code: 0, expected: 'banana.txt' },
    { name: 'hcl - nonexistent json var file errs', args: ['-var-file=potato.json', '.'], dir: 'var-arg', code: 1 },
    { name: 'json - auto varfile sets a peanut env var', args: ['.'], dir: 'var-arg/var-arg-test-autovar-json', code: 0, expected: 'peanut.txt' },
    { name: 'hcl - auto varfile and json auto varfile sets the value in json auto varfile', args: ['.'], dir: 'var-arg/var-arg-tests', code: 0, expected: 'peanut.txt' },
  ];
  for (const c of cases) {
    it(`var-args: ${c.name}`, async () => {
      const dir = copyOf(c.dir);
      const r = await cli(['build', ...c.args], { cwd: dir });
      assert.equal(r.code, c.code, r.stdout);
      if (c.expected) assert.ok(existsSync(join(dir, c.expected)), `expected ${c.expected}`);
      assert.ok(!existsSync(join(dir, 'potato.txt')));
    });
  }
});

describe("Packer's file rules for HCL-JSON (hcl2template/parser.go, GetHCL2Files)", () => {
  it('reads *.pkr.hcl before *.pkr.json, then *.auto.pkrvars.hcl before *.auto.pkrvars.json, each in name order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'json-files-'));
    for (const name of ['b.pkr.json', 'a.pkr.json', 'z.pkr.hcl', 'y.auto.pkrvars.json', 'x.auto.pkrvars.hcl', 'w.pkrvars.json', 'legacy.json', 'v.hcl']) writeFileSync(join(dir, name), '{}');
    const found = readTemplateFiles('.', dir);
    assert.deepEqual(
      found.files.map((f) => f.path),
      ['z.pkr.hcl', 'a.pkr.json', 'b.pkr.json', 'x.auto.pkrvars.hcl', 'y.auto.pkrvars.json'],
    );
  });

  it('a directory with JSON files but no config file: Packer\'s error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'json-files-'));
    writeFileSync(join(dir, 'vars.auto.pkrvars.json'), '{}');
    writeFileSync(join(dir, 'template.json'), '{}');
    const r = await cli(['validate', '.'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Could not find any config file in \.\n\nA config file must be suffixed with `\.pkr\.hcl` or `\.pkr\.json`\. A folder can be\nreferenced\./);
  });
});
