// Packer's per-build error semantics (hcl2template GetBuilds, command/build.go and validate.go), on dist/cli.js as
// a process with the file builder: an error inside a source, provisioner or post-processor body fails only the
// builds that use the block — reported with Packer's wording, the other builds still run, exit 1 at the end — and a
// block no selected build uses is never reported; errors in the template as a whole still stop everything.
// Where Packer 1.6.6 is installed (/usr/bin/packer, Debian's package), each case marked `packer` runs it on the
// same files and compares exit codes, findings and artifacts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../engine/cli-process.js';

const PACKER = '/usr/bin/packer';
const packerVersion = existsSync(PACKER) ? spawnSync(PACKER, ['version'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } }).stdout.trim() : '';
const comparePacker = packerVersion === 'Packer v1.6.6';

const GOOD_SOURCE = 'source "file" "good" {\n  content = "hello"\n}\n';
const UNUSED_BAD_SOURCE = 'source "file" "unused" {\n  content = var.nope\n  target  = "unused.txt"\n}\n';
const BUILD_A = 'build {\n  name = "a"\n  source "source.file.good" {\n    target = "a.txt"\n  }\n}\n';
const buildB = (extra: string, body = '    target = "b.txt"\n'): string => `build {\n  name = "b"\n  source "source.file.good" {\n${body}  }\n${extra}}\n`;
const BAD_PROVISIONER = '  provisioner "shell-local" {\n    inline = [var.missing]\n  }\n';
/** Two builds of one source; b has a provisioner whose body refers to an undeclared variable (lines 22-24). */
const MAIN = [GOOD_SOURCE, UNUSED_BAD_SOURCE, BUILD_A, buildB(BAD_PROVISIONER)].join('\n');

const PROVISIONER_ERROR = [
  'Error: Failed preparing provisioner-block "shell-local" ""',
  '  on t.pkr.hcl line 22:',
  't.pkr.hcl:23,18-26: Unsupported attribute; This object does not have an',
  'attribute named "missing".',
].join('\n');

/** A source whose body refers to an undeclared variable (line 2), used by three builds; another one is good. */
const SHARED_BAD_SOURCE = [
  'source "file" "bad" {\n  content = var.nope\n  target  = "x.txt"\n}\n',
  GOOD_SOURCE,
  'build {\n  name = "a"\n  source "source.file.bad" {\n    name = "one"\n  }\n  source "source.file.bad" {\n    name = "two"\n  }\n}\n',
  'build {\n  name    = "b"\n  sources = ["source.file.bad"]\n  source "source.file.good" {\n    target = "b.txt"\n  }\n}\n',
].join('\n');
const NOPE = 'Error: Unsupported attribute\n  on t.pkr.hcl line 2:\nThis object does not have an attribute named "nope".';

/**
 * A build of two sources whose provisioner fails on line 23 after CJK, an emoji (two UTF-16 units) and an accent
 * written as a combining mark (two code points, one character): `.missing` is at columns 32-40 in characters,
 * as HCL counts, but 34-42 in UTF-16 units.
 */
const NON_ASCII_PROVISIONER = [
  GOOD_SOURCE,
  BUILD_A,
  buildB('  provisioner "shell-local" {\n    inline = ["日本語 🎉 cafe\u0301", var.missing]\n  }\n', '    name   = "one"\n    target = "one.txt"\n').replace(
    '  }\n  provisioner',
    '  }\n  source "source.file.good" {\n    name   = "two"\n    target = "two.txt"\n  }\n  provisioner',
  ),
].join('\n');
const NON_ASCII_ERROR = [
  'Error: Failed preparing provisioner-block "shell-local" ""',
  '  on t.pkr.hcl line 22:',
  't.pkr.hcl:23,32-40: Unsupported attribute; This object does not have an',
  'attribute named "missing".',
].join('\n');

const TARGET_REQUIRED = 'Error: 1 error(s) occurred:\n* target required\n  on t.pkr.hcl line 1:';
const EMPTY_SHELL_LOCAL = 'Error: Failed preparing provisioner-block "shell-local" ""\n  on t.pkr.hcl line 19:\n1 error(s) occurred:\n* Command, Inline, Script and Scripts options cannot all be empty.';

interface Outcome {
  readonly code: number;
  /** Each diagnostic as summary, `on … line N:` and detail lines (the source excerpt left out). */
  readonly findings: readonly string[];
  /** Files the builds wrote (`*.txt`). */
  readonly artifacts: readonly string[];
}

