/**
 * The entry point of `packer-studio fmt` (dist/cli/fmt.cjs, which dist/cli.js requires for that command).
 *
 * fmt is usually over in a fraction of a second, so the fixed cost of starting matters: this entry is one
 * CommonJS file holding only fmt's code, which skips starting Node's ES module loader and resolving the
 * command table's chunks (~30 ms). Arguments are handled exactly as runCli (main.ts) hands them to `fmt`.
 */
import { createFmtCommand } from './fmt.js';
import { runProcess } from './process.js';

const fmt = createFmtCommand(
  async () => {
    // As in bin.ts: tree-sitter's wasm needs no optimising tier in a short run. Set only once a document needs
    // the parser, since V8 refuses code caches made under other flags (see code-cache.ts).
    (await import('node:v8')).setFlagsFromString('--liftoff-only');
    return (await import('../platform/hcl-wasm.js')).getHclParser();
  },
  { plainFastPath: true },
);

// runCli drops -machine-readable wherever it is, then the command's own name.
runProcess((argv, io) => fmt.run(argv.filter((a) => a !== '-machine-readable').slice(1), io));
