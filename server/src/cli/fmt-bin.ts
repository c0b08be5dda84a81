/**
 * The entry point of `packer-studio fmt` (dist/cli/fmt.cjs, which dist/cli.js requires for that command).
 *
 * fmt is usually over in a fraction of a second, so the fixed cost of starting matters: this entry is one
 * CommonJS file holding only fmt's code, which skips starting Node's ES module loader and resolving the
 * command table's chunks (~30 ms). Arguments are handled exactly as runCli (main.ts) hands them to `fmt`.
 */
import { setFlagsFromString } from 'node:v8';
import { fmtCommand } from './fmt.js';
import { runProcess } from './process.js';

// As in bin.ts: documents that are not plain are parsed by tree-sitter's wasm, which needs no optimising tier.
setFlagsFromString('--liftoff-only');
// runCli drops -machine-readable wherever it is, then the command's own name.
runProcess((argv, io) => fmtCommand.run(argv.filter((a) => a !== '-machine-readable').slice(1), io));