interface Case {
  readonly name: string;
  readonly text: string;
  readonly files?: Readonly<Record<string, string>>;
  readonly flags?: readonly string[];
  readonly validate: Omit<Outcome, 'artifacts'>;
  readonly build: Outcome;
  /** Compared with Packer 1.6.6 when it is installed (false where 1.6.6 cannot run the template or words it otherwise). */
  readonly packer: boolean;
}

const CASES: readonly Case[] = [
  {
    name: 'a bad provisioner body fails its build only; the unused bad source is never reported',
    text: MAIN,
    validate: { code: 1, findings: [PROVISIONER_ERROR] },
    build: { code: 1, findings: [PROVISIONER_ERROR], artifacts: ['a.txt'] },
    packer: true,
  },
  {
    name: '-only selecting the good build reports nothing',
    text: MAIN,
    flags: ['-only=a.*'],
    validate: { code: 0, findings: [] },
    build: { code: 0, findings: [], artifacts: ['a.txt'] },
    packer: true,
  },
  {
    name: '-except leaving out the bad build reports nothing',
    text: MAIN,
    flags: ['-except=b.file.good'],
    validate: { code: 0, findings: [] },
    build: { code: 0, findings: [], artifacts: ['a.txt'] },
    packer: true,
  },
  {
    name: 'a source body error fails the builds using that source, with HCL’s own finding',
    text: [GOOD_SOURCE, UNUSED_BAD_SOURCE, BUILD_A, 'build {\n  name    = "b"\n  sources = ["source.file.unused"]\n}\n'].join('\n'),
    validate: { code: 1, findings: ['Error: Unsupported attribute\n  on t.pkr.hcl line 6:\nThis object does not have an attribute named "nope".'] },
    build: { code: 1, findings: ['Error: Unsupported attribute\n  on t.pkr.hcl line 6:\nThis object does not have an attribute named "nope".'], artifacts: ['a.txt'] },
    packer: true,
  },
  {
    name: 'an argument set both by the source and by a build’s source block fails that build only',
    text: [GOOD_SOURCE.replace('"hello"\n', '"hello"\n  target  = "good.txt"\n'), 'build {\n  name    = "a"\n  sources = ["source.file.good"]\n}\n', buildB('')].join('\n'),
    validate: { code: 1, findings: ['Error: Duplicate argument\n  on t.pkr.hcl line 14:\nArgument "target" was already set at t.pkr.hcl:3,3-9'] },
    build: { code: 1, findings: ['Error: Duplicate argument\n  on t.pkr.hcl line 14:\nArgument "target" was already set at t.pkr.hcl:3,3-9'], artifacts: ['good.txt'] },
    packer: true,
  },
  {
    name: 'a bad post-processor body fails its build; -except naming the post-processor runs the build without it',
    text: [GOOD_SOURCE, buildB('  post-processor "shell-local" {\n    name   = "pp"\n    inline = [var.missing]\n  }\n')].join('\n'),
    flags: ['-except=pp'],
    validate: { code: 0, findings: [] },
    build: { code: 0, findings: [], artifacts: ['b.txt'] },
    packer: true,
  },
  {
    name: 'a bad post-processor body, reported with Packer’s wording',
    text: [GOOD_SOURCE, BUILD_A, buildB('  post-processor "shell-local" {\n    name   = "pp"\n    inline = [var.missing, upper(1, 2)]\n  }\n')].join('\n'),
    validate: {
      code: 1,
      findings: ['Error: Failed preparing post-processor-block "shell-local" "pp"\n  on t.pkr.hcl line 17:\nt.pkr.hcl:19,18-26: Unsupported attribute; This object does not have an\nattribute named "missing"., and 1 other diagnostic(s)'],
    },
    build: {
      code: 1,
      findings: ['Error: Failed preparing post-processor-block "shell-local" "pp"\n  on t.pkr.hcl line 17:\nt.pkr.hcl:19,18-26: Unsupported attribute; This object does not have an\nattribute named "missing"., and 1 other diagnostic(s)'],
      artifacts: ['a.txt'],
    },
    packer: true,
  },
  {
    name: 'errors in the template as a whole stop every build, and body errors wait for them',
    text: ['locals {\n  broken = var.undeclared\n}\n', GOOD_SOURCE, BUILD_A, buildB(BAD_PROVISIONER)].join('\n'),
    validate: { code: 1, findings: ['Error: Unsupported attribute\n  on t.pkr.hcl line 2:\nThis object does not have an attribute named "undeclared".'] },
    build: { code: 1, findings: ['Error: Unsupported attribute\n  on t.pkr.hcl line 2:\nThis object does not have an attribute named "undeclared".'], artifacts: [] },
    packer: true,
  },
  {
    // Before, validate stopped at the missing target and never prepared build b.
    name: 'validate reports every build’s errors: a missing required argument does not hide another build’s prepare error',
    text: [
      'source "file" "notarget" {\n  content = "x"\n}\n',
      GOOD_SOURCE,
      'build {\n  name    = "a"\n  sources = ["source.file.notarget"]\n}\n',
      buildB('  provisioner "shell-local" {\n  }\n'),
    ].join('\n'),
    validate: { code: 1, findings: [TARGET_REQUIRED, EMPTY_SHELL_LOCAL] },
    build: { code: 1, findings: [TARGET_REQUIRED, EMPTY_SHELL_LOCAL], artifacts: [] },
    packer: true,
  },
  {
    name: 'a required argument a provisioner lacks, in the plugin’s words',
    text: [GOOD_SOURCE, BUILD_A, buildB('  provisioner "file" {\n    source = "t.pkr.hcl"\n  }\n')].join('\n'),
    validate: { code: 1, findings: ['Error: Failed preparing provisioner-block "file" ""\n  on t.pkr.hcl line 17:\n1 error(s) occurred:\n* Destination must be specified.'] },
    build: { code: 1, findings: ['Error: Failed preparing provisioner-block "file" ""\n  on t.pkr.hcl line 17:\n1 error(s) occurred:\n* Destination must be specified.'], artifacts: ['a.txt'] },
    packer: true,
  },
  {
    // Packer's GetBuilds decodes the source body for each build using it and appends what each decode finds
    // (hcl2template/types.packer_config.go, startBuilder per source use), so the error is printed three times.
    name: 'a source body error is reported once per build using the source',
    text: SHARED_BAD_SOURCE,
    validate: { code: 1, findings: [NOPE, NOPE, NOPE] },
    build: { code: 1, findings: [NOPE, NOPE, NOPE], artifacts: ['b.txt'] },
    packer: true,
  },
  {
    // Each source of build b prepares the provisioner again (getCoreBuildProvisioners per source use). HCL's
    // hcl.Range String() counts columns in grapheme clusters, so the emoji and the combined accent count one each.
    name: 'a provisioner error is reported once per source of its build, at HCL’s character columns',
    text: NON_ASCII_PROVISIONER,
    validate: { code: 1, findings: [NON_ASCII_ERROR, NON_ASCII_ERROR] },
    build: { code: 1, findings: [NON_ASCII_ERROR, NON_ASCII_ERROR], artifacts: ['a.txt'] },
    packer: true,
  },
  {
    // Packer 1.6.6 fails on any source.name in a source body ("failed to read dynamic type descriptor value");
    // current Packer (startBuilder) sets source.name and source.type for each build, as here.
    name: 'a source body is decoded once per build, with that build’s source.name',
    text: 'source "file" "base" {\n  content = file("${source.name}.in")\n}\nbuild {\n  source "source.file.base" {\n    name   = "one"\n    target = "one.txt"\n  }\n  source "source.file.base" {\n    name   = "three"\n    target = "three.txt"\n  }\n}\n',
    files: { 'one.in': '1' },
    validate: { code: 1, findings: ['Error: Error in function call\n  on t.pkr.hcl line 2:\nCall to function "file" failed: no file exists at three.in.'] },
    build: { code: 1, findings: ['Error: Error in function call\n  on t.pkr.hcl line 2:\nCall to function "file" failed: no file exists at three.in.'], artifacts: ['one.txt'] },
    packer: false,
  },
];

