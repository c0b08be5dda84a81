/**
 * Starts `packer-studio build` (dist/cli/build-loader.cjs, which dist/cli.js requires for that command): runs
 * the build bundle (dist/cli/build.cjs) with V8's code cache, kept in `$XDG_CACHE_HOME/packer-studio` (else
 * `~/.cache/packer-studio`).
 *
 * Compiling the ~530 KB bundle is the largest single cost of a build's start (~25–40 ms here, before any
 * request reaches the daemon), and it is the same on every run. The cache holds V8's compiled code for the
 * bundle as a run left it (the functions it ran included); the next run deserialises it instead of parsing.
 * V8 refuses a cache made by another V8 version, with other flags or for a source of another length, and the
 * file name carries the bundle's size and modification time and the Node version, so a rebuilt or upgraded
 * CLI never uses a stale one. A cache that is missing, refused or cannot be written only costs that run the
 * compile; the refused one is replaced when the run exits.
 *
 * V8 checks a cache's header, not its contents: on Node 20 a cache damaged inside (a disk error, a bad copy)
 * aborts the process with a fatal error, every run, until the file is deleted. So the file carries a CRC-32 of
 * the cache after a magic number, and a file whose CRC does not match is treated as missing.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';

// Set before compiling, so the flags V8 records in a cache are those of the run using it. A CLI run is short:
// V8's optimising tier for wasm (tree-sitter) compiles on background threads that the process then has to wait
// for at exit, 50–300 ms for nothing; the baseline compiler alone is enough here.
setFlagsFromString('--liftoff-only');

const BUNDLE = join(__dirname, 'build.cjs');
const CACHE_PREFIX = 'build-';

function cacheDir(): string | undefined {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg) return join(xdg, 'packer-studio');
  try {
    return join(homedir(), '.cache', 'packer-studio');
  } catch {
    return undefined;
  }
}

/** Node (and so V8) version and architecture: several may share the cache, e.g. a terminal's and VS Code's. */
const RUNTIME_SUFFIX = `-${process.version}-${process.arch}.v8`;

function cacheName(bundle: Stats): string {
  return `${CACHE_PREFIX}${bundle.size}-${Math.trunc(bundle.mtimeMs)}${RUNTIME_SUFFIX}`;
}

const MAGIC = 0x31435350; // "PSC1"
const HEADER_BYTES = 8;

/** The cache in `file` if it is whole: the magic number and the CRC-32 of what follows them. */
function readCache(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length <= HEADER_BYTES || bytes.readUInt32LE(0) !== MAGIC) return undefined;
  const cache = bytes.subarray(HEADER_BYTES);
  return crc32(cache) === bytes.readUInt32LE(4) ? cache : undefined;
}

function withHeader(cache: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(crc32(cache), 4);
  return Buffer.concat([header, cache]);
}

/** Replaces the cache atomically (other runs may be reading it) and drops this runtime's for other bundles. */
function writeCache(dir: string, name: string, script: Script): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `${name}.${process.pid}.tmp`);
    writeFileSync(tmp, withHeader(script.createCachedData()));
    renameSync(tmp, join(dir, name));
    for (const old of readdirSync(dir)) {
      if (old.startsWith(CACHE_PREFIX) && old.endsWith(RUNTIME_SUFFIX) && old !== name) rmSync(join(dir, old), { force: true });
    }
  } catch {
    // Unwritable: the next run compiles the bundle again, nothing else changes.
  }
}

const source = readFileSync(BUNDLE, 'utf8');
const dir = cacheDir();
const name = cacheName(statSync(BUNDLE));
const cached = dir === undefined ? undefined : readCache(join(dir, name));
const script = new Script(Module.wrap(source), { filename: BUNDLE, ...(cached ? { cachedData: cached } : {}) });
if (dir !== undefined && (cached === undefined || script.cachedDataRejected === true)) {
  process.once('exit', () => writeCache(dir, name, script));
}
const bundle = new Module(BUNDLE, module);
bundle.filename = BUNDLE;
require.cache[BUNDLE] = bundle;
const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
run.call(bundle.exports, bundle.exports, createRequire(BUNDLE), bundle, BUNDLE, dirname(BUNDLE));
bundle.loaded = true;
