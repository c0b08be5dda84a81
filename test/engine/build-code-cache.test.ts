/**
 * `packer-studio build` compiles its bundle with V8's code cache (server/src/cli/build-loader.ts): the first run
 * writes the cache, later runs use it without writing it again, a refused cache is replaced, and a cache that
 * cannot be written changes nothing but the time. Run `npm run build` first.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI } from './cli-process.js';
import { tempDir } from './harness.js';

const TEMPLATE = `source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["echo parsed-and-built"]
  }
}
`;

function build(dir: string, cacheHome: string): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [CLI, 'build', 'cache.pkr.hcl'], { cwd: dir, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome, PACKER_NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout + r.stderr };
}

function cacheFiles(cacheHome: string): string[] {
  return readdirSync(join(cacheHome, 'packer-studio')).map((f) => join(cacheHome, 'packer-studio', f));
}

describe('the build bundle with V8 code cache', () => {
  it('the first run writes the cache; the next runs use it as it is', () => {
    const dir = tempDir();
    const cacheHome = join(dir, 'cache');
    writeFileSync(join(dir, 'cache.pkr.hcl'), TEMPLATE);
    const first = build(dir, cacheHome);
    assert.equal(first.status, 0, first.stdout);
    assert.match(first.stdout, /^    null\.a: parsed-and-built$/m);
    const [file, ...more] = cacheFiles(cacheHome);
    assert.ok(file !== undefined && more.length === 0, 'one cache file');
    assert.match(file, /build-\d+-\d+-v\d+\.\d+\.\d+-\w+\.v8$/);
    const written = statSync(file);
    assert.ok(written.size > 100_000, `a cache of the compiled bundle (${written.size} bytes)`);

    for (let i = 0; i < 2; i++) {
      const again = build(dir, cacheHome);
      assert.equal(again.status, 0, again.stdout);
      assert.match(again.stdout, /^    null\.a: parsed-and-built$/m);
    }
    const after = statSync(file);
    assert.deepEqual([after.ino, after.mtimeMs], [written.ino, written.mtimeMs], 'an accepted cache is not written again');
    assert.deepEqual(cacheFiles(cacheHome), [file]);
  });

  it('a cache V8 refuses is replaced, and the build runs as without one', () => {
    const dir = tempDir();
    const cacheHome = join(dir, 'cache');
    writeFileSync(join(dir, 'cache.pkr.hcl'), TEMPLATE);
    assert.equal(build(dir, cacheHome).status, 0);
    const [file] = cacheFiles(cacheHome) as [string];
    writeFileSync(file, Buffer.alloc(4096, 7));
    const r = build(dir, cacheHome);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^    null\.a: parsed-and-built$/m);
    assert.notDeepEqual(readFileSync(file), Buffer.alloc(4096, 7));
    assert.ok(statSync(file).size > 100_000);
  });

  it('a cache damaged inside (not only its header) is never handed to V8, which would abort: it is replaced', () => {
    const dir = tempDir();
    const cacheHome = join(dir, 'cache');
    writeFileSync(join(dir, 'cache.pkr.hcl'), TEMPLATE);
    assert.equal(build(dir, cacheHome).status, 0);
    const [file] = cacheFiles(cacheHome) as [string];
    const damaged = readFileSync(file);
    // Bytes flipped deep inside the compiled code: V8's own checks pass such a file and then crash on it.
    for (let i = Math.floor(damaged.length / 2); i < damaged.length / 2 + 4000; i += 7) damaged[i] = damaged[i]! ^ 0x5a;
    writeFileSync(file, damaged);
    for (let i = 0; i < 2; i++) {
      const r = build(dir, cacheHome);
      assert.equal(r.status, 0, r.stdout);
      assert.match(r.stdout, /^    null\.a: parsed-and-built$/m);
      assert.doesNotMatch(r.stdout, /Fatal error/);
    }
    assert.notDeepEqual(readFileSync(file), damaged, 'replaced by a whole cache');
  });

  it("writing a cache drops this runtime's caches of other bundles, not other runtimes' caches", () => {
    const dir = tempDir();
    const cacheHome = join(dir, 'cache');
    mkdirSync(join(cacheHome, 'packer-studio'), { recursive: true });
    const staleBundle = join(cacheHome, 'packer-studio', `build-1-2-${process.version}-${process.arch}.v8`);
    const otherRuntime = join(cacheHome, 'packer-studio', `build-1-2-v0.0.1-${process.arch}.v8`);
    writeFileSync(staleBundle, 'stale');
    writeFileSync(otherRuntime, 'another node');
    writeFileSync(join(dir, 'cache.pkr.hcl'), TEMPLATE);
    assert.equal(build(dir, cacheHome).status, 0);
    assert.ok(!existsSync(staleBundle), 'the cache of a bundle that is gone');
    assert.equal(readFileSync(otherRuntime, 'utf8'), 'another node');
    assert.equal(cacheFiles(cacheHome).length, 2);
  });

  it('a cache that cannot be written changes nothing but the time', () => {
    const dir = tempDir();
    const notADirectory = join(dir, 'file');
    writeFileSync(notADirectory, 'not a directory');
    writeFileSync(join(dir, 'cache.pkr.hcl'), TEMPLATE);
    const r = build(dir, notADirectory);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^    null\.a: parsed-and-built$/m);
    assert.doesNotMatch(r.stdout, /Error|error/);
  });
});
