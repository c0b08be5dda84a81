// Bundles the extension, the language server and the CLI into dist/ and copies the wasm files they load.
import { build } from 'esbuild';
import { mkdirSync, existsSync, readFileSync, writeFileSync, readdirSync, renameSync, statSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// Every bundle below writes into dist/ or dist/cli/ as soon as it is built, in no particular order.
mkdirSync('dist/cli', { recursive: true });
// web-tree-sitter's ESM build reads import.meta.url, which a CJS bundle lacks: give it the bundle's own URL.
const importMetaUrl = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Start-up time is dominated by compiling the bundle; a minified bundle compiles about twice as fast.
  minify: true,
  logLevel: 'warning',
  // ssh2's native add-ons are optional (it falls back to pure JS); bundles must not depend on compiled modules.
  external: ['cpu-features', '*.node'],
};
const cjs = { ...common, format: 'cjs', define: { 'import.meta.url': '__importMetaUrl' }, banner: { js: importMetaUrl } };

/**
 * The CLI is ESM split into chunks (dist/cli/): each command imports only what it runs, so `fmt` or `validate`
 * never compile the engine, dockerode, grpc-js or ssh2. Bundled CommonJS dependencies use `require`,
 * `__filename` and `__dirname`, which an ES module lacks: every chunk defines them.
 */
const cjsGlobals = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  'const require = __createRequire(import.meta.url);',
  'const __filename = __fileURLToPath(import.meta.url);',
  "const __dirname = __fileURLToPath(new URL('.', import.meta.url));",
].join(' ');
/**
 * Code the CLI's chunks reach statically but rarely run, bundled behind a wrapper that requires it on first use:
 * - dockerode's BuildKit modules (grpc-js, protobufjs and their proto files: ~100 ms to evaluate, ~700 KB to
 *   compile), docker-modem's ssh:// transport (ssh2) and https (tls): the engine never builds through BuildKit
 *   and connectDocker only dials unix sockets or plain tcp;
 * - `ssh2` as the SSH config check (engine/communicators/ssh/config.ts) imports it, for `utils.parseKey` on
 *   private key files when a build is prepared: importing all of ssh2 would cost every `build` and `validate`
 *   ~40 ms;
 * - the libraries behind two HCL functions, `yaml` (yamldecode) and `bcryptjs` (bcrypt), which every command
 *   that loads a template would otherwise compile and evaluate.
 * Each wrapper requires a CommonJS file of its own next to the chunks (`require` in a chunk is relative to it),
 * so the chunks do not even compile that code; a Node built-in is simply required late (or not at all).
 */
const callable = (req) => `module.exports = function () { return ${req}.apply(this, arguments); };`;
/** Getters for the named exports a module imports, each requiring the real module on first use. */
const lazyExports = (names) => (req) =>
  `let real; const load = () => (real ??= ${req}); for (const n of ${JSON.stringify(names)}) Object.defineProperty(exports, n, { enumerable: true, get: () => load()[n] });`;
/** A function module with properties (`names`), requiring the real module on the first call or property read. */
const lazyCallable = (names) => (req) =>
  `let real; const load = () => (real ??= ${req}); module.exports = function () { return load().apply(this, arguments); }; for (const n of ${JSON.stringify(names)}) Object.defineProperty(module.exports, n, { enumerable: true, get: () => load()[n] });`;
