// `-machine-readable` diagnostics of the bundled CLI as a process, row for row. The expected rows are what Packer
// 1.6.6 (/usr/bin/packer) printed for these same files, except where current Packer differs (noted per case):
// every row is `<unix seconds>,,ui,<say|error>,<text>`, the text being HCL's diagnostic writer output (width 80,
// trailing blank line kept) with commas as `%!(PACKER_COMMA)` and newlines as `\n`; one row per writeDiags call.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKER_COMPAT_VERSION } from '../../server/src/packer/version.js';

const CLI = join(process.cwd(), 'dist/cli.js');
let dir = '';

const NULL_SOURCE = `source "null" "a" {
  communicator = "none"
}
`;

const FILES: Record<string, string> = {
  'syntax/a.pkr.hcl': `source "null" "a" {
  communicator = {a = 1 b = 2}
}

build {
  sources = ["source.null.a"]
}
`,
  'undeclared/a.pkr.hcl': `${NULL_SOURCE}
build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["echo \${var.nope}, done"]
  }
}
`,
  'warning/a.pkr.hcl': `${NULL_SOURCE}build {
  sources = ["source.null.a"]
}
`,
  'warning/extra.pkrvars.hcl': 'foo = "bar"\n',
  'condition/wrong-type.pkrvars.hcl': 'size = "abc"\n',
  'unset/a.pkr.hcl': `variable "region" {
  type = string
}
${NULL_SOURCE}build {
  sources = ["source.null.a"]
}
`,
  'toplevel/a.pkr.hcl': `foo {
}
variable "x" {
  bogus = 1
}
${NULL_SOURCE}build {
  sources = ["source.null.a"]
}
`,
  'version/a.pkr.hcl': `packer {
  required_version = ">= 99.0"
}
${NULL_SOURCE}build {
  sources = ["source.null.a"]
}
`,
  'labels/a.pkr.hcl': `source "null" {
  communicator = "none"
}
${NULL_SOURCE}build {
  sources = ["source.null.a"]
}
`,
  'redefined/a.pkr.hcl': `foo {
}
${NULL_SOURCE.replace('}', '  communicator = "ssh"\n}')}build {
  sources = ["source.null.a"]
}
`,
  'shared/a.pkr.hcl': `source "null" "bad" {
  communicator = var.nope
}
build {
  name    = "a"
  sources = ["source.null.bad"]
}
build {
  name    = "b"
  sources = ["source.null.bad"]
}
`,
  'columns/a.pkr.hcl': `${NULL_SOURCE}build {
  source "source.null.a" {
    name = "one"
  }
  source "source.null.a" {
    name = "two"
  }
  provisioner "shell-local" {
    inline = ["日本語 🎉 cafe\u0301", var.missing]
  }
}
`,
  'plugins/a.pkr.hcl': `packer {
  required_plugins {
    foo = {
      source  = "github.com/acme/foo"
      version = ">= 1.0"
    }
  }
}
`,
  'legacy.json': '{"builders":[{"type":"null"}]}\n',
  'notes.txt': 'not HCL\n',
  'todo.txt': 'not HCL either\n',
  'condition/a.pkr.hcl': `variable "size" {
  type    = number
  default = 3
  validation {
    condition     = var.size > 10
    error_message = "The size must be greater than 10, got a smaller one."
  }
}
${NULL_SOURCE}build {
  sources = ["source.null.a"]
}
`,
  // The first line of the message is exactly 80 characters: go-wordwrap keeps it whole.
  'wrapped/a.pkr.hcl': `variable "size" {
  type    = number
  default = 3
  validation {
    condition     = var.size > 10
    error_message = "${'A'.repeat(74)} bcdef next word here."
  }
}
${NULL_SOURCE}build {
  sources = ["source.null.a"]
}
`,
  'secret/a.pkr.hcl': `variable "token" {
  type      = string
  default   = "s3cr3t-value"
  sensitive = true
}
${NULL_SOURCE}build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline           = ["echo hi"]
    environment_vars = ["TOKEN\${var.token}"]
  }
}
`,
};

