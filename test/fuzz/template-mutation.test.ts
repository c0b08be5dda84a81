// Fuzz: random mutations of Packer's conformance templates go through parse, load and evaluation without
// throwing and within a time bound per input; failures are diagnostics, never exceptions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { getHclParser } from '../support/parser.js';
import { CONFORMANCE_DIR } from '../support/conformance.js';
import { loadTemplate } from '../../server/src/packer/load.js';
import { BUILTIN_COMPONENTS } from '../../server/src/packer/catalog.js';
import { packerFunctions } from '../../server/src/hcl/functions/index.js';
import { NO_FILES } from '../packer/inputs.js';

function templates(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? templates(p) : n.endsWith('.pkr.hcl') ? [p] : [];
  });
}

const TOKENS = ['{', '}', '[', ']', '(', ')', '"', '${', '%{', '}', '=', '\n', ',', '.', '*', '...', '<<EOF\n', '~', '#', '/*', 'var.', 'local.', '?', ':', '=>', '!', '-', '\\', '\u00e9', '\ud83d\ude00'];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...TOKENS) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 80 }) }),
);

type Mutation = { kind: 'delete'; at: number; len: number } | { kind: 'insert'; at: number; text: string } | { kind: 'duplicate'; at: number; len: number };

function apply(text: string, ms: readonly Mutation[]): string {
  let t = text;
  for (const m of ms) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + m.len);
    else if (m.kind === 'insert') t = t.slice(0, at) + m.text + t.slice(at);
    else t = t.slice(0, at) + t.slice(at, at + m.len) + t.slice(at);
  }
  return t;
}

const PER_INPUT_MS = 5_000;

test('mutated conformance templates never throw and finish in bounded time', async () => {
  const parser = await getHclParser();
  const functions = packerFunctions({ fs: NO_FILES, baseDir: '.', parser });
  const corpus = templates(join(CONFORMANCE_DIR, 'packer')).map((p) => readFileSync(p, 'utf8'));
  assert.ok(corpus.length > 50, 'conformance corpus found');
  let runs = 0;
  fc.assert(
    fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (i, ms) => {
      const text = apply(corpus[i]!, ms);
      const started = performance.now();
      const r = loadTemplate({
        files: [{ path: 'fuzz.pkr.hcl', text }],
        varFiles: [],
        vars: [],
        env: {},
        rootDir: '.',
        cwd: '/',
        parser,
        functions,
        catalog: BUILTIN_COMPONENTS,
      });
      runs++;
      assert.ok(Array.isArray(r.diagnostics));
      for (const d of r.diagnostics) assert.ok(d.summary.length > 0, 'every diagnostic has a summary');
      assert.ok(performance.now() - started < PER_INPUT_MS, 'bounded time');
    }),
    { numRuns: 300, seed: 20261128 },
  );
  assert.equal(runs, 300);
});
