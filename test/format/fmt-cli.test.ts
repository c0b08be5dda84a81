import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createFmtCommand, fmtCommand, unifiedDiff, type FmtParser } from '../../server/src/cli/fmt.js';
import type { CliIO } from '../../server/src/cli/command.js';
import { treeSitterParser } from './tree.js';

const UNFORMATTED = '\nami_filter_name ="amzn2-ami-hvm-*-x86_64-gp2"\nami_filter_owners =[ "137112412989" ]\n\n';
const FORMATTED = '\nami_filter_name   = "amzn2-ami-hvm-*-x86_64-gp2"\nami_filter_owners = ["137112412989"]\n\n';

let parser: FmtParser;
let root: string;

before(async () => {
  const ts = await treeSitterParser();
  parser = {
    parse(text) {
      const tree = ts.parse(text);
      assert.ok(tree);
      return { tree, diagnostics: [] };
    },
  };
  root = mkdtempSync(join(tmpdir(), 'fmt-cli-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

interface RunResult {
  readonly code: number;
  readonly stdout: string;
}

async function fmt(args: string[], cwd: string, stdin = ''): Promise<RunResult> {
  let stdout = '';
  const io: CliIO = {
    stdout: (t) => (stdout += t),
    stderr: () => assert.fail('fmt writes everything to stdout'),
    readStdin: async () => stdin,
    cwd,
    env: {},
    stdoutIsTTY: false,
    stdinIsTTY: false,
    signal: new AbortController().signal,
  };
  const code = await createFmtCommand(async () => parser).run(args, io);
  return { code, stdout };
}

let dirCount = 0;
function project(files: Record<string, string>): string {
  const dir = join(root, `p${dirCount++}`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

describe('fmt command', () => {
  it('prints help and exits 1 without a path', async () => {
    const r = await fmt([], root);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^Usage: packer-studio fmt \[options\]/);
  });

  it('rejects an unknown flag with exit 1', async () => {
    const r = await fmt(['-bogus', 'x.pkr.hcl'], root);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /flag provided but not defined: -bogus/);
  });

  it('rejects a non-boolean value for a boolean flag', async () => {
    const r = await fmt(['-check=maybe', 'x.pkr.hcl'], root);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /invalid boolean value "maybe" for -check/);
  });

  it('-check on a formatted file: exit 0, no output', async () => {
    const dir = project({ 'a.pkr.hcl': FORMATTED });
    assert.deepEqual(await fmt(['-check', 'a.pkr.hcl'], dir), { code: 0, stdout: '' });
  });

  it('-check on an unformatted file: exit 3, lists it, does not write', async () => {
    const dir = project({ 'a.pkrvars.hcl': UNFORMATTED });
    assert.deepEqual(await fmt(['-check=true', 'a.pkrvars.hcl'], dir), { code: 3, stdout: 'a.pkrvars.hcl\n' });
    assert.equal(read(dir, 'a.pkrvars.hcl'), UNFORMATTED);
  });

  it('rewrites a file in place by default and lists it', async () => {
    const dir = project({ 'a.pkr.hcl': UNFORMATTED });
    assert.deepEqual(await fmt(['a.pkr.hcl'], dir), { code: 0, stdout: 'a.pkr.hcl\n' });
    assert.equal(read(dir, 'a.pkr.hcl'), FORMATTED);
    assert.deepEqual(await fmt(['a.pkr.hcl'], dir), { code: 0, stdout: '' });
  });

  it('-write=false lists the file but leaves it alone', async () => {
    const dir = project({ 'a.pkr.hcl': UNFORMATTED });
    assert.deepEqual(await fmt(['-write=false', 'a.pkr.hcl'], dir), { code: 0, stdout: 'a.pkr.hcl\n' });
    assert.equal(read(dir, 'a.pkr.hcl'), UNFORMATTED);
  });

  it('formats a directory: HCL templates and var files only, skipping hidden and editor files and subdirectories', async () => {
    const dir = project({
      'a.pkr.hcl': UNFORMATTED,
      'b.pkrvars.hcl': UNFORMATTED,
      'c.auto.pkrvars.hcl': UNFORMATTED,
      'd.pkr.json': '{ }',
      'e.hcl': UNFORMATTED,
      '.hidden.pkr.hcl': UNFORMATTED,
      'f.pkr.hcl~': UNFORMATTED,
      '#g.pkr.hcl#': UNFORMATTED,
      'sub/h.pkr.hcl': UNFORMATTED,
    });
    const r = await fmt(['.'], dir);
    assert.deepEqual(r, { code: 0, stdout: 'a.pkr.hcl\nb.pkrvars.hcl\nc.auto.pkrvars.hcl\n' });
    for (const name of ['a.pkr.hcl', 'b.pkrvars.hcl', 'c.auto.pkrvars.hcl']) assert.equal(read(dir, name), FORMATTED);
    for (const name of ['e.hcl', '.hidden.pkr.hcl', 'f.pkr.hcl~', '#g.pkr.hcl#', 'sub/h.pkr.hcl']) assert.equal(read(dir, name), UNFORMATTED, name);
    assert.equal(read(dir, 'd.pkr.json'), '{ }');
  });

  it('-recursive descends into subdirectories (packer TestFmt_Recursive)', async () => {
    const dir = project({
      'foo/bar/baz.pkr.hcl': UNFORMATTED,
      'foo/bar/baz/woo.pkrvars.hcl': UNFORMATTED,
      potato: UNFORMATTED,
      'foo/bar/potato': UNFORMATTED,
      'bar.pkr.hcl': UNFORMATTED,
      '-': UNFORMATTED,
    });
    const r = await fmt(['-recursive=true', dir], root);
    assert.equal(r.code, 0);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      join(dir, 'bar.pkr.hcl'),
      join(dir, 'foo/bar/baz/woo.pkrvars.hcl'),
      join(dir, 'foo/bar/baz.pkr.hcl'),
    ]);
    for (const name of ['foo/bar/baz.pkr.hcl', 'foo/bar/baz/woo.pkrvars.hcl', 'bar.pkr.hcl']) assert.equal(read(dir, name), FORMATTED);
    for (const name of ['potato', 'foo/bar/potato', '-']) assert.equal(read(dir, name), UNFORMATTED);
  });

  it('accepts several paths', async () => {
    const dir = project({ 'a.pkr.hcl': UNFORMATTED, 'b/c.pkr.hcl': UNFORMATTED });
    assert.deepEqual(await fmt(['-check', 'a.pkr.hcl', 'b'], dir), { code: 3, stdout: 'a.pkr.hcl\nb/c.pkr.hcl\n' });
  });

  it('- reads stdin and prints the formatted text (and the text as-is when already formatted)', async () => {
    assert.deepEqual(await fmt(['-'], root, UNFORMATTED), { code: 0, stdout: FORMATTED });
    assert.deepEqual(await fmt(['-'], root, FORMATTED), { code: 0, stdout: FORMATTED });
  });

  it('- with -check prints nothing and exits 3 when the input is not formatted', async () => {
    assert.deepEqual(await fmt(['-check', '-'], root, UNFORMATTED), { code: 3, stdout: '' });
  });

  it('refuses a file with syntax errors (exit 1), leaves it untouched and still formats the others', async () => {
    const broken = 'variable "x" {\n  type =string\n';
    const dir = project({ 'a.pkr.hcl': broken, 'b.pkr.hcl': UNFORMATTED });
    const r = await fmt(['.'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^b\.pkr\.hcl\nError: encountered an error while formatting a\.pkr\.hcl\n\na\.pkr\.hcl:\d+,\d+-[\d,]+: /);
    assert.equal(read(dir, 'a.pkr.hcl'), broken);
    assert.equal(read(dir, 'b.pkr.hcl'), FORMATTED);
  });

  it('reports the parser diagnostics of a refused file', async () => {
    const dir = project({ 'a.pkr.hcl': 'a = 1\n' });
    const failing: FmtParser = {
      parse: (text, file) => ({
        tree: parser.parse(text, file).tree,
        diagnostics: [
          {
            severity: 'error',
            summary: 'Argument or block definition required',
            detail: 'An argument or block definition is required here.',
            range: { file, start: { offset: 0, line: 4, character: 0 }, end: { offset: 7, line: 4, character: 7 } },
          },
        ],
      }),
    };
    let stdout = '';
    const io = { stdout: (t: string) => (stdout += t), stderr: () => {}, readStdin: async () => '', cwd: dir, env: {}, stdoutIsTTY: false, stdinIsTTY: false, signal: new AbortController().signal };
    assert.equal(await createFmtCommand(async () => failing).run(['a.pkr.hcl'], io), 1);
    assert.equal(
      stdout,
      'Error: encountered an error while formatting a.pkr.hcl\n\na.pkr.hcl:5,1-8: Argument or block definition required; An argument or block definition is required here.\n\n\n',
    );
  });

  it('refuses a file argument that is not an HCL template or var file', async () => {
    const dir = project({ 'x.json': '{}' });
    const r = await fmt(['x.json'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'Error: encountered an error while formatting x.json\n\nfile x.json is not a HCL file\n\n\n');
  });

  it('reports a missing file like Go does', async () => {
    const r = await fmt(['nope.pkr.hcl'], root);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /failed to open nope\.pkr\.hcl: open nope\.pkr\.hcl: no such file or directory/);
  });

  it('-diff prints the file name and a unified diff like `diff -u`', async () => {
    const dir = project({ 'a.pkr.hcl': UNFORMATTED });
    const r = await fmt(['-diff', '-write=false', 'a.pkr.hcl'], dir);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'a.pkr.hcl\n' + systemDiff(UNFORMATTED, FORMATTED, 'a.pkr.hcl'));
  });
});

describe('fmtCommand with its own wasm loading', () => {
  it('formats a file and refuses a broken one', async () => {
    const dir = project({ 'a.pkr.hcl': UNFORMATTED, 'b.pkr.hcl': 'a = [1,\n' });
    let stdout = '';
    const io: CliIO = {
      stdout: (t) => (stdout += t),
      stderr: () => {},
      readStdin: async () => '',
      cwd: dir,
      env: {},
      stdoutIsTTY: false,
      stdinIsTTY: false,
      signal: new AbortController().signal,
    };
    assert.equal(fmtCommand.name, 'fmt');
    assert.equal(await fmtCommand.run(['.'], io), 1);
    assert.match(stdout, /^a\.pkr\.hcl\nError: encountered an error while formatting b\.pkr\.hcl\n/);
    assert.equal(read(dir, 'a.pkr.hcl'), FORMATTED);
  });
});

describe('unifiedDiff matches GNU diff -u', () => {
  const cases: [string, string, string][] = [
    ['one change', 'a=1\nb = 2\n', 'a = 1\nb = 2\n'],
    ['no final newline', 'a=1', 'a = 1'],
    ['crlf', 'a=1\r\nbb=2\r\n', 'a  = 1\r\nbb = 2\r\n'],
    ['separate hunks', `x=1\n${'k = 1\n'.repeat(10)}y=2\n`, `x = 1\n${'k = 1\n'.repeat(10)}y = 2\n`],
    ['merged hunks', `x=1\n${'k = 1\n'.repeat(5)}y=2\n`, `x = 1\n${'k = 1\n'.repeat(5)}y = 2\n`],
    ['single line file', 'a=1\n', 'a = 1\n'],
  ];
  for (const [name, before, after] of cases) {
    it(name, () => assert.equal(unifiedDiff(before, after, 'dir/t.pkr.hcl'), systemDiff(before, after, 'dir/t.pkr.hcl')));
  }
});

function systemDiff(before: string, after: string, path: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fmt-diff-'));
  try {
    writeFileSync(join(dir, 'old'), before);
    writeFileSync(join(dir, 'new'), after);
    const r = spawnSync('diff', [`--label=old/${path}`, `--label=new/${path}`, '-u', join(dir, 'old'), join(dir, 'new')], { encoding: 'utf8' });
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
