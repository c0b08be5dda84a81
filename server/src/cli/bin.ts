/** The bundled CLI's entry point (dist/cli/bin.mjs, started by dist/cli.js); main.ts stays importable by tests. */
import { main } from './main.js';

main();
