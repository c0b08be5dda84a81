/**
 * The entry point of `packer-studio fmt` (dist/cli/fmt.cjs, which dist/cli.js requires for that command).
 *
 * fmt is usually over in a fraction of a second, so the fixed cost of starting matters: this entry is one
 * CommonJS file holding only fmt's code, which skips starting Node's ES module loader and resolving the
 * command table's chunks (~30 ms). Arguments are handled exactly as runCli (main.ts) hands them to `fmt`.
 */
import { setFlagsFromString } from 'node:v8';
import { createFmtCommand } from './fmt.js';
import { runProcess } from './process.js';

// A run formats once and exits, mostly before optimised code would repay its compilation. With V8's default
// inlining budget, TurboFan spends ~100 ms of CPU compiling the plain check's mutually recursive functions
// into each other; with a small budget, the same 400 KB fmt took ~20% less CPU and less wall time (measured in
// alternating runs against the default). Only optimisation heuristics change, never results.
setFlagsFromString('--max-inlined-bytecode-size-cumulative=100');

const fmt = createFmtCommand(
  async () => {
    // As in bin.ts: tree-sitter's wasm needs no optimising tier in a short run.
    setFlagsFromString('--liftoff-only');
    return (await import('../platform/hcl-wasm.js')).getHclParser();
  },
  { plainFastPath: true },
);

// As runCli: -machine-readable is taken from wherever it is and handed to fmt first, the command's name dropped.
runProcess((argv, io) => {
  const rest = argv.filter((a) => a !== '-machine-readable').slice(1);
  return fmt.run(rest.length + 1 === argv.length ? rest : ['-machine-readable', ...rest], io);
});
