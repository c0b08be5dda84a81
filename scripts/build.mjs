// Bundles the extension, the language server and the CLI into dist/ and copies the wasm files they load.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, existsSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
mkdirSync('dist', { recursive: true });
// web-tree-sitter's ESM build reads import.meta.url, which a CJS bundle lacks: give it the bundle's own URL.
const importMetaUrl = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Start-up time is dominated by compiling the bundle; a minified bundle compiles about twice as fast.
  minify: true,
  logLevel: 'warning',
  define: { 'import.meta.url': '__importMetaUrl' },
  // ssh2's native add-ons are optional (it falls back to pure JS); bundles must not depend on compiled modules.
  external: ['cpu-features', '*.node'],
  banner: { js: importMetaUrl },
};
const entries = [
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` } },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', 'cpu-features', '*.node'] },
];
await Promise.all(entries.filter((e) => existsSync(e.entryPoints[0])).map((e) => build({ ...common, ...e })));
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), 'dist/web-tree-sitter.wasm');
copyFileSync(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm'), 'dist/tree-sitter-hcl.wasm');
if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
