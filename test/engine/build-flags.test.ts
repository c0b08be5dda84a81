/**
 * `packer-studio build` flags as whole processes (`node dist/cli.js`), on the null builder with shell-local so
 * no Docker is needed: -parallel-builds, -timestamp-ui, -color, -machine-readable, PACKER_LOG, masking.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './cli-process.js';
import { tempDir } from './harness.js';

const SECRET = 'hunter2-Sup3r';

/** Sources a, b (sleep then succeed) and c (fails unless `c_ok`), each echoing start/end markers. */
function threeBuilds(dir: string): string {
  writeFileSync(
    join(dir, 'three.pkr.hcl'),
    `
variable "token" {
  type      = string
  default   = "${SECRET}"
  sensitive = true
}
source "null" "a" { communicator = "none" }
source "null" "b" { communicator = "none" }
source "null" "c" { communicator = "none" }
build {
  sources = ["source.null.a", "source.null.b", "source.null.c"]
  provisioner "shell-local" {
    inline = ["echo start-\${source.name}", "sleep 0.4", "echo token=\${var.token},comma", "test \${source.name} != c || exit 3", "echo end-\${source.name}"]
  }
  post-processor "manifest" {
    output      = "manifest.json"
    custom_data = { token = var.token }
  }
}
`,
  );
  return 'three.pkr.hcl';
}

const lines = (out: string): string[] => out.split('\n');
const indexOf = (out: string, re: RegExp): number => lines(out).findIndex((l) => re.test(l));

