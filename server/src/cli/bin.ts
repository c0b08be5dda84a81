/** The bundled CLI's entry point (dist/cli/bin.mjs, started by dist/cli.js); main.ts stays importable by tests. */
import { setFlagsFromString } from 'node:v8';
import { main } from './main.js';

// A CLI run is short: V8's optimising tier for wasm (tree-sitter) compiles on background threads that the
// process then has to wait for at exit, 50–300 ms for nothing. The baseline compiler alone is enough here.
setFlagsFromString('--liftoff-only');
main();
