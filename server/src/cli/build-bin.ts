/**
 * The entry point of `packer-studio build` (dist/cli/build.cjs, which build-loader.ts runs with V8's code cache).
 *
 * A build's own work is mostly the Docker daemon's, so the fixed cost of starting counts: one CommonJS file
 * holding the build command, the engine and the components' preparation skips the ES module loader (resolving,
 * linking and instantiating bin.mjs and a score of chunks, and a namespace of every export for each Node
 * built-in imported). Measured against the ESM path in alternating runs: ~50 ms less CPU and ~70 ms earlier at
 * the first Docker request. Component implementations stay out of it (dockerode, tar-stream, ssh2 are side
 * bundles required on first use, see scripts/build.mjs). Arguments are handled exactly as runCli (main.ts)
 * hands them to `build`.
 */
import { buildCommand } from './build.js';
import { runProcess } from './process.js';

// runCli drops -machine-readable wherever it is, then the command's own name, and gives `build` the flag first.
runProcess((argv, io) => {
  const args = argv.filter((a) => a !== '-machine-readable');
  const rest = args.slice(1);
  return buildCommand.run(args.length !== argv.length ? ['-machine-readable', ...rest] : rest, io);
});