before(() => {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
  dir = mkdtempSync(join(tmpdir(), 'machine-diags-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
});

after(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly code: number | null;
  /** The rows less their timestamps and the comma after them (each checked to be the run's time in Unix seconds). */
  readonly rows: string[];
  readonly stderr: string;
}

function run(args: readonly string[], input = ''): Run {
  const from = Math.floor(Date.now() / 1000);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, input, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir } });
  const to = Math.floor(Date.now() / 1000);
  assert.ok(r.stdout.endsWith('\n'), r.stdout);
  const rows = r.stdout
    .slice(0, -1)
    .split('\n')
    .map((row) => {
      const m = /^(\d+),(.*)$/.exec(row);
      assert.ok(m, `not a machine-readable row: ${row}`);
      const at = Number(m[1]);
      assert.ok(at >= from && at <= to, `timestamp ${at} outside ${from}..${to}`);
      return m[2]!;
    });
  return { code: r.status, rows, stderr: r.stderr };
}

const SYNTAX = String.raw`,ui,error,Error: Missing attribute separator\n\n  on syntax/a.pkr.hcl line 2%!(PACKER_COMMA) in source "null" "a":\n   2:   communicator = {a = 1 b = 2}\n\nExpected a newline or comma to mark the beginning of the next attribute.\n\n`;

// Found when GetBuilds prepares the provisioner: Packer's writeDiags then has no files, hence no source line.
const UNDECLARED = String.raw`,ui,error,Error: Failed preparing provisioner-block "shell-local" ""\n\n  on undeclared/a.pkr.hcl line 7:\n  (source code not available)\n\nundeclared/a.pkr.hcl:8%!(PACKER_COMMA)26-31: Unsupported attribute; This object does not have\nan attribute named "nope".\n\n`;

// Found while initializing (variable validation): no files either.
const CONDITION = String.raw`,ui,error,Error: Invalid value for default variable\n\n  on condition/a.pkr.hcl line 3:\n  (source code not available)\n\nThe size must be greater than 10%!(PACKER_COMMA) got a smaller one.\n\nThis was checked by the validation rule at condition/a.pkr.hcl:4%!(PACKER_COMMA)3-13.\n\n`;

const WRAPPED = String.raw`,ui,error,Error: Invalid value for default variable\n\n  on wrapped/a.pkr.hcl line 3:\n  (source code not available)\n\n${'A'.repeat(74)} bcdef\nnext word here.\n\nThis was checked by the validation rule at wrapped/a.pkr.hcl:4%!(PACKER_COMMA)3-13.\n\n`;

// Current Packer's text (hcl2template/types.variables.go); 1.6.6 said `A "foo" variable was set but was not found
// in known variables. To declare variable "foo", place this block in one of your .pkr files, such as
// variables.pkr.hcl`. No subject, so no `on` line.
const UNDECLARED_VAR_WARNING = String.raw`,ui,say,Warning: Undefined variable\n\nThe variable "foo" was set but was not declared as an input variable.\nTo declare variable "foo" place this block in one of your .pkr.hcl files%!(PACKER_COMMA) such\nas variables.pkr.hcl\n\nvariable "foo" {\n  type    = string\n  default = null\n}\n\n`;

// Packer 1.6.6 printed `TOKENs3cr3t-value` here: its MachineReadableUi filtered the secret, then escaped the
// unfiltered string. Current Packer scrubs the secrets before escaping, as its human UI always did.
const SECRET = String.raw`,ui,error,Error: Failed preparing provisioner-block "shell-local" ""\n\n  on secret/a.pkr.hcl line 11:\n  (source code not available)\n\n1 error(s) occurred:\n\n* Environment variable not in format 'key=value': TOKEN<sensitive>\n\n`;

