// Human output of validate and build prints what Packer prints: its commands call writeDiags once per stage
// (parsing, initialization, GetBuilds) and return after the first stage with errors, so a later stage's findings
// never show. The exact text (source lines and carets, which Packer lacks) is checked elsewhere; here the findings
// are compared as summary lines, and with Packer 1.6.6 where /usr/bin/packer is that version.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../engine/cli-process.js';

const PACKER = '/usr/bin/packer';
const packerVersion = existsSync(PACKER) ? spawnSync(PACKER, ['version'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } }).stdout.trim() : '';
const comparePacker = packerVersion === 'Packer v1.6.6';

const NULL_BUILD = 'source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.a"]\n}\n';
const CONDITION = `variable "size" {
  type    = number
  default = 3
  validation {
    condition     = var.size > 10
    error_message = "The size must be greater than 10."
  }
}
${NULL_BUILD}`;

interface Case {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  /** The `Error:`/`Warning:` lines printed, in order. */
  readonly findings: readonly string[];
}

const CASES: readonly Case[] = [
  {
    // The var file's value fails while parsing; the default's failed validation (initialization) is not printed.
    name: 'a var-file error hides the failed validation of the default',
    files: { 't.pkr.hcl': CONDITION, 'wrong.pkrvars.hcl': 'size = "abc"\n' },
    args: ['-var-file=wrong.pkrvars.hcl', 't.pkr.hcl'],
    findings: ['Error: Invalid value for variable'],
  },
  {
    name: 'without the var file, the failed validation is printed',
    files: { 't.pkr.hcl': CONDITION },
    args: ['t.pkr.hcl'],
    findings: ['Error: Invalid value for default variable'],
  },
  {
    // Variable x is unset too, which Packer finds only when it initializes.
    name: 'a variable block error hides its unset variable',
    files: { 't.pkr.hcl': `variable "x" {\n  bogus = 1\n}\n${NULL_BUILD}` },
    args: ['t.pkr.hcl'],
    findings: ['Error: Unsupported argument'],
  },
];

let root = '';
before(() => {
  root = mkdtempSync(join(tmpdir(), 'diagnostic-stages-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

let dirs = 0;
function dirWith(files: Readonly<Record<string, string>>): string {
  const dir = join(root, String(++dirs));
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const headlines = (out: string): string[] => out.split('\n').filter((l) => /^(Error|Warning): /.test(l));

describe('diagnostic stages in human output', () => {
  for (const c of CASES) {
    for (const command of ['validate', 'build'] as const) {
      it(`${command}: ${c.name}`, async () => {
        const r = await runCli(dirWith(c.files), [command, ...c.args], { PACKER_NO_COLOR: '1' });
        assert.equal(r.code, 1, r.stdout);
        assert.deepEqual(headlines(r.stdout), c.findings, r.stdout);
        assert.equal(r.stderr, '');
      });
    }
    it(`as Packer 1.6.6: ${c.name}`, { skip: comparePacker ? false : `Packer 1.6.6 is not installed at ${PACKER}` }, () => {
      for (const command of ['validate', 'build']) {
        const r = spawnSync(PACKER, [command, ...c.args], { cwd: dirWith(c.files), encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_NO_COLOR: '1' } });
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.deepEqual(headlines(r.stdout + r.stderr), c.findings, `${command}\n${r.stdout}${r.stderr}`);
      }
    });
  }
});
