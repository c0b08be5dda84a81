// Records `packer fix` (Debian's packer 1.6.6) on every test/upgrade/fixtures/fix/*.json input:
// NAME.stdout, NAME.stderr and NAME.code beside it. Run: node test/upgrade/generate-fix-corpus.mjs
import { readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const dir = new URL('./fixtures/fix/', import.meta.url).pathname;
for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const base = name.slice(0, -'.json'.length);
  const r = spawnSync('packer', ['fix', name], { cwd: dir, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  writeFileSync(join(dir, `${base}.stdout`), r.stdout);
  writeFileSync(join(dir, `${base}.stderr`), r.stderr);
  writeFileSync(join(dir, `${base}.code`), `${r.status}\n`);
}
