// Whole-process wall time of one docker build (base image, one inline shell provisioner, docker-tag):
// `node dist/cli.js build` vs `/usr/bin/packer build` (1.6.6, built-in docker builder), same template and
// daemon, paired runs. Usage: node scripts/bench-build.mjs [runs=9]  (after `npm run build`).
// BENCH_BASELINE_CLI=/path/to/other/dist/cli.js adds a third contender to each round (before/after comparisons).
// Each contender first runs once untimed (disk caches, the daemon's first container). Every run's image is removed
// after it (untimed): re-tagging bench/build:latest would otherwise leave a dangling image per run, and commits
// get slower as they pile up.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 9);
const root = new URL('..', import.meta.url).pathname;
if (spawnSync('sh', [join(root, 'scripts/docker-test-env.sh')], { stdio: 'inherit' }).status !== 0) process.exit(2);

const dir = mkdtempSync(join(tmpdir(), 'bench-build-'));
writeFileSync(
  join(dir, 'bench.pkr.hcl'),
  `source "docker" "bench" {
  image  = "packer-studio/busybox:latest"
  pull   = false
  commit = true
}
build {
  sources = ["source.docker.bench"]
  provisioner "shell" {
    inline = ["echo benchmark > /bench.txt"]
  }
  post-processor "docker-tag" {
    repository = "bench/build"
    tags       = ["latest"]
  }
}
`,
);

const env = { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_NO_COLOR: '1' };
const timed = existsSync('/usr/bin/time');
/** Wall time, and CPU time (user + system of the tool itself, from GNU time) which load affects less. */
function time(cmd, args) {
  const start = process.hrtime.bigint();
  const r = timed ? spawnSync('/usr/bin/time', ['-f', '%U %S', cmd, ...args], { cwd: dir, env, encoding: 'utf8' }) : spawnSync(cmd, args, { cwd: dir, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  const [user, sys] = timed ? r.stderr.trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN];
  return { ms, cpuMs: (user + sys) * 1000 };
}
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const removeImage = () => spawnSync('docker', ['rmi', '-f', 'bench/build:latest'], { stdio: 'ignore' });
const dangling = spawnSync('docker', ['images', '-q', '-f', 'dangling=true'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).length;
if (dangling > 20) console.log(`note: ${dangling} dangling images make commits slower for both tools (docker image prune -f)`);

const baselineCli = process.env.BENCH_BASELINE_CLI;
const contenders = [
  { results: [], run: () => time(process.execPath, [join(root, 'dist/cli.js'), 'build', 'bench.pkr.hcl']) },
  { results: [], run: () => time('/usr/bin/packer', ['build', 'bench.pkr.hcl']) },
  ...(baselineCli ? [{ results: [], run: () => time(process.execPath, [baselineCli, 'build', 'bench.pkr.hcl']) }] : []),
];
const [ours, packer, baseline] = contenders.map((c) => c.results);
for (const c of contenders) {
  c.run();
  removeImage();
}
const loadBefore = loadAverage();
for (let i = 0; i < runs; i++) {
  // Rotate the order every round so daemon warm-up and load swings do not favour one side.
  for (let j = 0; j < contenders.length; j++) {
    const c = contenders[(i + j) % contenders.length];
    c.results.push(c.run());
    removeImage();
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => xs.map((x) => x.toFixed(0)).join(' ');
const wall = (rs) => rs.map((r) => r.ms);
console.log(`packer-studio ms: ${fmt(wall(ours))}  (median ${median(wall(ours)).toFixed(0)})`);
console.log(`packer 1.6.6 ms:  ${fmt(wall(packer))}  (median ${median(wall(packer)).toFixed(0)})`);
console.log(`ratio packer-studio/packer (median wall time): ${(median(wall(ours)) / median(wall(packer))).toFixed(2)}x (goal: at most 0.8x)`);
// Per round, since load swings between rounds more than within one.
const roundRatios = ours.map((r, i) => r.ms / packer[i].ms);
console.log(`per-round ratios: ${roundRatios.map((x) => x.toFixed(2)).join(' ')}  (median ${median(roundRatios).toFixed(2)}x)`);
if (baseline) {
  console.log(`baseline ${baselineCli} ms: ${fmt(wall(baseline))}  (median ${median(wall(baseline)).toFixed(0)}, ratio to packer ${(median(wall(baseline)) / median(wall(packer))).toFixed(2)}x)`);
}
if (timed) {
  const cpu = (rs) => median(rs.map((r) => r.cpuMs));
  console.log(`CPU time (user+sys of the tool, not the daemon), medians: packer-studio ${cpu(ours).toFixed(0)} ms, packer ${cpu(packer).toFixed(0)} ms${baseline ? `, baseline ${cpu(baseline).toFixed(0)} ms` : ''}`);
}
console.log(`load average before: ${loadBefore}, after: ${loadAverage()} (${availableParallelism()} CPUs)`);
