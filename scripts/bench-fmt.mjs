// Formatter benchmark: whole-process `node dist/cli.js fmt` against `packer fmt` on copies of one generated
// ~400 KB template (paired runs in alternating order, medians of wall and CPU time, peak memory, ratio against
// issue 3's goal of 0.5x, machine load), then in-process throughput of the CLI's path for valid documents and
// of tree-sitter parse + format.
// Usage: node scripts/bench-fmt.mjs [--runs N] [--packer /usr/bin/packer]   (needs `npm run build` first)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const runs = Number(option('--runs', '15'));
const packer = option('--packer', process.env.PACKER ?? '/usr/bin/packer');
const cli = join(process.cwd(), 'dist', 'cli.js');

/** Unformatted on purpose (odd spacing, unaligned `=`) so both tools have to rewrite most lines. */
function generateTemplate(targetBytes) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const block =
      i % 2 === 0
        ? `variable "var_${i}" {\ntype=string\n  default    = "value-${i}"\ndescription="Variable number ${i}"\n  validation {\n condition = length(var.var_${i}) > 0\n    error_message="Must not be empty."\n}\n}\n\n`
        : `source "null" "src_${i}" {\n communicator="none"\n  tags = {\nName = "n-${i}"\n  Environment   ="bench"\n  Index = ${i}\n}\n  list = [ 1,2 ,3, "${'${var.var_' + (i - 1) + '}'}" ]\n}\n\n`;
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Wall time, CPU time (user + system) and peak RSS (from GNU time when present) of one run. On a shared machine
 * the CPU time is the steadier figure; wall time is what the goal is stated in.
 */
function timeProcess(command, commandArgs) {
  const timed = existsSync('/usr/bin/time');
  const start = performance.now();
  const r = timed
    ? spawnSync('/usr/bin/time', ['-f', '%U %S %M', command, ...commandArgs], { encoding: 'utf8' })
    : spawnSync(command, commandArgs, { encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} exited ${r.status}: ${r.stdout}${r.stderr}`);
  const [user, sys, rssKb] = timed ? r.stderr.trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, NaN];
  return { ms, cpuMs: (user + sys) * 1000, rssMb: rssKb / 1024 };
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const work = mkdtempSync(join(tmpdir(), 'bench-fmt-'));
try {
  const template = generateTemplate(400 * 1024);
  const source = join(work, 'source.pkr.hcl');
  writeFileSync(source, template);
  console.log(`template: ${(template.length / 1024).toFixed(0)} KB, ${template.split('\n').length} lines`);

  if (!existsSync(cli)) {
    console.log('dist/cli.js missing: run `npm run build` for the whole-process comparison');
  } else if (!existsSync(packer)) {
    console.log(`${packer} missing: skipping the comparison with packer`);
  } else {
    const ours = [];
    const theirs = [];
    const loadBefore = loadAverage();
    for (let i = 0; i < runs; i++) {
      const a = join(work, `ours-${i}.pkr.hcl`);
      const b = join(work, `packer-${i}.pkr.hcl`);
      copyFileSync(source, a);
      copyFileSync(source, b);
      // Alternate which tool goes first so that neither always runs on a warmer cache.
      if (i % 2 === 0) {
        ours.push(timeProcess(process.execPath, [cli, 'fmt', a]));
        theirs.push(timeProcess(packer, ['fmt', b]));
      } else {
        theirs.push(timeProcess(packer, ['fmt', b]));
        ours.push(timeProcess(process.execPath, [cli, 'fmt', a]));
      }
      if (readFileSync(a, 'utf8') !== readFileSync(b, 'utf8')) throw new Error(`outputs differ in run ${i}`);
    }
    const mo = median(ours.map((r) => r.ms));
    const mp = median(theirs.map((r) => r.ms));
    const ratio = mo / mp;
    const pairRatio = median(ours.map((r, i) => r.ms / theirs[i].ms));
    console.log(`whole process, median of ${runs} paired runs: packer-studio ${mo.toFixed(1)} ms, packer ${mp.toFixed(1)} ms, ratio ${ratio.toFixed(2)}x (goal <= 0.5x: ${ratio <= 0.5 ? 'met' : 'not met'}; median of per-pair ratios ${pairRatio.toFixed(2)}x; outputs identical)`);
    const co = median(ours.map((r) => r.cpuMs));
    const cp = median(theirs.map((r) => r.cpuMs));
    if (!Number.isNaN(co)) {
      console.log(`  CPU time (user+sys), medians: packer-studio ${co.toFixed(0)} ms, packer ${cp.toFixed(0)} ms, ratio ${(co / cp).toFixed(2)}x`);
      const ro = Math.max(...ours.map((r) => r.rssMb));
      const rp = Math.max(...theirs.map((r) => r.rssMb));
      console.log(`  peak RSS: packer-studio ${ro.toFixed(0)} MiB, packer ${rp.toFixed(0)} MiB`);
    }
    console.log(`  load average before: ${loadBefore}, after: ${loadAverage()} (${availableParallelism()} CPUs)`);
  }

  // The formatter bundled as the CLI bundles it (minified, enums inlined), so the figures are the CLI's.
  const formatter = join(work, 'format.mjs');
  await build({ entryPoints: ['server/src/hcl/format/format.ts'], bundle: true, minify: true, platform: 'node', format: 'esm', outfile: formatter, logLevel: 'warning' });
  const { formatHcl, formatIfPlain } = await import(pathToFileURL(formatter).href);
  const { Parser, Language } = await import('web-tree-sitter');
  const require = createRequire(import.meta.url);
  const mb = Buffer.byteLength(template) / (1024 * 1024);
  const rate = (ms) => `${(mb / (ms / 1000)).toFixed(1)} MB/s`;

  // The CLI's path for a valid document: scan, plainness check, layout (format/plain.ts). The first run is
  // what a one-shot process gets (code not yet optimised); the median is the steady state.
  const plainMs = [];
  for (let i = 0; i < Math.max(runs, 5); i++) {
    const t0 = performance.now();
    if (formatIfPlain(template) === undefined) throw new Error('benchmark template is not plain HCL');
    plainMs.push(performance.now() - t0);
  }
  console.log(`in-process fast path (no parse): first run ${plainMs[0].toFixed(1)} ms (${rate(plainMs[0])}), median ${median(plainMs).toFixed(1)} ms (${rate(median(plainMs))})`);

  // The path of documents that are not plain (and of the editor's range formatting): tree-sitter parse + format.
  await Parser.init();
  const parser = new Parser();
  parser.setLanguage(await Language.load(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm')));
  const parseMs = [];
  const formatMs = [];
  for (let i = 0; i < Math.max(runs, 5); i++) {
    const t0 = performance.now();
    const tree = parser.parse(template);
    const t1 = performance.now();
    const result = formatHcl({ text: template, tree });
    const t2 = performance.now();
    if (!('text' in result)) throw new Error('benchmark template did not format');
    tree.delete();
    parseMs.push(t1 - t0);
    formatMs.push(t2 - t1);
  }
  const p = median(parseMs);
  const f = median(formatMs);
  console.log(`in-process with tree-sitter, medians: parse ${p.toFixed(1)} ms, format ${f.toFixed(1)} ms; format ${rate(f)}, parse+format ${rate(p + f)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