let root = '';
before(() => {
  root = mkdtempSync(join(tmpdir(), 'per-build-errors-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

let dirs = 0;
function templateDir(c: Case): string {
  const dir = join(root, String(++dirs));
  mkdirSync(dir);
  writeFileSync(join(dir, 't.pkr.hcl'), c.text);
  for (const [name, text] of Object.entries(c.files ?? {})) writeFileSync(join(dir, name), text);
  return dir;
}

/**
 * The diagnostics in a command's output, each as its lines without blank ones and without the source excerpt,
 * which Packer 1.6.6 never shows ("(source code not available)"). One ends where the next one or the builds'
 * output starts.
 */
function findings(out: string): string[] {
  const found: string[][] = [];
  let current: string[] | undefined;
  for (const line of out.split('\n')) {
    if (/^(Error|Warning): /.test(line)) found.push((current = [line]));
    else if (/^(\S+: output will be in this color\.|Build '|==> |--> |The configuration is valid\.)/.test(line)) current = undefined;
    else if (current && line !== '' && !/^ {2}\(source code not available\)$|^ +\d+: |^ +\^+$/.test(line)) current.push(line);
  }
  return found.map((f) => f.join('\n'));
}

const artifacts = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();

async function studio(c: Case, command: 'validate' | 'build'): Promise<Outcome & { stdout: string }> {
  const dir = templateDir(c);
  const r = await runCli(dir, [command, ...(c.flags ?? []), 't.pkr.hcl'], { PACKER_NO_COLOR: '1' });
  assert.equal(r.stderr, '', `${command} wrote to stderr`);
  return { code: r.code ?? -1, findings: findings(r.stdout), artifacts: artifacts(dir), stdout: r.stdout };
}

function packer(c: Case, command: 'validate' | 'build'): Outcome {
  const dir = templateDir(c);
  const r = spawnSync(PACKER, [command, ...(c.flags ?? []), 't.pkr.hcl'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_NO_COLOR: '1' } });
  return { code: r.status ?? -1, findings: findings(r.stdout + r.stderr), artifacts: artifacts(dir) };
}

describe('per-build errors', () => {
  for (const c of CASES) {
    it(`validate: ${c.name}`, async () => {
      const v = await studio(c, 'validate');
      assert.equal(v.code, c.validate.code, v.stdout);
      assert.deepEqual(v.findings, c.validate.findings, v.stdout);
      if (c.validate.code === 0) assert.match(v.stdout, /^The configuration is valid\.\n$/);
      assert.doesNotMatch(v.stdout, /^ {4}at /m);
    });

    it(`build: ${c.name}`, async () => {
      const b = await studio(c, 'build');
      assert.equal(b.code, c.build.code, b.stdout);
      assert.deepEqual(b.findings, c.build.findings, b.stdout);
      assert.deepEqual(b.artifacts, c.build.artifacts, b.stdout);
      for (const f of b.artifacts) assert.match(b.stdout, new RegExp(`: Stored file: ${f.replace('.', '\\.')}\\n`));
      if (b.artifacts.length > 0 && b.findings.length > 0) {
        // The findings come first, then the builds that prepared cleanly run.
        assert.ok(b.stdout.indexOf('Error: ') < b.stdout.indexOf("Build '"), b.stdout);
      }
      if (b.artifacts.length === 0) assert.doesNotMatch(b.stdout, /Build '/);
    });

    if (c.packer) {
      it(`as Packer 1.6.6: ${c.name}`, { skip: comparePacker ? false : `Packer 1.6.6 is not installed at ${PACKER}` }, async () => {
        for (const command of ['validate', 'build'] as const) {
          const ours = await studio(c, command);
          const theirs = packer(c, command);
          assert.deepEqual({ code: ours.code, findings: ours.findings, artifacts: ours.artifacts }, theirs, `${command}\n${ours.stdout}`);
        }
      });
    }
  }

  // Current Packer (command/build.go) returns when no build prepared and errors were reported; 1.6.6 went on to
  // print "Builds finished but no artifacts were created.".
  it('a bad body in every build: nothing runs, exit 1', async () => {
    const c: Case = { name: 'all bad', text: [GOOD_SOURCE, buildB(BAD_PROVISIONER)].join('\n'), validate: { code: 1, findings: [] }, build: { code: 1, findings: [], artifacts: [] }, packer: false };
    const b = await studio(c, 'build');
    assert.equal(b.code, 1, b.stdout);
    assert.equal(b.findings.length, 1, b.stdout);
    assert.match(b.findings[0]!, /^Error: Failed preparing provisioner-block "shell-local" ""\n {2}on t\.pkr\.hcl line 10:/);
    assert.doesNotMatch(b.stdout, /Build '|Builds finished/);
  });

  // Packer's GetBuilds (since 1.7) adds its -only/-except warnings after the builds' own findings; 1.6.6 had none.
  it('the -only warning comes after the findings of the builds it selected', async () => {
    const c: Case = { ...CASES[0]!, flags: ['-only=b.*,nothing.*'] };
    for (const command of ['validate', 'build'] as const) {
      const r = await studio(c, command);
      assert.equal(r.code, 1, r.stdout);
      assert.deepEqual(
        r.findings.map((f) => f.split('\n')[0]),
        ['Error: Failed preparing provisioner-block "shell-local" ""', "Warning: an 'only' option was passed, but not all matches were found for the given build."],
        r.stdout,
      );
    }
  });

  it('the artifact of the good build holds its content', async () => {
    const dir = templateDir(CASES[0]!);
    const r = await runCli(dir, ['build', 't.pkr.hcl'], { PACKER_NO_COLOR: '1' });
    assert.equal(r.code, 1, r.stdout);
    assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'hello');
    assert.ok(!existsSync(join(dir, 'b.txt')));
  });
});
