// Packer's own validate fixtures: each gives Packer's verdict (exit code and the diagnostic summaries).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CONFORMANCE_DIR } from '../support/conformance.js';
import { cli } from './run.js';

const FIX = join(CONFORMANCE_DIR, 'packer/command/test-fixtures');

interface Case {
  readonly args: readonly string[];
  readonly code: number;
  /** Summaries that must appear (`Error: x` / `Warning: x`), in order. */
  readonly says: readonly string[];
}

const CASES: Record<string, Case> = {
  'valid build': { args: ['validate/build.pkr.hcl'], code: 0, says: ['The configuration is valid.'] },
  'valid build with vars': { args: ['validate/build_with_vars.pkr.hcl'], code: 0, says: ['The configuration is valid.'] },
  'local calling formatdate with a bad verb': {
    args: ['validate/circular_error.pkr.hcl'],
    code: 1,
    says: ['Error: Invalid function argument'],
  },
  'data source type we do not ship (mock)': { args: ['validate/datasource.pkr.hcl'], code: 1, says: ['Error: Unknown data type mock'] },
  'invalid top-level block': { args: ['validate/invalid_block_type.pkr.hcl'], code: 1, says: ['Error: Unsupported block type'] },
  'invalid packer block attribute': { args: ['validate/invalid_packer_block.pkr.hcl'], code: 1, says: ['Error: Unsupported argument'] },
  'except filter': { args: ['-except=file.*', 'validate/validate_except.pkr.hcl'], code: 0, says: ['The configuration is valid.'] },
  // Without -except the file.vanilla build is prepared, and the file builder needs a target.
  'required argument missing in a selected build': {
    args: ['validate/validate_except.pkr.hcl'],
    code: 1,
    // Packer 1.6.6's output: both builds fail to prepare, each reported; the missing target in the plugin's words.
    says: ['Error: Failed preparing post-processor-block "shell-local" "banana"', 'Error: 1 error(s) occurred:\n\n* target required'],
  },
  'variable without a value': { args: ['validate/var_foo_with_no_default.pkr.hcl'], code: 1, says: ['Error: Unset variable "foo"'] },
  // Current Packer requires a build block for validate (1.6.6 printed nothing).
  'variable set with -var, no build block': {
    args: ['-var', 'foo=bar', 'validate/var_foo_with_no_default.pkr.hcl'],
    code: 1,
    says: ['Error: Missing build block'],
  },
  'build referencing an unknown source': {
    args: ['validate-invalid/missing_build_block.pkr.hcl'],
    code: 1,
    says: ['Error: Unknown source file.cho'],
  },
  'var file for a declared variable': {
    args: ['-var-file', 'validate/var-file-tests/basic.pkrvars.hcl', 'validate/var-file-tests/basic.pkr.hcl'],
    code: 0,
    says: ['The configuration is valid.'],
  },
  'var file setting an undeclared variable warns': {
    args: ['-var-file', 'validate/var-file-tests/undeclared.pkrvars.hcl', 'validate/var-file-tests/basic.pkr.hcl'],
    code: 0,
    says: ['Warning: Undefined variable', 'The configuration is valid.'],
  },
  'undeclared-variable warning disabled': {
    args: ['-no-warn-undeclared-var', '-var-file', 'validate/var-file-tests/undeclared.pkrvars.hcl', 'validate/var-file-tests/basic.pkr.hcl'],
    code: 0,
    says: ['The configuration is valid.'],
  },
  'var-arg: required variable from a var file': {
    args: ['-var-file', 'var-arg/apple.hcl', 'var-arg/fruit_builder.pkr.hcl'],
    code: 0,
    says: ['The configuration is valid.'],
  },
  'var-arg: required variable missing': { args: ['var-arg/fruit_builder.pkr.hcl'], code: 1, says: ['Error: Unset variable "fruit"'] },
  'undefined -var variable': {
    args: ['-var', 'nope=1', '-var', 'fruit=x', 'var-arg/fruit_builder.pkr.hcl'],
    code: 1,
    says: ['Error: Undefined -var variable'],
  },
  'var file with a bad suffix': {
    args: ['-var-file', 'var-arg/fruit_builder.json.txt', 'var-arg/fruit_builder.pkr.hcl'],
    code: 1,
    says: ['Error: Could not guess format of var-arg/fruit_builder.json.txt'],
  },
};

for (const [name, c] of Object.entries(CASES)) {
  test(`validate: ${name}`, async () => {
    const r = await cli(['validate', ...c.args], { cwd: FIX });
    assert.equal(r.code, c.code, r.stdout);
    let at = 0;
    for (const s of c.says) {
      const i = r.stdout.indexOf(s, at);
      assert.ok(i >= 0, `expected "${s}" in:\n${r.stdout}`);
      at = i + s.length;
    }
    if (c.code === 0) assert.ok(!r.stdout.includes('Error:'), r.stdout);
  });
}

test('validate -machine-readable prints CSV ui rows with Packer escaping', async () => {
  const ok = await cli(['validate', '-machine-readable', 'validate/build.pkr.hcl'], { cwd: FIX });
  assert.equal(ok.code, 0);
  assert.match(ok.stdout, /^\d+,,ui,say,The configuration is valid\.\n$/);
  const bad = await cli(['-machine-readable', 'validate', 'validate/var_foo_with_no_default.pkr.hcl'], { cwd: FIX });
  assert.equal(bad.code, 1);
  const rows = bad.stdout.trimEnd().split('\n');
  assert.ok(rows.every((r) => /^\d+,,ui,(say|error),/.test(r)), bad.stdout);
  assert.match(rows[0]!, /,ui,error,Error: Unset variable "foo"\\n\\n/);
});
