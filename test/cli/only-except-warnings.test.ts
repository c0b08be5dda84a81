// -only / -except warnings counted like Packer's GetBuilds: a flag warns when it has more patterns than matches,
// and for -except a post-processor it drops is a match (Packer's "exclude post-processor, expect no warning").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './run.js';

const TEMPLATE = `source "null" "a" {
  communicator = "none"
}
source "null" "b" {
  communicator = "none"
}
build {
  sources = ["null.a", "null.b"]
  post-processor "manifest" {
    output = "m.json"
  }
}
`;

async function validate(...flags: string[]): Promise<{ code: number; stdout: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'only-except-'));
  try {
    writeFileSync(join(dir, 'main.pkr.hcl'), TEMPLATE);
    return await cli(['validate', ...flags, '.'], { cwd: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const EXCEPT_WARNING = "Warning: an 'except' option was passed, but did not match any build.";
const ONLY_WARNING = "Warning: an 'only' option was passed, but not all matches were found for the given build.";

test('-except naming only a post-processor drops it without a warning', async () => {
  const r = await validate('-except=manifest');
  assert.equal(r.code, 0, r.stdout);
  assert.ok(!r.stdout.includes(EXCEPT_WARNING), r.stdout);
});

test('-except matching nothing warns with the possible build names, as Go prints a list', async () => {
  const r = await validate('-except=nothing.*');
  assert.equal(r.code, 0, r.stdout);
  assert.ok(r.stdout.includes(EXCEPT_WARNING), r.stdout);
  assert.match(r.stdout, /Possible build names: \[null\.a null\.b\]\.\nThese could also be matched with a glob pattern like: 'happycloud\.\*'/);
});

test('-except with more patterns than matches warns; one pattern matching two builds does not', async () => {
  assert.ok((await validate('-except=null.a,nothing')).stdout.includes(EXCEPT_WARNING));
  assert.ok(!(await validate('-except=null.*')).stdout.includes(EXCEPT_WARNING));
});

test('-only warns when it has more patterns than builds it kept', async () => {
  assert.ok(!(await validate('-only=null.*')).stdout.includes(ONLY_WARNING));
  assert.ok((await validate('-only=null.a,zzz')).stdout.includes(ONLY_WARNING));
  assert.ok((await validate('-only=null.a,null.a')).stdout.includes(ONLY_WARNING), 'two patterns, one build kept');
});
