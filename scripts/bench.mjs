// `npm run bench`: prints performance figures (nothing here is asserted). Each section compares with Debian's
// packer 1.6.6 where /usr/bin/packer exists. Sub-benchmarks live in scripts/bench-*.mjs.
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTemplate } from './bench-template.mjs';

const PACKER = existsSync('/usr/bin/packer') ? '/usr/bin/packer' : undefined;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmtMs = (ms) => `${ms.toFixed(1)} ms`;

/** Wall time and peak RSS of one process run, measured by GNU time when present. */
function timeProcess(cmd, args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rssKb = Number((r.stderr.trim().split('\n').pop() ?? '0').trim()) || 0;
  return { ms, rssMb: rssKb / 1024, status: r.status, out: r.stdout + r.stderr };
}

/** Paired runs (ours, then packer's) so machine load affects both alike. */
function paired(label, ours, theirs) {
  const a = [];
  const b = [];
  let rssA = 0;
  let rssB = 0;
  for (let i = 0; i < RUNS; i++) {
    const x = ours();
    a.push(x.ms);
    rssA = Math.max(rssA, x.rssMb);
    if (theirs) {
      const y = theirs();
      b.push(y.ms);
      rssB = Math.max(rssB, y.rssMb);
    }
  }
  let line = `${label}: packer-studio ${fmtMs(median(a))} (peak ${rssA.toFixed(0)} MiB)`;
  if (theirs) line += ` | packer 1.6.6 ${fmtMs(median(b))} (peak ${rssB.toFixed(0)} MiB) | ratio ${(median(a) / median(b)).toFixed(2)}x`;
  console.log(line);
}

const hasTime = existsSync('/usr/bin/time');
if (!hasTime) console.log('note: /usr/bin/time missing (apt-get install time) — peak memory not measured');

console.log(`# validate (whole process, median of ${RUNS} paired runs)`);
const dir = mkdtempSync(join(tmpdir(), 'ps-bench-'));
try {
  for (const [name, bytes] of [['small', 2_000], ['400 KB', 400_000]]) {
    const d = join(dir, name.replace(/\s/g, ''));
    execFileSync('mkdir', ['-p', d]);
    writeFileSync(join(d, 'bench.pkr.hcl'), generateTemplate(bytes));
    const check = timeProcess(process.execPath, ['dist/cli.js', 'validate', d], process.cwd());
    if (check.status !== 0) console.log(`  (packer-studio validate exited ${check.status}: ${check.out.slice(0, 300)})`);
    paired(
      `validate ${name}`,
      () => timeProcess(process.execPath, [join(process.cwd(), 'dist/cli.js'), 'validate', d], process.cwd()),
      PACKER ? () => timeProcess(PACKER, ['validate', d], process.cwd()) : undefined,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// bench-activation imports the TypeScript e2e harness, hence tsx.
for (const sub of ['bench-core.mjs', 'bench-fmt.mjs', 'bench-lsp.mjs', 'bench-build.mjs', 'bench-activation.mjs']) {
  const p = join('scripts', sub);
  if (!existsSync(p)) continue;
  console.log(`\n# ${sub}`);
  spawnSync(process.execPath, sub === 'bench-activation.mjs' ? ['--import', 'tsx', p] : [p], { stdio: 'inherit' });
}
