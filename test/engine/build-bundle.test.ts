/**
 * `packer-studio build` runs from its own CommonJS bundle (dist/cli/build.cjs, see scripts/build.mjs), never
 * the ES module graph of the other commands, and requires each I/O library's side bundle only when a build
 * uses it. The files a process loaded come from the recorder shared with lazy-components.test.ts. Run
 * `npm run build` first.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI } from './cli-process.js';
import { BASE_IMAGE, dockerUnavailable, tempDir } from './harness.js';

const RECORDER = join(__dirname, 'fixtures/record-modules/register.mjs');
const CLI_DIR = join(dirname(CLI), 'cli');

/** The names of the files in dist/cli/ that the CLI process loaded, with its output and exit status. */
function filesLoaded(dir: string, args: readonly string[]): { files: Set<string>; stdout: string; status: number | null } {
  const record = join(dir, 'modules.txt');
  writeFileSync(record, '');
  const r = spawnSync(process.execPath, ['--import', RECORDER, CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, RECORD_MODULES: record, PACKER_NO_COLOR: '1' } });
  const files = new Set(readFileSync(record, 'utf8').split('\n').filter((f) => dirname(f) === CLI_DIR).map((f) => basename(f)));
  return { files, stdout: r.stdout + r.stderr, status: r.status };
}

const esModules = (files: Set<string>): string[] => [...files].filter((f) => f.endsWith('.mjs'));
const SIDE_BUNDLES = ['lazy-dockerode.cjs', 'lazy-tar-stream.cjs', 'lazy-ssh2.cjs', 'lazy-picomatch.cjs'];

describe('the build command bundle', () => {
  it('a build without I/O libraries loads build.cjs alone, with the command as runCli hands it over', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'local.pkr.hcl'),
      'source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.a"]\n  provisioner "shell-local" {\n    inline = ["echo from-shell-local"]\n  }\n}\n',
    );
    const r = filesLoaded(dir, ['build', 'local.pkr.hcl']);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^    null\.a: from-shell-local$/m);
    assert.ok(r.files.has('build.cjs'), [...r.files].join(' '));
    assert.deepEqual(esModules(r.files), []);
    assert.deepEqual(SIDE_BUNDLES.filter((f) => r.files.has(f)), []);

    // -machine-readable anywhere on the line: still the build bundle, and the flag reaches the command.
    const mr = filesLoaded(dir, ['-machine-readable', 'build', 'local.pkr.hcl']);
    assert.equal(mr.status, 0, mr.stdout);
    assert.ok(mr.files.has('build.cjs'));
    assert.match(mr.stdout, /^\d+,,ui,message,    null\.a: from-shell-local$/m);
    const after = filesLoaded(dir, ['build', 'local.pkr.hcl', '-machine-readable']);
    assert.equal(after.status, 0, after.stdout);
    assert.ok(after.files.has('build.cjs'));
    assert.match(after.stdout, /^\d+,,ui,message,    null\.a: from-shell-local$/m);
  });

  it('globs (fileset, artifice) require picomatch from its side bundle when a build uses them', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in-a.txt'), 'a');
    writeFileSync(join(dir, 'in-b.log'), 'b');
    writeFileSync(
      join(dir, 'glob.pkr.hcl'),
      `locals {
  found = fileset(path.root, "in-*.txt")
}
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["echo found \${join(",", local.found)}", "mkdir -p out && touch out/one.txt out/two.log"]
  }
  post-processor "artifice" {
    files = ["out/*.txt"]
  }
}
`,
    );
    const r = filesLoaded(dir, ['build', 'glob.pkr.hcl']);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^    null\.a: found in-a\.txt$/m);
    assert.match(r.stdout, /^--> null\.a: Created artifact from files: out\/one\.txt$/m);
    assert.ok(r.files.has('lazy-picomatch.cjs'), [...r.files].join(' '));
  });

  it('other commands keep the ES module entry', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'local.pkr.hcl'), 'source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.a"]\n}\n');
    const r = filesLoaded(dir, ['validate', 'local.pkr.hcl']);
    assert.equal(r.status, 0, r.stdout);
    assert.ok(r.files.has('bin.mjs'), [...r.files].join(' '));
    assert.ok(!r.files.has('build.cjs'));
  });

  it('a docker build requires dockerode and tar-stream from their side bundles, not ssh2', (t) => {
    const skip = dockerUnavailable();
    if (skip) return t.skip(skip);
    const dir = tempDir();
    writeFileSync(
      join(dir, 'docker.pkr.hcl'),
      `source "docker" "a" {\n  image   = "${BASE_IMAGE}"\n  pull    = false\n  discard = true\n}\nbuild {\n  sources = ["source.docker.a"]\n  provisioner "shell" {\n    inline = ["echo in-container"]\n  }\n}\n`,
    );
    const r = filesLoaded(dir, ['build', 'docker.pkr.hcl']);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^    docker\.a: in-container$/m);
    assert.ok(r.files.has('build.cjs') && r.files.has('lazy-dockerode.cjs') && r.files.has('lazy-tar-stream.cjs'), [...r.files].join(' '));
    assert.ok(!r.files.has('lazy-ssh2.cjs'));
    assert.deepEqual(esModules(r.files), []);
  });
});
