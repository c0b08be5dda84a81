// Whole-process wall time of one docker build (base image, one inline shell provisioner, docker-tag):
// `node dist/cli.js build` vs `/usr/bin/packer build` (1.6.6, built-in docker builder), same template and
// daemon, paired runs. Usage: node scripts/bench-build.mjs [runs=5]  (after `npm run build`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 5);
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
function time(cmd, args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: dir, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  return ms;
}

const ours = [];
const packer = [];
for (let i = 0; i < runs; i++) {
  // Alternate the order so daemon warm-up does not favour one side.
  if (i % 2 === 0) {
    ours.push(time(process.execPath, [join(root, 'dist/cli.js'), 'build', 'bench.pkr.hcl']));
    packer.push(time('/usr/bin/packer', ['build', 'bench.pkr.hcl']));
  } else {
    packer.push(time('/usr/bin/packer', ['build', 'bench.pkr.hcl']));
    ours.push(time(process.execPath, [join(root, 'dist/cli.js'), 'build', 'bench.pkr.hcl']));
  }
}
spawnSync('docker', ['rmi', '-f', 'bench/build:latest'], { stdio: 'ignore' });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => xs.map((x) => x.toFixed(0)).join(' ');
console.log(`packer-studio ms: ${fmt(ours)}  (median ${median(ours).toFixed(0)})`);
console.log(`packer 1.6.6 ms:  ${fmt(packer)}  (median ${median(packer).toFixed(0)})`);
console.log(`ratio packer/packer-studio (median): ${(median(packer) / median(ours)).toFixed(2)}x`);