const ENGINE_SOURCE = /server[\\/]src[\\/]engine[\\/]/;
/** The SSH communicator's modules but config.ts, which only parses keys (lazy-ssh-key-parser.cjs). */
const SSH_COMMUNICATOR = /engine[\\/]communicators[\\/]ssh[\\/](?!config\.ts$)[^\\/]+\.ts$/;
const SSH2_BUNDLE = { file: 'lazy-ssh2.cjs', contents: "module.exports = { ssh2: require('ssh2'), protocolUtils: require('ssh2/lib/protocol/utils.js') };" };
const LAZY_MODULES = [
  { importer: /dockerode[\\/]lib[\\/]docker\.js$/, specifier: './session', bundle: { file: 'lazy-docker-session.cjs', entry: require.resolve('dockerode/lib/session.js') }, wrapper: callable },
  { importer: /dockerode[\\/]lib[\\/]docker\.js$/, specifier: './buildkit', bundle: { file: 'lazy-docker-buildkit.cjs', entry: require.resolve('dockerode/lib/buildkit.js') }, wrapper: lazyExports(['followProgress']) },
  // Streams for attaching stdin (readable-stream) and tar contexts for image builds (tar-fs): never used here.
  { importer: /docker-modem[\\/]lib[\\/]modem\.js$/, specifier: './http_duplex', bundle: { file: 'lazy-docker-duplex.cjs', entry: require.resolve('docker-modem/lib/http_duplex.js') }, wrapper: (req) => `module.exports = function (...args) { return new (${req})(...args); };` },
  { importer: /dockerode[\\/]lib[\\/]util\.js$/, specifier: 'tar-fs', bundle: { file: 'lazy-tar-fs.cjs', entry: require.resolve('tar-fs', { paths: [dirname(require.resolve('dockerode/lib/util.js'))] }) }, wrapper: lazyExports(['pack', 'extract']) },
  { importer: /docker-modem[\\/]lib[\\/]modem\.js$/, specifier: './ssh', bundle: { file: 'lazy-docker-ssh.cjs', entry: require.resolve('docker-modem/lib/ssh.js') }, wrapper: callable },
  // docker-modem formats every request's options (agent and sockets included) for its debug log, on or off.
  { importer: /docker-modem[\\/]lib[\\/]modem\.js$/, specifier: 'util', builtin: 'node:util', wrapper: (req) => `const debug = require('debug'); module.exports = { inspect: (...args) => (debug.enabled('modem') ? ${req}.inspect(...args) : '') };` },
  // docker-modem's redirect-following client inherits from the module object: it only calls `request`.
  { importer: /docker-modem[\\/]lib[\\/]http\.js$/, specifier: 'https', builtin: 'node:https', wrapper: (req) => `module.exports = { request: (...args) => ${req}.request(...args) };` },
  /*
   * The engine's I/O libraries, each one CommonJS file of its own that the engine requires when a build first
   * uses it: the ESM chunks and build.cjs (BUILD_BUNDLE, which cannot be split) share them, and build.cjs does
   * not compile them before they are needed — dockerode for a docker build, tar-stream for an upload or a
   * compress, ssh2 for an SSH connection.
   */
  { importer: ENGINE_SOURCE, specifier: 'dockerode', bundle: { file: 'lazy-dockerode.cjs', entry: require.resolve('dockerode') }, wrapper: (req) => `module.exports = ${req};` },
  { importer: ENGINE_SOURCE, specifier: 'tar-stream', bundle: { file: 'lazy-tar-stream.cjs', entry: require.resolve('tar-stream') }, wrapper: (req) => `module.exports = ${req};` },
  /*
   * The SSH communicator also writes packets through ssh2's own protocol helpers: one copy serves both. The null
   * builder imports the communicator whatever its `communicator`, so ssh2 loads on first use of an export (the
   * names are read from the package here, so an import added to the communicator is covered).
   */
  { importer: SSH_COMMUNICATOR, specifier: 'ssh2', bundle: SSH2_BUNDLE, wrapper: (req) => lazyExports(Object.keys(require('ssh2')))(`${req}.ssh2`) },
  {
    importer: SSH_COMMUNICATOR,
    specifier: 'ssh2/lib/protocol/utils.js',
    bundle: SSH2_BUNDLE,
    wrapper: (req) => lazyExports(Object.keys(require('ssh2/lib/protocol/utils.js')))(`${req}.protocolUtils`),
  },
  {
    importer: /engine[\\/]communicators[\\/]ssh[\\/]config\.ts$/,
    specifier: 'ssh2',
    bundle: { file: 'lazy-ssh-key-parser.cjs', entry: require.resolve('ssh2/lib/protocol/keyParser.js') },
    wrapper: (req) => `module.exports = { utils: { parseKey: (...args) => ${req}.parseKey(...args) } };`,
  },
  {
    importer: /hcl[\\/]functions[\\/]yaml-decode\.ts$/,
    specifier: 'yaml',
    bundle: { file: 'lazy-yaml.cjs', entry: require.resolve('yaml') },
    wrapper: lazyExports(['LineCounter', 'isAlias', 'isMap', 'isScalar', 'isSeq', 'parseAllDocuments', 'Scalar']),
  },
  // Glob matching for fileset() and artifice's files: a function with properties (picomatch.scan).
  {
    importer: /(hcl[\\/]functions[\\/]filesystem|engine[\\/]post-processors[\\/]artifice[\\/]post-processor)\.ts$/,
    specifier: 'picomatch',
    bundle: { file: 'lazy-picomatch.cjs', entry: require.resolve('picomatch') },
    wrapper: lazyCallable(Object.keys(require('picomatch'))),
  },
  { importer: /hcl[\\/]functions[\\/]crypto\.ts$/, specifier: 'bcryptjs', bundle: { file: 'lazy-bcryptjs.cjs', entry: require.resolve('bcryptjs') }, wrapper: lazyExports(['hashSync', 'genSaltSync']) },
];
const lazyModuleOf = (args) => LAZY_MODULES.find((m) => m.importer.test(args.importer) && m.specifier === args.path);
const lazyRequires = {
  name: 'lazy-requires',
  setup(b) {
    b.onResolve({ filter: /^(\.\/session|\.\/buildkit|\.\/http_duplex|\.\/ssh|https|util|tar-fs|ssh2|ssh2\/lib\/protocol\/utils\.js|yaml|bcryptjs|picomatch|dockerode|tar-stream)$/ }, (args) => {
      const m = lazyModuleOf(args);
      // One stand-in per bundle file (or built-in) and specifier: two specifiers may share a bundle file.
      return m && { path: `${m.bundle?.file ?? m.builtin}:${m.specifier}`, namespace: 'lazy', pluginData: { ...m, resolveDir: dirname(args.importer) } };
    });
    b.onResolve({ filter: /^\.\/lazy-.*\.cjs$/ }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => {
      const m = args.pluginData;
      return { contents: m.wrapper(`require(${JSON.stringify(m.bundle ? `./${m.bundle.file}` : m.builtin)})`), resolveDir: m.resolveDir, loader: 'js' };
    });
  },
};
const LAZY_BUNDLES = [...new Set(LAZY_MODULES.flatMap((m) => (m.bundle ? [m.bundle] : [])))].map((b) => ({ ...b, outfile: `dist/cli/${b.file}` }));
/** A side bundle's input: a package's file, or a few lines requiring several (resolved from the project root). */
const lazyBundleInput = (l) => (l.entry ? { entryPoints: [l.entry] } : { stdin: { contents: l.contents, resolveDir: process.cwd(), sourcefile: l.file.replace(/\.cjs$/, '-entry.js'), loader: 'js' } });

