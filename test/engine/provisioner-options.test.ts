/**
 * Provisioner options common to every provisioner (only/except, override, pause_before, max_retries, timeout)
 * and invalid templates, through `node dist/cli.js build` on the null builder with shell-local.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, type CliResult } from './cli-process.js';
import { tempDir } from './harness.js';

const SOURCES = `
source "null" "a" { communicator = "none" }
source "null" "b" { communicator = "none" }
`;

/** Builds null.a with `provisioners` (its build block's body) as t.pkr.hcl in a fresh directory, without colour. */
async function buildA(provisioners: string): Promise<{ dir: string; r: CliResult }> {
  const dir = tempDir();
  writeFileSync(join(dir, 't.pkr.hcl'), `${SOURCES}\nbuild {\n  sources = ["source.null.a"]\n${provisioners.replace(/^\n/, '')}}\n`);
  return { dir, r: await runCli(dir, ['build', '-color=false', 't.pkr.hcl']) };
}

describe('provisioner common options', () => {
  it('only/except pick sources; override replaces settings for one source', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 't.pkr.hcl'),
      `${SOURCES}
build {
  sources = ["source.null.a", "source.null.b"]
  provisioner "shell-local" {
    only   = ["null.a"]
    inline = ["echo only-a-ran"]
  }
  provisioner "shell-local" {
    except = ["null.a"]
    inline = ["echo except-a-ran"]
  }
  provisioner "shell-local" {
    inline = ["echo greeting=default"]
    override = {
      b = { inline = ["echo greeting=overridden"] }
    }
  }
}
`,
    );
    const r = await runCli(dir, ['build', '-color=false', 't.pkr.hcl']);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^    null\.a: only-a-ran$/m);
    assert.doesNotMatch(r.stdout, /null\.b: only-a-ran/);
    assert.match(r.stdout, /^    null\.b: except-a-ran$/m);
    assert.doesNotMatch(r.stdout, /null\.a: except-a-ran/);
    assert.match(r.stdout, /^    null\.a: greeting=default$/m);
    assert.match(r.stdout, /^    null\.b: greeting=overridden$/m);
    assert.doesNotMatch(r.stdout, /null\.b: greeting=default/);
  });

  it('pause_before waits before the provisioner; max_retries reruns a failing provisioner', async () => {
    const { dir, r } = await buildA(`
  provisioner "shell-local" {
    inline = ["date +%s%N > before.txt"]
  }
  provisioner "shell-local" {
    pause_before = "1s"
    inline       = ["date +%s%N > after.txt"]
  }
  provisioner "shell-local" {
    max_retries = 3
    inline      = ["echo try >> tries.txt", "test $(wc -l < tries.txt) -ge 2 || exit 4", "echo retried-ok"]
  }
`);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^==> null\.a: Pausing 1s before the next provisioner\.\.\.$/m);
    const waitedMs = (Number(readFileSync(join(dir, 'after.txt'), 'utf8')) - Number(readFileSync(join(dir, 'before.txt'), 'utf8'))) / 1e6;
    assert.ok(waitedMs >= 1000, `waited ${waitedMs} ms`);
    assert.equal(readFileSync(join(dir, 'tries.txt'), 'utf8'), 'try\ntry\n');
    assert.match(r.stdout, /^==> null\.a: Provisioner failed with "Script exited with non-zero exit status: 4\. Allowed exit codes are: \[0\]", retrying with 3 trie\(s\) left$/m);
    assert.match(r.stdout, /^    null\.a: retried-ok$/m);
  });

  it('max_retries gives up after the last try with the error', async () => {
    const { dir, r } = await buildA(`
  provisioner "shell-local" {
    max_retries = 1
    inline      = ["echo try >> tries.txt", "exit 5"]
  }
`);
    assert.equal(r.code, 1, r.stdout);
    assert.equal(readFileSync(join(dir, 'tries.txt'), 'utf8'), 'try\ntry\n');
    assert.match(r.stdout, /retrying with 1 trie\(s\) left$/m);
    assert.match(r.stdout, /^--> null\.a: .*exit status: 5/m);
  });

  it('timeout kills a provisioner that runs too long, with the error text', async () => {
    const start = Date.now();
    const { r } = await buildA(`
  provisioner "shell-local" {
    timeout = "1s"
    inline  = ["echo started", "sleep 20", "echo not-reached"]
  }
`);
    const took = Date.now() - start;
    assert.equal(r.code, 1, r.stdout);
    assert.ok(took < 10000, `took ${took} ms`);
    assert.match(r.stdout, /^==> null\.a: Setting a 1s timeout for the next provisioner\.\.\.$/m);
    assert.match(r.stdout, /^==> null\.a: Cancelling provisioner after a timeout\.\.\.$/m);
    assert.doesNotMatch(r.stdout, /not-reached/);
    assert.match(r.stdout, /^Build 'null\.a' errored after .*: .*context deadline exceeded/m);
  });
});

/** validate has no -color flag; the environment turns colour off for both commands. */
const NO_COLOR = { PACKER_NO_COLOR: '1' };

/**
 * Validates and builds `template`, written as `name` in a fresh directory: both exit 1 with the same output,
 * no build starts and nothing is created. Resolves to that output.
 */
async function refused(name: string, template: string): Promise<string> {
  const dir = tempDir();
  writeFileSync(join(dir, name), template);
  const validate = await runCli(dir, ['validate', name], NO_COLOR);
  const build = await runCli(dir, ['build', name], NO_COLOR);
  assert.equal(validate.code, 1, validate.stdout);
  assert.equal(build.code, 1, build.stdout);
  assert.equal(build.stdout, validate.stdout);
  assert.doesNotMatch(build.stdout, /==>|Running local shell script|Builds finished|No builds to run/);
  assert.deepEqual(readdirSync(dir), [name]);
  return build.stdout;
}

