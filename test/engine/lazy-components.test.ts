/**
 * The built CLI loads a component's I/O implementation only when a build runs it: `validate` (and a build's
 * prepare step) never load dockerode, ssh2 or grpc. What a process loaded is read from the bundles' source maps
 * of the files it loaded (fixtures/record-modules). Run `npm run build` first.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI } from './cli-process.js';
import { BASE_IMAGE, dockerUnavailable, tempDir } from './harness.js';

const RECORDER = join(__dirname, 'fixtures/record-modules/register.mjs');
const DIST = dirname(CLI);

/** The npm packages whose code the CLI process loaded (from the source maps of the bundle files it read). */
function packagesLoaded(dir: string, args: readonly string[]): { packages: Set<string>; stdout: string; status: number | null } {
  const record = join(dir, 'modules.txt');
  writeFileSync(record, '');
  const r = spawnSync(process.execPath, ['--import', RECORDER, CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, RECORD_MODULES: record, PACKER_NO_COLOR: '1' } });
  const files = new Set(readFileSync(record, 'utf8').split('\n').filter((f) => f.startsWith(DIST)));
  assert.ok(files.size > 0, 'the recorder saw the bundle files');
  const packages = new Set<string>();
  for (const file of files) {
    if (!existsSync(`${file}.map`)) continue;
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
    // `lazy:` sources are the build's stand-ins that require a package's own bundle file on first use.
    for (const s of map.sources.filter((src) => !src.startsWith('lazy:'))) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(s);
      if (m) packages.add(m[1] as string);
    }
  }
  return { packages, stdout: r.stdout + r.stderr, status: r.status };
}

const TEMPLATE = `source "docker" "lazy" {
  image  = "${BASE_IMAGE}"
  pull   = false
  discard = true
}
source "null" "ssh" {
  ssh_host     = "127.0.0.1"
  ssh_username = "nobody"
}
build {
  sources = ["source.docker.lazy"]
  provisioner "shell" {
    inline = ["true"]
  }
  post-processor "compress" {
    output = "out.tar.gz"
  }
}
`;
const IO_PACKAGES = ['dockerode', 'docker-modem', 'ssh2', '@grpc/grpc-js', 'protobufjs', 'tar-fs', 'tar-stream'];

describe('lazy component implementations in the built CLI', () => {
  it('validate loads no docker, ssh, grpc or tar code', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'lazy.pkr.hcl'), TEMPLATE);
    const r = packagesLoaded(dir, ['validate', 'lazy.pkr.hcl']);
    assert.equal(r.status, 0, r.stdout);
    assert.deepEqual(IO_PACKAGES.filter((p) => r.packages.has(p)), []);
    assert.ok(r.packages.has('web-tree-sitter'), 'the source maps name the packages a bundle file holds');
  });

  it('yamldecode and bcrypt run from their own bundle files, loaded only by a template that calls them', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'fn.pkr.hcl'),
      `locals {
  y = yamldecode("a: [1, 2]\\nb: &x {k: v}\\nc: *x\\n")
  h = bcrypt("secret", 4)
}
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["echo '\${jsonencode(local.y)} \${substr(local.h, 0, 7)} \${length(local.h)}'"]
  }
}
`,
    );
    const r = packagesLoaded(dir, ['build', 'fn.pkr.hcl']);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^    null\.a: \{"a":\[1,2\],"b":\{"k":"v"\},"c":\{"k":"v"\}\} \$2a\$04\$ 60$/m);
    assert.ok(r.packages.has('yaml') && r.packages.has('bcryptjs'), [...r.packages].join(' '));
    writeFileSync(join(dir, 'plain.pkr.hcl'), 'source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.a"]\n}\n');
    const plain = packagesLoaded(dir, ['validate', 'plain.pkr.hcl']);
    assert.equal(plain.status, 0, plain.stdout);
    assert.deepEqual(['yaml', 'bcryptjs'].filter((p) => plain.packages.has(p)), []);
  });

  it('a docker build loads dockerode but neither ssh2 nor the BuildKit session (grpc)', (t) => {
    const skip = dockerUnavailable();
    if (skip) return t.skip(skip);
    const dir = tempDir();
    writeFileSync(join(dir, 'lazy.pkr.hcl'), TEMPLATE.replace('post-processor "compress" {\n    output = "out.tar.gz"\n  }\n', ''));
    const r = packagesLoaded(dir, ['build', 'lazy.pkr.hcl']);
    assert.equal(r.status, 0, r.stdout);
    assert.ok(r.packages.has('dockerode') && r.packages.has('tar-stream'), [...r.packages].join(' '));
    assert.deepEqual(['ssh2', '@grpc/grpc-js', 'protobufjs'].filter((p) => r.packages.has(p)), []);
  });
});
