/**
 * The I/O edge of the HCL parser: finds and reads the two wasm binaries and hands out one shared HclParser.
 * Bundled builds find them in dist/ (copied by scripts/build.mjs), next to the bundle or, for the CLI's chunks in
 * dist/cli/, one level up; running from sources resolves them in node_modules.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HclParser } from '../hcl/parse.js';

const TREE_SITTER_WASM = 'web-tree-sitter.wasm';
const HCL_WASM = 'tree-sitter-hcl.wasm';

let shared: Promise<HclParser> | undefined;

export function getHclParser(): Promise<HclParser> {
  shared ??= load().catch((err: unknown) => {
    shared = undefined;
    throw err;
  });
  return shared;
}

async function load(): Promise<HclParser> {
  const [treeSitter, hcl] = await Promise.all([
    readFile(locate(TREE_SITTER_WASM, 'web-tree-sitter/web-tree-sitter.wasm')),
    readFile(locate(HCL_WASM, '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm')),
  ]);
  return HclParser.create({ treeSitter, hcl });
}

function locate(name: string, moduleSpecifier: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, name), join(here, '..', name)]) {
    if (existsSync(candidate)) return candidate;
  }
  return createRequire(import.meta.url).resolve(moduleSpecifier);
}