const CLI_DIR = 'dist/cli';
const cli = {
  ...common,
  entryPoints: { bin: 'server/src/cli/bin.ts' },
  outdir: CLI_DIR,
  format: 'esm',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunk-[hash]',
  metafile: true,
  plugins: [lazyRequires],
  banner: { js: cjsGlobals },
};
// The `bin` of package.json: a CommonJS file (package.json has no "type": "module"). `fmt` (what runCli would
// dispatch to fmt: the first argument other than -machine-readable) runs from one CommonJS file, FMT_BUNDLE,
// sparing the ES module loader's start-up; so does `build` (BUILD_BUNDLE, see server/src/cli/build-bin.ts); every
// other command loads the ESM entry and its chunks.
const FMT_BUNDLE = `${CLI_DIR}/fmt.cjs`;
/**
 * FMT_BUNDLE leaves tree-sitter and the parser (~150 KB, most of the bundle) to FMT_PARSER_BUNDLE, which fmt
 * imports only for a document that is not plain (format/plain.ts), so a plain one does not compile it.
 */
const FMT_PARSER_BUNDLE = `${CLI_DIR}/fmt-parser.cjs`;
const fmtParserApart = {
  name: 'fmt-parser-apart',
  setup(b) {
    b.onResolve({ filter: /[\\/]platform[\\/]hcl-wasm\.js$/ }, () => ({ path: './fmt-parser.cjs', external: true }));
  },
};
/**
 * `build` (the first argument other than -machine-readable, as for fmt) runs from one CommonJS file too,
 * BUILD_BUNDLE, which BUILD_LOADER compiles with V8's code cache (server/src/cli/build-loader.ts). Code compiled
 * from a cache cannot run `import()` on this Node (the loader's callback is lost), so the bundle must have none:
 * it takes web-tree-sitter's CommonJS build, whose only `import()` (reading a grammar from a path, which the
 * engine never does: it hands over bytes) becomes a require, and the build fails if any `import()` is left.
 */
