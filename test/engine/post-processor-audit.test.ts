/**
 * Post-processors and build flags the other engine tests leave out, through `dist/cli.js build`: manifest's exact
 * file text, checksum with every type and an output template, compress levels and tar.gz with
 * keep_input_artifact, the shell-local post-processor, docker-tag with several tags (real dockerd), -only/-except
 * globs, -var/-var-file, and the exit codes.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { before, describe, it } from 'node:test';
import { docker, dockerTemplate, dockerUnavailable, tempDir } from './harness.js';
import { runBuild, writeTemplate } from './fixtures/cli-process.js';

const fileSource = (name: string, target: string, content: string): string => `
source "file" "${name}" {
  target  = "${target}"
  content = "${content}"
}
`;

describe('post-processors (file builder)', () => {
  it('manifest: the exact JSON text of a file build, strip_path, strip_time, custom_data; a second run appends with its run UUID', async () => {
    const dir = tempDir();
    const template = writeTemplate(
      dir,
      `${fileSource('m', 'out/data.txt', 'twelve bytes')}
build {
  sources = ["source.file.m"]
  post-processor "manifest" {
    output      = "manifest.json"
    strip_path  = true
    strip_time  = true
    custom_data = { owner = "audit", n = "1" }
  }
}
`,
    );
    const first = await runBuild(dir, ['-color=false', template], { PACKER_RUN_UUID: 'uuid-1' });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const entry = (uuid: string): string =>
      `    {\n      "name": "m",\n      "builder_type": "file",\n      "files": [\n        {\n          "name": "data.txt",\n          "size": 12\n        }\n      ],\n      "artifact_id": "File",\n      "packer_run_uuid": "${uuid}",\n      "custom_data": {\n        "n": "1",\n        "owner": "audit"\n      }\n    }`;
    assert.equal(readFileSync(join(dir, 'manifest.json'), 'utf8'), `{\n  "builds": [\n${entry('uuid-1')}\n  ],\n  "last_run_uuid": "uuid-1"\n}`);
    const second = await runBuild(dir, ['-color=false', template], { PACKER_RUN_UUID: 'uuid-2' });
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.equal(readFileSync(join(dir, 'manifest.json'), 'utf8'), `{\n  "builds": [\n${entry('uuid-1')},\n${entry('uuid-2')}\n  ],\n  "last_run_uuid": "uuid-2"\n}`);
  });

  it('checksum: md5, sha1, sha224, sha256, sha384 and sha512 with an output template', async () => {
    const dir = tempDir();
    const template = writeTemplate(
      dir,
      `${fileSource('c', 'sums/payload.bin', 'checksum me')}
build {
  sources = ["source.file.c"]
  post-processor "checksum" {
    checksum_types = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"]
    output         = "sums/{{.BuildName}}-{{.BuilderType}}.{{.ChecksumType}}"
  }
}
`,
    );
    const r = await runBuild(dir, ['-color=false', template]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const type of ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']) {
      const digest = createHash(type).update('checksum me').digest('hex');
      assert.equal(readFileSync(join(dir, `sums/c-file.${type}`), 'utf8'), `${digest}\tpayload.bin\n`, type);
    }
    assert.match(r.stdout, /^--> file\.c: Created artifact from files: sums\/payload\.bin, sums\/c-file\.md5, sums\/c-file\.sha1, sums\/c-file\.sha224, sums\/c-file\.sha256, sums\/c-file\.sha384, sums\/c-file\.sha512$/m);
  });

  it('compress: compression_level reaches gzip; tar.gz by extension; keep_input_artifact keeps the input', async () => {
    const dir = tempDir();
    const body = 'abcdefghij'.repeat(2000);
    const template = writeTemplate(
      dir,
      `${fileSource('fast', 'fast.txt', body)}${fileSource('best', 'best.txt', body)}${fileSource('tgz', 'kept.txt', body)}
build {
  sources = ["source.file.fast", "source.file.best"]
  post-processor "compress" {
    output            = "{{.BuildName}}.txt.gz"
    compression_level = 1
    only              = ["file.fast"]
  }
  post-processor "compress" {
    output            = "{{.BuildName}}.txt.gz"
    compression_level = 9
    only              = ["file.best"]
  }
}
build {
  sources = ["source.file.tgz"]
  post-processor "compress" {
    output              = "kept.tar.gz"
    keep_input_artifact = true
  }
}
`,
    );
    const r = await runBuild(dir, ['-color=false', template]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const fast = readFileSync(join(dir, 'fast.txt.gz'));
    const best = readFileSync(join(dir, 'best.txt.gz'));
    // gzip's header records the level class in its XFL byte: 4 for the fastest, 2 for the best compression.
    assert.equal(fast[8], 4);
    assert.equal(best[8], 2);
    assert.equal(gunzipSync(fast).toString(), body);
    assert.equal(gunzipSync(best).toString(), body);
    assert.ok(!existsSync(join(dir, 'fast.txt')), 'compress does not keep its input by default');
    assert.match(r.stdout, /^==> file\.tgz \(compress\): Tarring kept\.tar\.gz with pgzip$/m);
    assert.equal(execFileSync('tar', ['-xzOf', join(dir, 'kept.tar.gz'), 'kept.txt'], { encoding: 'utf8' }), body);
    assert.equal(readFileSync(join(dir, 'kept.txt'), 'utf8'), body, 'keep_input_artifact keeps the input');
    const block = r.stdout.slice(r.stdout.indexOf('==> Builds finished.'));
    assert.match(block, /^--> file\.tgz: Stored file: kept\.txt$/m);
    assert.match(block, /^--> file\.tgz: compressed artifacts in: kept\.tar\.gz$/m);
    assert.doesNotMatch(block, /Stored file: fast\.txt/);
  });

  it('shell-local post-processor: runs with the build values, sees the input artifact, and passes it on', async () => {
    const dir = tempDir();
    const template = writeTemplate(
      dir,
      `${fileSource('s', 'art.txt', 'artifact body')}
build {
  sources = ["source.file.s"]
  post-processors {
    post-processor "shell-local" {
      environment_vars = ["WHO=audit"]
      inline           = ["echo pp=$PACKER_BUILD_NAME/$PACKER_BUILDER_TYPE who=$WHO source=\${source.name} body=$(cat art.txt)"]
    }
    post-processor "checksum" {
      checksum_types = ["md5"]
      output         = "art.md5"
    }
  }
}
`,
    );
    const r = await runBuild(dir, ['-color=false', template]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^    file\.s \(shell-local\): pp=s\/file who=audit source=s body=artifact body$/m);
    const md5 = createHash('md5').update('artifact body').digest('hex');
    assert.equal(readFileSync(join(dir, 'art.md5'), 'utf8'), `${md5}\tart.txt\n`, 'the artifact went on to the next post-processor');
  });
});

describe('build flags', () => {
  const template = `
variable "word" {
  type    = string
  default = "default"
}
source "file" "alpha" {
  target  = "alpha.txt"
  content = var.word
}
source "file" "beta" {
  target  = "beta.txt"
  content = var.word
}
source "file" "gamma" {
  target  = "gamma.txt"
  content = var.word
}
build {
  name    = "group"
  sources = ["source.file.alpha", "source.file.beta", "source.file.gamma"]
  post-processor "checksum" {
    name           = "sums"
    checksum_types = ["md5"]
    output         = "{{.BuildName}}.md5"
  }
}
`;
  const built = (dir: string): string[] => ['alpha', 'beta', 'gamma'].filter((n) => existsSync(join(dir, `${n}.txt`)));

  it('-only and -except take globs over build names and post-processor names', async () => {
    const only = tempDir();
    const r1 = await runBuild(only, ['-color=false', '-only=group.file.[ab]*', writeTemplate(only, template)]);
    assert.equal(r1.code, 0, r1.stdout + r1.stderr);
    assert.deepEqual(built(only), ['alpha', 'beta']);
    const except = tempDir();
    const r2 = await runBuild(except, ['-color=false', '-except=*.gamma,sums', writeTemplate(except, template)]);
    assert.equal(r2.code, 0, r2.stdout + r2.stderr);
    assert.deepEqual(built(except), ['alpha', 'beta']);
    assert.ok(!existsSync(join(except, 'alpha.md5')), 'the post-processor named sums was excepted');
    assert.ok(existsSync(join(only, 'alpha.md5')));
  });

  it('-var wins over -var-file, which wins over the default', async () => {
    const dir = tempDir();
    writeTemplate(dir, template);
    writeFileSync(join(dir, 'vals.pkrvars.hcl'), 'word = "from-file"\n');
    const fromFile = await runBuild(dir, ['-color=false', '-only=*.alpha', '-var-file=vals.pkrvars.hcl', 'template.pkr.hcl']);
    assert.equal(fromFile.code, 0, fromFile.stdout + fromFile.stderr);
    assert.equal(readFileSync(join(dir, 'alpha.txt'), 'utf8'), 'from-file');
    const fromFlag = await runBuild(dir, ['-color=false', '-force', '-only=*.alpha', '-var-file=vals.pkrvars.hcl', '-var', 'word=from-flag', 'template.pkr.hcl']);
    assert.equal(fromFlag.code, 0, fromFlag.stdout + fromFlag.stderr);
    assert.equal(readFileSync(join(dir, 'alpha.txt'), 'utf8'), 'from-flag');
  });

  it('exit codes: 0 on success, 1 when a build fails, 1 for an unknown flag, 1 when no build matches -only', async () => {
    const dir = tempDir();
    writeTemplate(dir, template);
    assert.equal((await runBuild(dir, ['-color=false', '-only=*.alpha', 'template.pkr.hcl'])).code, 0);
    writeTemplate(dir, `source "null" "n" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.n"]\n  provisioner "shell-local" {\n    inline = ["exit 2"]\n  }\n}\n`, 'fails.pkr.hcl');
    assert.equal((await runBuild(dir, ['-color=false', 'fails.pkr.hcl'])).code, 1);
    const flag = await runBuild(dir, ['-no-such-flag', 'template.pkr.hcl']);
    assert.equal(flag.code, 1);
    assert.match(flag.stdout + flag.stderr, /flag provided but not defined: -no-such-flag/);
    const none = await runBuild(dir, ['-color=false', '-only=nothing.*', 'template.pkr.hcl']);
    assert.equal(none.code, 1, none.stdout);
  });
});

describe('docker-tag', () => {
  let skip: string | undefined;
  before(() => {
    skip = dockerUnavailable();
  });

  it('tags the committed image with every tag of the list', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    const repo = `engine-test/tags-${process.pid}`;
    const template = writeTemplate(
      dir,
      dockerTemplate('t', 'commit = true', `  post-processor "docker-tag" {
    repository = "${repo}"
    tags       = ["one", "two"]
  }
`),
    );
    try {
      const r = await runBuild(dir, ['-color=false', template]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const one = docker('image', 'inspect', '-f', '{{.Id}}', `${repo}:one`).stdout.trim();
      const two = docker('image', 'inspect', '-f', '{{.Id}}', `${repo}:two`).stdout.trim();
      assert.match(one, /^sha256:[0-9a-f]{64}$/);
      assert.equal(one, two);
      assert.match(r.stdout, new RegExp(`^--> docker\\.t: Imported Docker image: ${repo}:two with tags ${repo}:one ${repo}:two$`, 'm'));
    } finally {
      docker('rmi', '-f', `${repo}:one`, `${repo}:two`);
    }
  });
});
