import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixCommand } from '../../server/src/cli/fix.js';
import { runCommand } from './cli-io.js';

/** Inputs with the output of Debian's packer 1.6.6 `fix` recorded beside them (generate-fix-corpus.mjs). */
const DIR = join(process.cwd(), 'test/upgrade/fixtures/fix');

describe('fix matches packer 1.6.6', () => {
  const inputs = readdirSync(DIR).filter((f) => f.endsWith('.json'));
  it('has a corpus', () => assert.ok(inputs.length >= 30));
  for (const name of inputs) {
    const base = name.slice(0, -'.json'.length);
    it(base, async () => {
      const expected = readFileSync(join(DIR, `${base}.stdout`), 'utf8') + readFileSync(join(DIR, `${base}.stderr`), 'utf8');
      const code = Number(readFileSync(join(DIR, `${base}.code`), 'utf8'));
      const result = await runCommand(fixCommand, [name], DIR);
      // packer 1.6.6 prints errors on stdout; current Packer and packer-studio use stderr, after any output.
      assert.equal(result.stdout + result.stderr, expected);
      assert.equal(result.code, code);
    });
  }
});