describe('build flags (child process)', () => {
  it('-parallel-builds=1 runs builds one after another; a failing build does not stop the others; exit 1 with the error block', async () => {
    const dir = tempDir();
    const r = await runCli(dir, ['build', '-color=false', '-parallel-builds=1', threeBuilds(dir)]);
    assert.equal(r.code, 1, r.stdout);
    const out = r.stdout;
    // Serial: every line of a comes before the first line of b, b's before c's.
    const firstOf = (n: string): number => indexOf(out, new RegExp(`^(==>|   ) null\\.${n}: `));
    const lastOf = (n: string): number => lines(out).length - 1 - [...lines(out)].reverse().findIndex((l) => new RegExp(`^(==>|   ) null\\.${n}: `).test(l));
    assert.ok(lastOf('a') < firstOf('b') && lastOf('b') < firstOf('c'), out);
    assert.ok(indexOf(out, /^Build 'null\.a' finished after /) < firstOf('b'), out);
    assert.match(out, /^    null\.a: end-a$/m);
    assert.match(out, /^    null\.b: end-b$/m);
    assert.doesNotMatch(out, /end-c/);
    assert.match(out, /^Build 'null\.c' errored after [^:]+: .*exit status: 3/m);
    const block = out.slice(out.indexOf("==> Some builds didn't complete successfully and had errors:"));
    assert.match(out, /\n\n==> Some builds didn't complete successfully and had errors:\n--> null\.c: .*exit status: 3.*\n\n==> Builds finished\. The artifacts of successful builds are:\n/, out);
    assert.match(block, /^--> null\.a: Did not export anything\. This is the null builder$/m);
    assert.match(block, /^--> null\.b: Did not export anything\. This is the null builder$/m);
    assert.doesNotMatch(block, /^--> null\.c: Did not export/m);
    // The manifest holds the two successful builds only.
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    assert.deepEqual(manifest.builds.map((b: { name: string }) => b.name), ['a', 'b']);
  });

  it('-parallel-builds=0 (default) runs all builds at once', async () => {
    const dir = tempDir();
    const r = await runCli(dir, ['build', '-color=false', '-parallel-builds=0', threeBuilds(dir)]);
    assert.equal(r.code, 1, r.stdout);
    // Every build starts before any build finishes its 0.4 s sleep.
    const lastStart = Math.max(...['a', 'b', 'c'].map((n) => indexOf(r.stdout, new RegExp(`^    null\\.${n}: start-${n}$`))));
    const firstEnd = Math.min(...['a', 'b'].map((n) => indexOf(r.stdout, new RegExp(`^    null\\.${n}: end-${n}$`))));
    assert.ok(lastStart >= 0 && lastStart < firstEnd, r.stdout);
  });

  it('-timestamp-ui prefixes the lines of build UIs with an RFC 3339 time; command lines stay bare', async () => {
    const dir = tempDir();
    const r = await runCli(dir, ['build', '-color=false', '-timestamp-ui', '-only=null.a', threeBuilds(dir)]);
    assert.equal(r.code, 0, r.stdout);
    const stamp = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d): ';
    assert.match(r.stdout, new RegExp(`^${stamp}==> null\\.a: Running local shell script: `, 'm'));
    assert.match(r.stdout, new RegExp(`^${stamp}    null\\.a: start-a$`, 'm'));
    assert.match(r.stdout, new RegExp(`^${stamp}Build 'null\\.a' finished after `, 'm'));
    assert.match(r.stdout, /^==> Wait completed after /m);
    assert.match(r.stdout, /^--> null\.a: Did not export anything/m);
    // Every line that mentions the build is stamped.
    for (const l of lines(r.stdout).filter((x) => /null\.a[: ]/.test(x) && !x.startsWith('-->'))) assert.match(l, new RegExp(`^${stamp}`), l);
  });

  it('colours each build (green, cyan, magenta), errors red, with the colour announcement; -color=false and PACKER_NO_COLOR turn it off', async () => {
    const dir = tempDir();
    const tpl = threeBuilds(dir);
    const r = await runCli(dir, ['build', tpl]);
    assert.equal(r.code, 1);
    const esc = '\u001b';
    assert.ok(r.stdout.startsWith(`${esc}[1;32mnull.a: output will be in this color.${esc}[0m\n${esc}[1;36mnull.b: output will be in this color.${esc}[0m\n${esc}[1;35mnull.c: output will be in this color.${esc}[0m\n\n`), r.stdout.slice(0, 300));
    assert.ok(r.stdout.includes(`${esc}[1;32m==> null.a: Running local shell script: `));
    assert.ok(r.stdout.includes(`${esc}[0;36m    null.b: start-b${esc}[0m`));
    assert.ok(r.stdout.includes(`${esc}[0;35m    null.c: start-c${esc}[0m`));
    assert.ok(r.stdout.includes(`${esc}[1;31mBuild 'null.c' errored after `));
    assert.ok(r.stdout.includes(`${esc}[1;31m\n==> Some builds didn't complete successfully and had errors:${esc}[0m`));
    for (const [args, env] of [[['-color=false', tpl], {}], [[tpl], { PACKER_NO_COLOR: '1' }]] as const) {
      const plain = await runCli(dir, ['build', ...args], { ...env });
      assert.equal(plain.code, 1);
      assert.ok(!plain.stdout.includes(esc), plain.stdout);
      assert.doesNotMatch(plain.stdout, /output will be in this color/);
    }
  });

  it('-machine-readable writes CSV rows: ui say/message/error, artifacts, errors; commas and newlines escaped; secrets masked', async () => {
    const dir = tempDir();
    const r = await runCli(dir, ['build', '-machine-readable', threeBuilds(dir)]);
    assert.equal(r.code, 1);
    const rows = lines(r.stdout).filter((l) => l !== '');
    for (const row of rows) assert.match(row, /^\d{10},[^,]*,[^,]+(,[^,]*)*$/, row);
    assert.ok(!r.stdout.includes('\u001b'));
    assert.match(r.stdout, /^\d+,,ui,say,==> null\.a: Running local shell script: \S+$/m);
    assert.match(r.stdout, /^\d+,,ui,message,    null\.b: token=<sensitive>%!\(PACKER_COMMA\)comma$/m);
    assert.match(r.stdout, /^\d+,,ui,error,Build 'null\.c' errored after .*exit status: 3/m);
    assert.match(r.stdout, /^\d+,,ui,say,\\n==> Wait completed after /m);
    assert.match(r.stdout, /^\d+,,error-count,1$/m);
    assert.match(r.stdout, /^\d+,null\.c,error,.*exit status: 3/m);
    assert.match(r.stdout, /^\d+,,ui,error,\\n==> Some builds didn't complete successfully and had errors:$/m);
    for (const n of ['a', 'b']) {
      const at = indexOf(r.stdout, new RegExp(`^\\d+,null\\.${n},artifact-count,2$`));
      assert.ok(at >= 0, r.stdout);
      const block = lines(r.stdout).slice(at + 1, at + 6).map((l) => l.replace(/^\d+,/, ''));
      assert.deepEqual(block, [
        `null.${n},artifact,0,builder-id,fnoeding.null`,
        `null.${n},artifact,0,id,Null`,
        `null.${n},artifact,0,string,Did not export anything. This is the null builder`,
        `null.${n},artifact,0,files-count,0`,
        `null.${n},artifact,0,end`,
      ]);
    }
    assert.doesNotMatch(r.stdout, new RegExp(SECRET));
  });

  it('PACKER_LOG + PACKER_LOG_PATH write a Go-style log with the UI lines, secrets masked; PACKER_LOG alone logs to stderr without UI lines', async () => {
    const dir = tempDir();
    const tpl = threeBuilds(dir);
    const r = await runCli(dir, ['build', '-color=false', '-only=null.a', tpl], { PACKER_LOG: '1', PACKER_LOG_PATH: join(dir, 'logs/packer.log') });
    assert.equal(r.code, 0, r.stdout);
    const log = readFileSync(join(dir, 'logs/packer.log'), 'utf8');
    for (const l of lines(log).filter((x) => x !== '')) assert.match(l, /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, l);
    assert.match(log, /^\S+ \S+ On error: cleanup$/m);
    assert.match(log, /^\S+ \S+ Starting build run: null\.a$/m);
    assert.match(log, /^\S+ \S+ ui:     null\.a: token=<sensitive>,comma$/m);
    assert.match(log, /^\S+ \S+ ui: Build 'null\.a' finished after /m);
    assert.doesNotMatch(log, new RegExp(SECRET));
    assert.equal(r.stderr, '');

    const toStderr = await runCli(dir, ['build', '-color=false', '-only=null.a', tpl], { PACKER_LOG: '1' });
    assert.equal(toStderr.code, 0);
    assert.match(toStderr.stderr, /Starting build run: null\.a/);
    assert.doesNotMatch(toStderr.stderr, /ui:/);
    const quiet = await runCli(dir, ['build', '-color=false', '-only=null.a', tpl], { PACKER_LOG: '0' });
    assert.equal(quiet.stderr, '');
  });

  it('masks sensitive values in every output line, the manifest and machine-readable output', async () => {
    const dir = tempDir();
    const r = await runCli(dir, ['build', '-color=false', '-only=null.b', threeBuilds(dir)]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^    null\.b: token=<sensitive>,comma$/m);
    assert.doesNotMatch(r.stdout, new RegExp(SECRET));
    const manifest = readFileSync(join(dir, 'manifest.json'), 'utf8');
    assert.doesNotMatch(manifest, new RegExp(SECRET));
    assert.equal(JSON.parse(manifest).builds[0].custom_data.token, '<sensitive>');
  });
});