for (const command of ['validate', 'build']) {
  test(`${command} -machine-readable: a syntax error, with its source line and block, exit 1`, () => {
    const r = run([command, '-machine-readable', 'syntax']);
    assert.deepEqual(r.rows, [SYNTAX]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
  });

  // Packer 1.6.6's build went on to run no builds (`==> Wait completed …`, `==> Builds finished but no artifacts
  // were created.`); current Packer's build returns when GetBuilds failed and left no build to run.
  test(`${command} -machine-readable: an undeclared variable in a provisioner, exit 1`, () => {
    const r = run([command, '-machine-readable', 'undeclared']);
    assert.deepEqual(r.rows, [UNDECLARED]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
  });

  test(`${command} -machine-readable: a failed validation condition, exit 1`, () => {
    const r = run([command, '-machine-readable', 'condition']);
    assert.deepEqual(r.rows, [CONDITION]);
    assert.equal(r.code, 1);
  });

  test(`${command} -machine-readable: details wrapped at 80 characters like go-wordwrap`, () => {
    const r = run([command, '-machine-readable', 'wrapped']);
    assert.deepEqual(r.rows, [WRAPPED]);
  });

  test(`${command} -machine-readable: a sensitive value in a diagnostic is masked`, () => {
    const r = run([command, '-machine-readable', 'secret']);
    assert.deepEqual(r.rows, [SECRET]);
    assert.ok(!r.rows.join('\n').includes('s3cr3t'));
    assert.equal(r.code, 1);
  });
}

test('validate -machine-readable: a warning is a ui,say row, then the verdict; exit 0', () => {
  const r = run(['validate', '-machine-readable', '-var-file=warning/extra.pkrvars.hcl', 'warning']);
  // 1.6.6 printed no verdict; current Packer says `The configuration is valid.` after the warnings.
  assert.deepEqual(r.rows, [UNDECLARED_VAR_WARNING, ',ui,say,The configuration is valid.']);
  assert.equal(r.code, 0);
});

test('validate -machine-readable: a warning found parsing and an error found initializing are two rows', () => {
  const r = run(['validate', '-machine-readable', '-var-file=warning/extra.pkrvars.hcl', 'condition']);
  assert.deepEqual(r.rows, [UNDECLARED_VAR_WARNING, CONDITION]);
  assert.equal(r.code, 1);
});

// Packer's diagnostic has only a context range (hcl2template/types.variables.go), so no location lines. 1.6.6 linked
// https://packer.io/docs/configuration/from-1.5/syntax.
test('validate -machine-readable: an unset variable', () => {
  const r = run(['validate', '-machine-readable', 'unset']);
  assert.deepEqual(r.rows, [
    String.raw`,ui,error,Error: Unset variable "region"\n\nA used variable must be set or have a default value; see\nhttps://packer.io/docs/templates/hcl_templates/syntax for details.\n\n`,
  ]);
  assert.equal(r.code, 1);
});

// The value from the var file fails to convert while Packer parses, so it never initializes: the default's failed
// validation is not reported.
test('validate -machine-readable: an error found parsing (a var file) ends the output', () => {
  const r = run(['validate', '-machine-readable', '-var-file=condition/wrong-type.pkrvars.hcl', 'condition']);
  assert.deepEqual(r.rows, [
    String.raw`,ui,error,Error: Invalid value for variable\n\n  on condition/wrong-type.pkrvars.hcl line 1:\n   1: size = "abc"\n\nThe value for size is not compatible with the variable's type constraint: a\nnumber is required.\n\n`,
  ]);
  assert.equal(r.code, 1);
});

test('build -machine-readable -warn-on-undeclared-var: the warning row, then the build runs; exit 0', () => {
  // Current Packer's build warns only with -warn-on-undeclared-var (1.6.6 always warned and had no such flag).
  const r = run(['build', '-machine-readable', '-warn-on-undeclared-var', '-var-file=warning/extra.pkrvars.hcl', 'warning']);
  assert.equal(r.rows[0], UNDECLARED_VAR_WARNING);
  assert.match(r.rows[1]!, /^,ui,say,Build 'null\.a' finished after /);
  assert.ok(r.rows.includes('null.a,artifact-count,1'), r.rows.join('\n'));
  assert.equal(r.code, 0);
});

// GetBuilds' warnings are one writeDiags call, then build's own "No builds to run" another (Packer 1.6.6 warned
// about nothing here and ran no builds with exit 0).
test('build -machine-readable: an -only matching nothing is a ui,say row, then No builds to run; exit 1', () => {
  const r = run(['build', '-machine-readable', '-only=nomatch.*', 'warning']);
  assert.deepEqual(r.rows, [
    String.raw`,ui,say,Warning: an 'only' option was passed%!(PACKER_COMMA) but not all matches were found for the given build.\n\nPossible build names: [null.a].\nThese could also be matched with a glob pattern like: 'happycloud.*'\n\n`,
    String.raw`,ui,error,Error: No builds to run\n\nA build command cannot run without at least one build to process. If the only or\nexcept flags have been specified at run time check that at least one build is\nselected for execution.\n\n`,
  ]);
  assert.equal(r.code, 1);
});

test('build -machine-readable: no warning without -warn-on-undeclared-var', () => {
  const r = run(['build', '-machine-readable', '-var-file=warning/extra.pkrvars.hcl', 'warning']);
  assert.ok(!r.rows.some((row) => row.includes('Warning:')), r.rows.join('\n'));
  assert.equal(r.code, 0);
});

// Piped console: each line's diagnostics through writeDiags without files, then ui.Message of the last result.
test('console -machine-readable: an error row per failing line, then the last result as ui,message; exit 1', () => {
  const r = run(['console', '-machine-readable', 'secret'], 'var.nope\n');
  assert.deepEqual(r.rows, [
    String.raw`,ui,error,Error: Unsupported attribute\n\n  on <console-input> line 1:\n  (source code not available)\n\nThis object does not have an attribute named "nope".\n\n`,
    ',ui,message,',
  ]);
  assert.equal(r.code, 1);
});

test('console -machine-readable: the result as ui,message, a sensitive one masked; exit 0', () => {
  assert.deepEqual(run(['console', '-machine-readable', 'secret'], '1+1\n').rows, [',ui,message,2']);
  // Packer 1.6.6 printed `s3cr3t-value` (see SECRET); current Packer's machine-readable UI scrubs it.
  const r = run(['-machine-readable', 'console', 'secret'], 'var.token\n');
  assert.deepEqual(r.rows, [',ui,message,<sensitive>']);
  assert.equal(r.code, 0);
});

// fmt's writeDiags gets every problem at once: one ui.Error row (current Packer's fmt takes several paths). Packer
// 1.6.6 said `Error: Cannot tell whether notes.txt contains HCL2 configuration data`; the detail is current Packer's.
test('fmt -machine-readable: all the files it could not format in one ui,error row; exit 1', () => {
  const r = run(['fmt', '-machine-readable', 'notes.txt', 'todo.txt']);
  assert.deepEqual(r.rows, [
    String.raw`,ui,error,Error: encountered an error while formatting notes.txt\n\nfile notes.txt is not a HCL file\n\nError: encountered an error while formatting todo.txt\n\nfile todo.txt is not a HCL file\n\n`,
  ]);
  assert.equal(r.code, 1);
});

// init: GetConfig's writeDiags (parsing, with the files), then ui.Message / ui.Error lines as rows.
test('init -machine-readable: a syntax error row with its source, exit 1', () => {
  const r = run(['init', '-machine-readable', 'syntax']);
  assert.deepEqual(r.rows, [SYNTAX]);
  assert.equal(r.code, 1);
});

test('init -machine-readable: no requirements is a ui,message row; exit 0', () => {
  const r = run(['init', '-machine-readable', 'condition']);
  assert.deepEqual(r.rows, [
    String.raw`,ui,message,\nNo plugins requirement found%!(PACKER_COMMA) make sure you reference a Packer config\ncontaining a packer.required_plugins block. See\nhttps://www.packer.io/docs/templates/hcl_templates/blocks/packer\nfor more info.`,
  ]);
  assert.equal(r.code, 0);
});

test('init -machine-readable: a plugin it cannot provide is two ui,error rows, as Packer reports a failed install; exit 1', () => {
  const r = run(['-machine-readable', 'init', 'plugins']);
  assert.equal(r.rows.length, 2, r.rows.join('\n'));
  assert.equal(r.rows[0], ',ui,error,Failed getting the "github.com/acme/foo" plugin:');
  assert.match(r.rows[1]!, /^,ui,error,"github\.com\/acme\/foo" \(required as "foo"\) is not built into packer-studio%!\(PACKER_COMMA\) /);
  assert.equal(r.code, 1);
});

// fix and hcl2_upgrade print plain UI messages (errors included) as rows on stdout, like any Packer command.
test('fix -machine-readable: the fixed template as a ui,say row; an error as a ui,error row on stdout', () => {
  const ok = run(['-machine-readable', 'fix', 'legacy.json']);
  assert.deepEqual(ok.rows, [String.raw`,ui,say,{\n  "builders": [\n    {\n      "type": "null"\n    }\n  ]\n}\n`]);
  assert.equal(ok.code, 0);
  const bad = run(['fix', '-machine-readable', 'missing.json']);
  assert.deepEqual(bad.rows, [',ui,error,Error opening template: open missing.json: no such file or directory']);
  assert.equal(bad.stderr, '');
  assert.equal(bad.code, 1);
});

test('hcl2_upgrade -machine-readable: ui,say on success; each error its own ui,error row', () => {
  const ok = run(['hcl2_upgrade', '-machine-readable', '-output-file=upgraded.pkr.hcl', 'legacy.json']);
  // 1.6.6 said `Successfully created t.json.pkr.hcl ` (no exit status).
  assert.deepEqual(ok.rows, [',ui,say,Successfully created upgraded.pkr.hcl. Exit 0']);
  assert.equal(ok.code, 0);
  const bad = run(['-machine-readable', 'hcl2_upgrade', 'missing.json']);
  assert.equal(bad.rows.length, 2, bad.rows.join('\n'));
  assert.match(bad.rows[0]!, /^,ui,error,Failed to parse file as legacy JSON template: .* \\nOriginal error: open missing\.json: no such file or directory$/);
  assert.equal(bad.rows[1], ',ui,error,Failed to get config from JSON');
  assert.equal(bad.stderr, '');
  assert.equal(bad.code, 1);
});

// What Packer's Parse finds (hcl2template/parser.go: the top-level schema, variable blocks, required_version,
// labels) is printed with the files: source lines and the `, in <block>` context. Packer 1.6.6 printed the
// top-level errors twice (its variable and locals decoders each checked the schema); current Packer checks it once.
const TOP_LEVEL = String.raw`Error: Unsupported block type\n\n  on toplevel/a.pkr.hcl line 1%!(PACKER_COMMA) in foo:\n   1: foo {\n\nBlocks of type "foo" are not expected here.\n\nError: Unsupported argument\n\n  on toplevel/a.pkr.hcl line 4%!(PACKER_COMMA) in variable "x":\n   4:   bogus = 1\n\nAn argument named "bogus" is not expected here.\n\n`;

for (const command of ['validate', 'build']) {
  // Variable x has no value either, but Packer reports unset variables when it initializes, which it never does.
  test(`${command} -machine-readable: top-level schema and variable block errors with their source; nothing later`, () => {
    const r = run([command, '-machine-readable', 'toplevel']);
    assert.deepEqual(r.rows, [`,ui,error,${TOP_LEVEL}`]);
    assert.equal(r.code, 1);
  });

  // Each build decodes the source body again (GetBuilds), so Packer prints its error once per build. Packer 1.6.6's
  // build then printed `==> Builds finished but no artifacts were created.`; current Packer returns (no build left).
  test(`${command} -machine-readable: a source body error, once per build using the source`, () => {
    const nope = String.raw`Error: Unsupported attribute\n\n  on shared/a.pkr.hcl line 2:\n  (source code not available)\n\nThis object does not have an attribute named "nope".\n\n`;
    const r = run([command, '-machine-readable', 'shared']);
    assert.deepEqual(r.rows, [`,ui,error,${nope}${nope}`]);
    assert.equal(r.code, 1);
  });

  // HCL's range text counts columns in characters: CJK, an emoji and a combining accent count one each.
  test(`${command} -machine-readable: a provisioner error once per source, at HCL's character columns`, () => {
    const failed = String.raw`Error: Failed preparing provisioner-block "shell-local" ""\n\n  on columns/a.pkr.hcl line 11:\n  (source code not available)\n\ncolumns/a.pkr.hcl:12%!(PACKER_COMMA)32-40: Unsupported attribute; This object does not have an\nattribute named "missing".\n\n`;
    const r = run([command, '-machine-readable', 'columns']);
    assert.deepEqual(r.rows, [`,ui,error,${failed}${failed}`]);
    assert.equal(r.code, 1);
  });
}

test('validate -machine-readable: a parse warning joins the parse errors in one row', () => {
  const r = run(['validate', '-machine-readable', '-var-file=warning/extra.pkrvars.hcl', 'toplevel']);
  assert.deepEqual(r.rows, [`,ui,error,${TOP_LEVEL}${UNDECLARED_VAR_WARNING.slice(',ui,say,'.length)}`]);
  assert.equal(r.code, 1);
});

// The wording is current Packer's (1.6.6: `... or update this version constraint.`), its version ours.
test('validate -machine-readable: an unsupported required_version, with its source', () => {
  const r = run(['validate', '-machine-readable', 'version']);
  assert.deepEqual(r.rows, [
    String.raw`,ui,error,Error: Unsupported Packer Core version\n\n  on version/a.pkr.hcl line 2%!(PACKER_COMMA) in packer:\n   2:   required_version = ">= 99.0"\n\n` +
      String.raw`This configuration does not support Packer version ${PACKER_COMPAT_VERSION}. To proceed%!(PACKER_COMMA) either\nchoose another supported Packer version or update the root module's version\nconstraint. Version constraints are normally set for good reason%!(PACKER_COMMA) so updating\nthe constraint may lead to other errors or unexpected behavior.\n\n`,
  ]);
  assert.equal(r.code, 1);
});

// Packer 1.6.6 printed it twice (see TOP_LEVEL).
test('validate -machine-readable: a source block without its name label, once, with its source', () => {
  const r = run(['validate', '-machine-readable', 'labels']);
  assert.deepEqual(r.rows, [
    String.raw`,ui,error,Error: Missing name for source\n\n  on labels/a.pkr.hcl line 1%!(PACKER_COMMA) in source "null":\n   1: source "null" {\n\nAll source blocks must have 2 labels (type%!(PACKER_COMMA) name).\n\n`,
  ]);
  assert.equal(r.code, 1);
});

// hclsyntax's parser rejects the argument set twice; Parse returns with the files' syntax errors alone, so the
// unsupported `foo` block is not reported.
test('validate -machine-readable: an argument set twice is a syntax error, reported alone', () => {
  const r = run(['validate', '-machine-readable', 'redefined']);
  assert.deepEqual(r.rows, [
    String.raw`,ui,error,Error: Attribute redefined\n\n  on redefined/a.pkr.hcl line 5%!(PACKER_COMMA) in source "null" "a":\n   5:   communicator = "ssh"\n\nThe argument "communicator" was already set at redefined/a.pkr.hcl:4%!(PACKER_COMMA)3-15. Each\nargument may be set only once.\n\n`,
  ]);
  assert.equal(r.code, 1);
});

// -syntax-only stops after Packer's Parse: what it finds is reported, an unset variable (found later) is not.
test('validate -syntax-only -machine-readable: every parse finding, exit 1', () => {
  const r = run(['validate', '-syntax-only', '-machine-readable', 'toplevel']);
  assert.deepEqual(r.rows, [`,ui,error,${TOP_LEVEL}`]);
  assert.equal(r.code, 1);
});

test('validate -syntax-only -machine-readable: a var-file warning, then the pass; an unset variable is not checked', () => {
  const r = run(['validate', '-syntax-only', '-machine-readable', '-var-file=warning/extra.pkrvars.hcl', 'unset']);
  assert.deepEqual(r.rows, [UNDECLARED_VAR_WARNING, ',ui,say,Syntax-only check passed. Everything looks okay.']);
  assert.equal(r.code, 0);
});
