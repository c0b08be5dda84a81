import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hcl2UpgradeCommand } from '../../server/src/cli/hcl2_upgrade.js';
import { runCommand } from './cli-io.js';
import { CONFORMANCE_DIR } from '../support/conformance.js';

const FIXTURES = join(CONFORMANCE_DIR, 'packer/command/test-fixtures/hcl2_upgrade');

/** Flags and exit codes as Packer's own command/hcl2_upgrade_test.go runs these fixtures. */
const CASES: Record<string, { flags: string[]; exitCode: number }> = {
  unknown_builder: { flags: [], exitCode: 1 },
  complete: { flags: ['-with-annotations'], exitCode: 0 },
  'without-annotations': { flags: [], exitCode: 0 },
  minimal: { flags: ['-with-annotations'], exitCode: 0 },
  'source-name': { flags: ['-with-annotations'], exitCode: 0 },
  'error-cleanup-provisioner': { flags: ['-with-annotations'], exitCode: 0 },
  'aws-access-config': { flags: [], exitCode: 0 },
  escaping: { flags: [], exitCode: 0 },
  vsphere_linux_options_and_network_interface: { flags: [], exitCode: 0 },
  placeholders: { flags: [], exitCode: 0 },
  ami_test: { flags: [], exitCode: 0 },
  azure_shg: { flags: [], exitCode: 0 },
  'variables-only': { flags: [], exitCode: 0 },
  'variables-with-variables': { flags: [], exitCode: 0 },
  'complete-variables-with-template-engine': { flags: [], exitCode: 0 },
  'undeclared-variables': { flags: [], exitCode: 0 },
  'varfile-with-no-variables-block': { flags: [], exitCode: 0 },
  'bundled-plugin-used': { flags: [], exitCode: 0 },
};

describe('hcl2_upgrade conformance fixtures', () => {
  it('covers every fixture folder', () => {
    assert.deepEqual(readdirSync(FIXTURES).sort(), Object.keys(CASES).sort());
  });

  for (const [folder, { flags, exitCode }] of Object.entries(CASES)) {
    it(`${folder}: byte-identical output, exit ${exitCode}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hcl2-upgrade-'));
      try {
        cpSync(join(FIXTURES, folder, 'input.json'), join(dir, 'input.json'));
        const result = await runCommand(hcl2UpgradeCommand, [...flags, 'input.json'], dir);
        assert.equal(result.code, exitCode, result.stderr);
        assert.equal(result.stdout, `Successfully created input.json.pkr.hcl. Exit ${exitCode}\n`);
        const expected = readFileSync(join(FIXTURES, folder, 'expected.pkr.hcl'), 'utf8');
        assert.equal(readFileSync(join(dir, 'input.json.pkr.hcl'), 'utf8'), expected);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('nonexistent template: exit 1 without output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hcl2-upgrade-'));
    try {
      const result = await runCommand(hcl2UpgradeCommand, ['nonexistent/input.json'], dir);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /Original error: open nonexistent\/input.json: no such file or directory/);
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
