/**
 * Which functions the loader may remember results of (packer/memo.ts): each function of the table declares
 * whether its result depends only on its arguments (HclFunction.pure), and the memo reads that declaration from
 * the evaluation context's table — there is no list of names to keep in step with the table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HclFunction } from '../../server/src/hcl/function.js';
import { envFunction, packerFunctions } from '../../server/src/hcl/functions/index.js';
import type { HclParser } from '../../server/src/hcl/parse.js';
import { numberVal, NUMBER, type Value } from '../../server/src/hcl/value.js';
import { functionTable } from '../../server/src/lsp/functions.js';
import { BUILTIN_COMPONENTS } from '../../server/src/packer/catalog.js';
import { loadTemplate } from '../../server/src/packer/load.js';
import { nodeFileSystem } from '../../server/src/platform/template-files.js';
import { getHclParser } from '../support/parser.js';

/** Every function whose result depends on more than its arguments. */
const IMPURE = [
  // files and directories
  'file',
  'filebase64',
  'fileexists',
  'fileset',
  'templatefile',
  // the working directory and the home directory
  'abspath',
  'pathexpand',
  // the clock
  'timestamp',
  'legacy_isotime',
  'legacy_strftime',
  // randomness
  'uuidv4',
  'bcrypt',
  // secret stores
  'aws_secretsmanager',
  'aws_secretsmanager_raw',
  'consul_key',
  'vault',
].sort();

function impureNames(table: ReadonlyMap<string, HclFunction>): string[] {
  return [...table].filter(([, fn]) => fn.pure !== true).map(([name]) => name).sort();
}

test('every function of the real tables declares whether it is pure; the impure ones are exactly the expected set', async () => {
  const parser = await getHclParser();
  const dir = mkdtempSync(join(tmpdir(), 'purity-'));
  try {
    const fs = nodeFileSystem(dir);
    const tables = { core: packerFunctions({ fs, baseDir: dir, parser }), server: functionTable(fs, dir, parser) };
    for (const [which, table] of Object.entries(tables)) {
      assert.ok(table.size > 100, `${which}: ${table.size} functions`);
      const undeclared = [...table].filter(([, fn]) => typeof fn.pure !== 'boolean').map(([name]) => name);
      assert.deepEqual(undeclared, [], `${which}: functions that do not declare purity`);
      assert.deepEqual(impureNames(table), IMPURE, which);
    }
    // Pure functions that look like impure ones by name or category.
    for (const name of ['basename', 'dirname', 'uuidv5', 'formatdate', 'timeadd', 'sha256', 'md5', 'try', 'can']) {
      assert.equal(tables.core.get(name)!.pure, true, name);
    }
    assert.equal(envFunction({}).pure, false, 'env reads the environment');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * The language server's way of loading: the loader asks to parse texts it already has syntax for and gets that
 * syntax back (lsp/analysis.ts), so syntax nodes — what the memo is keyed on — survive from one load to the next.
 */
function reusingParser(parser: HclParser, text: string): HclParser {
  const parsed = parser.parse(text, 'main.pkr.hcl');
  const facade = Object.create(parser) as HclParser;
  facade.parse = (t, file, previous) => (t === text && file === 'main.pkr.hcl' && !previous ? { ...parsed, tree: parsed.tree.copy() } : parser.parse(t, file, previous));
  return facade;
}

const TEMPLATE = `locals {
  content  = file("data.txt")
  encoded  = filebase64("\${path.root}/data.txt")
  exists   = fileexists("more.txt")
  listed   = fileset(path.root, "*.txt")
  stamp    = timestamp()
  id       = uuidv4()
  tried    = try(file("data.txt"), "none")
  shout    = upper("x")
  hashed   = sha256(local.shout)
  leaf     = basename("a/b.txt")
  counted  = counter()
  declared = declared_pure()
}
`;

const IMPURE_LOCALS = ['content', 'encoded', 'exists', 'listed', 'stamp', 'id', 'tried', 'counted'];
const PURE_LOCALS = ['shout', 'hashed', 'leaf', 'declared'];

test('a local calling an impure function is evaluated again on every load, a pure one is reused', async () => {
  const parser = await getHclParser();
  const dir = mkdtempSync(join(tmpdir(), 'purity-load-'));
  try {
    writeFileSync(join(dir, 'data.txt'), 'one');
    let seconds = 0;
    const core = packerFunctions({ fs: nodeFileSystem(dir), baseDir: dir, parser, now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds++)) });
    // Test doubles: two functions returning a new number per call; one does not say whether it is pure, the other
    // (wrongly) says it is. The memo must trust the declaration and treat a missing one as impure.
    let calls = 0;
    const count = (): Value => numberVal(++calls);
    const counter: HclFunction = { description: 'counts its calls', params: [], returnType: () => NUMBER, impl: count };
    const declaredPure: HclFunction = { ...counter, pure: true };
    const functions = new Map([...core, ['counter', counter], ['declared_pure', declaredPure]]);
    const input = {
      files: [{ path: 'main.pkr.hcl', text: TEMPLATE }],
      varFiles: [],
      vars: [],
      env: {},
      rootDir: dir,
      cwd: dir,
      parser: reusingParser(parser, TEMPLATE),
      functions,
      catalog: BUILTIN_COMPONENTS,
    };
    const load = () => {
      const r = loadTemplate(input);
      assert.deepEqual(r.diagnostics.map((d) => d.summary), []);
      return new Map([...r.template.locals].map(([name, l]) => [name, l.value!]));
    };
    const first = load();
    writeFileSync(join(dir, 'data.txt'), 'two');
    writeFileSync(join(dir, 'more.txt'), '');
    const second = load();

    for (const name of PURE_LOCALS) assert.equal(second.get(name), first.get(name), `${name} is reused`);
    for (const name of IMPURE_LOCALS) assert.notEqual(second.get(name), first.get(name), `${name} is evaluated again`);
    const raw = (m: ReadonlyMap<string, Value>, name: string) => JSON.stringify(m.get(name)!.raw, (_k, v: unknown) => (v && typeof v === 'object' && 'raw' in v ? (v as Value).raw : v));
    assert.deepEqual(
      IMPURE_LOCALS.map((name) => [name, raw(first, name) !== raw(second, name)]),
      IMPURE_LOCALS.map((name) => [name, true]),
      'every impure local shows what changed',
    );
    assert.equal(second.get('content')!.raw, 'two');
    assert.equal(second.get('tried')!.raw, 'two');
    assert.equal(second.get('exists')!.raw, true);
    // The same syntax with the real `file` declared pure: now it is remembered, so the declaration is what counts.
    const trusting = new Map([...functions, ['file', { ...core.get('file')!, pure: true }]]);
    const a = loadTemplate({ ...input, functions: trusting });
    writeFileSync(join(dir, 'data.txt'), 'three');
    const b = loadTemplate({ ...input, functions: trusting });
    assert.equal(b.template.locals.get('content')!.value, a.template.locals.get('content')!.value);
    assert.equal(b.template.locals.get('content')!.value!.raw, 'two');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