/** Builds null.a and null.b: a provisioner that would leave provisioned.txt, then `second`'s body and `postProcessor`. */
const twoBuilds = (second: string, postProcessor: string): string => `${SOURCES}
build {
  sources = ["source.null.a", "source.null.b"]
  provisioner "shell-local" {
    inline = ["touch provisioned.txt"]
  }
  provisioner "shell-local" {
    ${second}
  }
  ${postProcessor}
}
`;

describe('invalid templates never start a build', () => {
  it('prints the same diagnostics as validate, exits 1 and creates nothing', async () => {
    const out = await refused('bad.pkr.hcl', twoBuilds('inline      = ["true"]\n    not_a_field = 1', 'post-processor "manifest" {\n    output = "manifest.json"\n  }'));
    assert.match(out, /not_a_field/);
    assert.match(out, /bad\.pkr\.hcl line \d+/);
  });

  it('a build whose builder, provisioner or post-processor fails to prepare is reported and left out; the others run, exit 1', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'reject.pkr.hcl'),
      `${SOURCES}
source "null" "c" { communicator = "none" }
source "null" "d" { communicator = "ssh" }
build {
  sources = ["source.null.a", "source.null.b", "source.null.c", "source.null.d"]
  provisioner "shell-local" {
    inline = ["touch provisioned-\${source.name}.txt"]
  }
  provisioner "shell-local" {
    only   = ["null.b"]
    inline = ["true"]
    script = "missing.sh"
  }
  post-processor "checksum" {
    only           = ["null.c"]
    checksum_types = ["crc99"]
  }
}
`,
    );
    const r = await runCli(dir, ['build', 'reject.pkr.hcl'], NO_COLOR);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /^Error: Failed preparing provisioner-block "shell-local" ""\n\n  on reject\.pkr\.hcl line 12:\n  12:   provisioner "shell-local" \{\n        \^+\n\n2 error\(s\) occurred:\n\n\* You may only specify one of/m);
    assert.match(r.stdout, /^\* Bad script 'missing\.sh'/m);
    assert.match(r.stdout, /^Error: Failed preparing post-processor-block "checksum" ""\n\n  on reject\.pkr\.hcl line 17:\n  17:   post-processor "checksum" \{\n/m);
    assert.match(r.stdout, /^Error: 4 error\(s\) occurred:\n\n\* An ssh_username must be specified\n[^]*\n  on reject\.pkr\.hcl line 6:\n   6: source "null" "d"/m);
    // The diagnostics come first, then only the build that prepared runs and is listed.
    assert.ok(r.stdout.indexOf('Error: ') < r.stdout.indexOf('==> null.a: Running local shell script'), r.stdout);
    assert.match(r.stdout, /^Build 'null\.a' finished after /m);
    assert.match(r.stdout, /^==> Builds finished\. The artifacts of successful builds are:\n--> null\.a: /m);
    assert.doesNotMatch(r.stdout, /null\.[bcd]: |'null\.[bcd]'|No builds to run/);
    assert.deepEqual(readdirSync(dir).sort(), ['provisioned-a.txt', 'reject.pkr.hcl']);
  });

  it('a source missing a required argument rules out its build only; a post-processor dropped by -except is not prepared', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 't.pkr.hcl'),
      `source "file" "x" {\n  content = "a"\n}\n${SOURCES}
build {
  sources = ["source.file.x", "source.null.a"]
  provisioner "shell-local" {
    inline = ["touch provisioned-\${source.name}.txt"]
  }
  post-processor "artifice" {
    name = "art"
  }
}
`,
    );
    // artifice requires files: only -except keeps that from ruling out both builds.
    const r = await runCli(dir, ['build', '-except=art', 't.pkr.hcl'], NO_COLOR);
    assert.equal(r.code, 1, r.stdout);
    assert.equal((r.stdout.match(/^Error: /gm) ?? []).length, 1, r.stdout);
    // As Packer's file builder words it (its prepare step), on the source block.
    assert.match(r.stdout, /^Error: 1 error\(s\) occurred:\n\n\* target required\n\n  on t\.pkr\.hcl line 1:\n/m);
    assert.match(r.stdout, /^Build 'null\.a' finished after /m);
    assert.deepEqual(readdirSync(dir).sort(), ['provisioned-a.txt', 't.pkr.hcl']);
  });

  it('when every build fails to prepare nothing runs; a build stops at its first failing stage, once per build', async () => {
    const out = await refused('reject.pkr.hcl', twoBuilds('inline = ["true"]\n    script = "missing.sh"', 'post-processor "checksum" {\n    checksum_types = ["crc99"]\n  }'));
    // Once per build using the block: Packer's GetBuilds prepares the provisioners for each source of the build
    // and appends each failure (hcl2template/types.packer_config.go, getCoreBuildProvisioners per source use).
    assert.equal((out.match(/^Error: Failed preparing provisioner-block "shell-local" ""$/gm) ?? []).length, 2, out);
    // Like Packer's GetBuilds, post-processors are not prepared for a build whose provisioners failed.
    assert.doesNotMatch(out, /checksum/);
  });

  it('a syntax error or an unknown variable is reported like validate, nothing runs', async () => {
    assert.match(await refused('syntax.pkr.hcl', `${SOURCES}\nbuild {\n  sources = ["source.null.a"\n}\n`), /^Error: /m);
    assert.match(await refused('vars.pkr.hcl', `${SOURCES}\nbuild {\n  sources = ["source.null.a"]\n  provisioner "shell-local" {\n    inline = ["touch ran-\${var.nope}"]\n  }\n}\n`), /^Error: /m);
  });
});
