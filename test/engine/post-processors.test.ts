import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { docker, dockerTemplate, dockerUnavailable, tempDir } from './harness.js';
import { leftoverTemp, runBuild, writeTemplate } from './fixtures/cli-process.js';

const tarList = (file: string, flags = '-tf'): string[] =>
  execFileSync('tar', [flags, file], { encoding: 'utf8' }).split('\n').filter((l) => l !== '');

describe('docker post-processors and archive post-processors on a real dockerd', () => {
  let skip: string | undefined;
  before(() => {
    skip = dockerUnavailable();
  });

  it('docker-import turns the exported container into an image; docker-save writes it as a tar with a manifest', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    const repo = `engine-test/imported-${process.pid}`;
    const template = writeTemplate(
      dir,
      dockerTemplate('exp', `export_path = "out/rootfs.tar"`, `
  provisioner "shell" {
    inline = ["echo imported-${process.pid} > /imported.txt"]
  }
  post-processors {
    post-processor "docker-import" {
      repository = "${repo}"
      tag        = "v2"
      changes    = ["CMD [\\"/bin/cat\\", \\"/imported.txt\\"]"]
    }
    post-processor "docker-save" {
      path = "out/saved.tar"
    }
  }
`),
    );
    try {
      const r = await runBuild(dir, ['-color=false', template]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      // Packer's docker ExportArtifact has the id "Container".
      assert.match(r.stdout, /^    docker\.exp \(docker-import\): Importing image: Container$/m);
      assert.match(r.stdout, new RegExp(`^    docker\\.exp \\(docker-import\\): Repository: ${repo}:v2$`, 'm'));
      assert.match(r.stdout, /^    docker\.exp \(docker-import\): Imported ID: sha256:[0-9a-f]{64}$/m);
      assert.match(r.stdout, new RegExp(`^    docker\\.exp \\(docker-save\\): Saving image: ${repo}:v2$`, 'm'));
      assert.match(r.stdout, /^    docker\.exp \(docker-save\): Saved to: out\/saved\.tar$/m);
      // docker-save passes its input on with keep = true, so Packer lists the same artifact twice.
      assert.equal(r.stdout.match(new RegExp(`^--> docker\\.exp: Imported Docker image: ${repo}:v2$`, 'gm'))?.length, 2, r.stdout);

      // The imported image holds the provisioned file and the `changes`.
      assert.equal(docker('run', '--rm', `${repo}:v2`).stdout, `imported-${process.pid}\n`);

      const saved = join(dir, 'out/saved.tar');
      assert.ok(existsSync(saved));
      const entries = tarList(saved);
      assert.ok(entries.includes('manifest.json'), entries.join('\n'));
      const manifest = JSON.parse(execFileSync('tar', ['-xOf', saved, 'manifest.json'], { encoding: 'utf8' })) as { RepoTags: string[]; Layers: string[] }[];
      assert.equal(manifest.length, 1);
      assert.deepEqual(manifest[0]?.RepoTags, [`${repo}:v2`]);
      assert.ok((manifest[0]?.Layers.length ?? 0) >= 1);
      for (const layer of manifest[0]?.Layers ?? []) assert.ok(entries.includes(layer), `layer ${layer} is in the tar`);
      // docker-import does not keep its input: the exported tar (builder artifact) is destroyed, as in Packer.
      assert.ok(!existsSync(join(dir, 'out/rootfs.tar')), 'export_path tar destroyed');
      assert.deepEqual(leftoverTemp(dir), []);
    } finally {
      docker('rmi', '-f', `${repo}:v2`);
    }
  });

  /** A docker build that downloads three files; artifice keeps the two `.txt`, compress archives them to `archive`. */
  async function buildArchive(archive: string): Promise<{ dir: string; stdout: string }> {
    const dir = tempDir();
    const template = writeTemplate(
      dir,
      dockerTemplate('files', `discard = true`, `
  provisioner "shell" {
    inline = ["mkdir -p /data", "echo alpha > /data/a.txt", "echo beta > /data/b.txt", "echo skip > /data/c.log"]
  }
  # Packer's docker communicator has no DownloadDir: files are downloaded one by one.
  provisioner "file" {
    direction   = "download"
    source      = "/data/a.txt"
    destination = "out/"
  }
  provisioner "file" {
    direction   = "download"
    source      = "/data/b.txt"
    destination = "out/b.txt"
  }
  provisioner "file" {
    direction   = "download"
    source      = "/data/c.log"
    destination = "out/c.log"
  }
  post-processors {
    post-processor "artifice" {
      files = ["out/*.txt"]
    }
    post-processor "compress" {
      output            = "archives/{{.BuildName}}${archive}"
      compression_level = 9
    }
  }
`),
    );
    const r = await runBuild(dir, ['-color=false', template]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^==> docker\.files \(artifice\): Using these artifact files: out\/a\.txt, out\/b\.txt$/m);
    assert.match(r.stdout, new RegExp(`^--> docker\\.files: compressed artifacts in: archives/files${archive.replaceAll('.', '\\.')}$`, 'm'));
    // artifice keeps its input; compress replaces the artifice artifact, whose files stay on disk.
    assert.equal(readFileSync(join(dir, 'out/c.log'), 'utf8'), 'skip\n');
    assert.deepEqual(leftoverTemp(dir), []);
    return { dir, stdout: r.stdout };
  }

  it('artifice + compress to .tar.gz: a gzip tar holding exactly the picked files', async (t) => {
    if (skip) return t.skip(skip);
    const { dir, stdout } = await buildArchive('.tar.gz');
    assert.match(stdout, /^==> docker\.files \(compress\): Tarring archives\/files\.tar\.gz with pgzip$/m);
    assert.match(stdout, /^==> docker\.files \(compress\): Archive archives\/files\.tar\.gz completed$/m);
    const tgz = join(dir, 'archives/files.tar.gz');
    assert.deepEqual(readFileSync(tgz).subarray(0, 2), Buffer.from([0x1f, 0x8b]), 'gzip magic');
    assert.deepEqual(tarList(tgz, '-tzf').sort(), ['a.txt', 'b.txt']);
    assert.equal(execFileSync('tar', ['-xzOf', tgz, 'a.txt'], { encoding: 'utf8' }), 'alpha\n');
    assert.equal(execFileSync('tar', ['-xzOf', tgz, 'b.txt'], { encoding: 'utf8' }), 'beta\n');
  });

  it('artifice + compress to .zip: a valid zip holding exactly the picked files', async (t) => {
    if (skip) return t.skip(skip);
    const { dir, stdout } = await buildArchive('.zip');
    assert.match(stdout, /^==> docker\.files \(compress\): Zipping archives\/files\.zip$/m);
    const zip = join(dir, 'archives/files.zip');
    execFileSync('unzip', ['-tq', zip]);
    const names = execFileSync('zipinfo', ['-1', zip], { encoding: 'utf8' }).split('\n').filter((l) => l !== '').sort();
    assert.deepEqual(names, ['out/a.txt', 'out/b.txt']);
    assert.equal(execFileSync('unzip', ['-p', zip, 'out/a.txt'], { encoding: 'utf8' }), 'alpha\n');
    assert.equal(execFileSync('unzip', ['-p', zip, 'out/b.txt'], { encoding: 'utf8' }), 'beta\n');
  });
});
