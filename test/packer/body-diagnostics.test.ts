// The loader keeps every finding for the editor, and says which ones lie inside a source, build `source` or
// provisioner/post-processor body (Template.bodyDiagnostics, by block): the commands leave those to the prepare
// step of the builds using the block (templateDiagnostics), as Packer finds them only there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTemplate, templateDiagnostics } from '../../server/src/packer/load.js';
import { BUILTIN_SCHEMAS } from '../../server/src/packer/catalog.js';
import type { Diagnostic } from '../../server/src/hcl/diagnostic.js';
import { templateInput } from './inputs.js';

const TEXT = `locals {
  broken = var.undeclared
}
source "file" "good" {
  content = "hello"
  target  = "good.txt"
}
source "file" "unused" {
  content = var.nope
  colour  = "blue"
}
build {
  source "source.file.good" {
    target = "again.txt"
  }
  provisioner "shell-local" {
    only   = [var.alsoundeclared]
    inline = [var.missing]
  }
  post-processor "manifest" {
    outptu = "m.json"
  }
}
`;

const where = (d: Diagnostic): string => `${d.summary}@${(d.range?.start.line ?? -1) + 1}`;

test('every body finding is in the load’s diagnostics and in bodyDiagnostics under its block; the rest concern the template', async () => {
  const r = loadTemplate(await templateInput(TEXT, { schemas: BUILTIN_SCHEMAS }));
  const t = r.template;
  const [unused, good] = [t.sources.get('file.unused')!, t.sources.get('file.good')!];
  const build = t.builds[0]!;
  const byBlock = new Map([...t.bodyDiagnostics].map(([block, ds]) => [block, ds.map(where)]));
  assert.deepEqual(byBlock.get(unused.block), ['Unsupported attribute@9', 'Unsupported argument@10']);
  assert.equal(byBlock.get(good.block), undefined);
  assert.deepEqual(byBlock.get(build.sources[0]!.extra!), ['Duplicate argument@14', 'Attribute redefined@14']);
  // `only` is decoded with the build block (template-wide); only the body's own finding is the block's.
  assert.deepEqual(byBlock.get(build.provisioners[0]!.block), ['Unsupported attribute@18']);
  assert.deepEqual(byBlock.get(build.postProcessors[0]![0]!.block), ['Unsupported argument@21']);
  assert.equal(byBlock.size, 4);

  // The editor sees all of them; each once.
  const all = r.diagnostics.map(where);
  for (const ds of byBlock.values()) for (const d of ds) assert.equal(all.filter((x) => x === d).length, 1, d);
  assert.deepEqual(templateDiagnostics(r.diagnostics, t).map(where), ['Unsupported attribute@2', 'Unsupported attribute@17']);
});

test('without a template (files that could not be read) every diagnostic concerns the template', () => {
  const d: Diagnostic = { severity: 'error', summary: 'Failed to read', detail: '' };
  assert.deepEqual(templateDiagnostics([d], undefined), [d]);
});
