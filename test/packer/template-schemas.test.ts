// Component bodies checked against the shipped schemas while loading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTemplate } from '../../server/src/packer/load.js';
import { BUILTIN_SCHEMAS } from '../../server/src/packer/catalog.js';
import { templateInput } from './inputs.js';
import { checkRequired } from '../../server/src/packer/check-bodies.js';
import { selectBuilds } from '../../server/src/packer/only-except.js';
import type { Diagnostic } from '../../server/src/hcl/diagnostic.js';

async function load(text: string) {
  return loadTemplate(await templateInput(text, { schemas: BUILTIN_SCHEMAS }));
}

test('unknown arguments in sources, provisioners and post-processors are reported with the plugin schema', async () => {
  const r = await load(`
source "null" "a" {
  communicator = "none"
  colour       = "blue"
}
build {
  sources = ["null.a"]
  provisioner "shell-local" {
    inlne = ["true"]
  }
  post-processor "manifest" {
    outptu = "m.json"
  }
}
`);
  const unsupported = r.diagnostics.filter((d) => d.summary === 'Unsupported argument').map((d) => d.range?.start.line);
  assert.deepEqual(unsupported, [3, 8, 11]);
});

test('a required argument may come from the build source block, and is only checked for selected builds', async () => {
  const text = `
source "file" "a" {
  content = "x"
}
build {
  name = "given"
  source "file.a" {
    target = "out.txt"
  }
}
build {
  name    = "missing"
  sources = ["file.a"]
}
`;
  const r = await load(text);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
  const missing = (only: string[]) => {
    const diags: Diagnostic[] = [];
    const selected = selectBuilds(r.template.builds, only, [], diags);
    return checkRequired(r.template, selected, BUILTIN_SCHEMAS).map((d) => d.summary);
  };
  assert.deepEqual(missing(['given.*']), []);
  assert.deepEqual(missing(['missing.*']), ['Missing required argument']);
});