const BUILD_BUNDLE = `${CLI_DIR}/build.cjs`;
const BUILD_LOADER = `${CLI_DIR}/build-loader.cjs`;
const WEB_TREE_SITTER_CJS = require.resolve('web-tree-sitter');
const noDynamicImport = {
  name: 'no-dynamic-import',
  setup(b) {
    b.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: WEB_TREE_SITTER_CJS }));
    b.onLoad({ filter: /web-tree-sitter\.cjs$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll('await import("fs/promises")', 'require("fs/promises")'),
      loader: 'js',
    }));
    b.onEnd((result) => {
      const out = result.outputFiles?.find((f) => f.path.endsWith('.cjs'));
      if (out && /\bimport\(/.test(out.text)) throw new Error(`${BUILD_BUNDLE} contains import(), which code from V8's cache cannot run`);
    });
  },
};
const CLI_STUB = `#!/usr/bin/env node
// packer-studio: the code lives in dist/cli/ (see scripts/build.mjs).
const command = process.argv.slice(2).filter((a) => a !== '-machine-readable')[0];
if (command === 'fmt') require('./cli/fmt.cjs');
else if (command === 'build') require('./cli/build-loader.cjs');
else import('./cli/bin.mjs');
`;

const builds = [
  build({ ...cli, write: false }).then((r) => {
    mkdirSync(CLI_DIR, { recursive: true });
    writeOutputs(r);
    writeAtomically(join(process.cwd(), 'dist/cli.js'), CLI_STUB, 0o755);
    removeStaleChunks(new Set([...Object.keys(r.metafile.outputs), FMT_BUNDLE, FMT_PARSER_BUNDLE, BUILD_BUNDLE, BUILD_LOADER, ...LAZY_BUNDLES.map((l) => l.outfile)]));
  }),
  build({ ...cjs, write: false, entryPoints: ['server/src/cli/fmt-bin.ts'], outfile: FMT_BUNDLE, plugins: [fmtParserApart] }).then(writeOutputs),
  build({ ...cjs, write: false, entryPoints: ['server/src/platform/hcl-wasm.ts'], outfile: FMT_PARSER_BUNDLE }).then(writeOutputs),
  build({ ...cjs, write: false, entryPoints: ['server/src/cli/build-bin.ts'], outfile: BUILD_BUNDLE, plugins: [lazyRequires, noDynamicImport] }).then(writeOutputs),
  build({ ...cjs, write: false, entryPoints: ['server/src/cli/build-loader.ts'], outfile: BUILD_LOADER }).then(writeOutputs),
  // dockerode's bundle leaves its own rarely used modules (BuildKit, ssh://, tar-fs) to the bundles above.
  ...LAZY_BUNDLES.map((l) => build({ ...cjs, write: false, ...lazyBundleInput(l), outfile: l.outfile, plugins: [lazyRequires] }).then(writeOutputs)),
  build({ ...cjs, write: false, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }).then(writeOutputs),
  build({ ...cjs, write: false, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', 'cpu-features', '*.node'] }).then(writeOutputs),
];
await Promise.all(builds);
writeAtomically('dist/web-tree-sitter.wasm', readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')));
writeAtomically('dist/tree-sitter-hcl.wasm', readFileSync(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm')));

/**
 * Other processes may be running the CLI while it is rebuilt (tests run in parallel): a file is replaced by a
 * rename, never rewritten in place, so a reader sees the old file or the new one, not half of one.
 */
function writeAtomically(path, contents, mode = 0o644) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents, { mode });
  renameSync(tmp, path);
}

function writeOutputs(result) {
  for (const f of result.outputFiles) writeAtomically(f.path, f.contents);
}

/**
 * Chunk names carry a content hash, so a rebuild leaves the old ones behind. They are removed once they are a
 * few minutes old, since a CLI started before the rebuild may still import one lazily; `--clean` (packaging)
 * removes them all.
 */
function removeStaleChunks(current) {
  const cutoff = process.argv.includes('--clean') ? Infinity : Date.now() - 10 * 60_000;
  for (const name of readdirSync(CLI_DIR)) {
    const path = join(CLI_DIR, name);
    const output = path.endsWith('.map') ? path.slice(0, -'.map'.length) : path;
    if (current.has(output) || current.has(path)) continue;
    if (statSync(path).mtimeMs < cutoff) rmSync(path);
  }
}
