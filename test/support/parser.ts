/** The shared HCL parser for tests, loaded the same way the CLI and language server load it. */
export { getHclParser } from '../../server/src/platform/hcl-wasm.js';
export type { HclParser, ParsedFile, TextEdit } from '../../server/src/hcl/parse.js';
