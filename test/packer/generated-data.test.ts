import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTemplate } from '../../server/src/packer/load.js';
import { BUILTIN_SCHEMAS } from '../../server/src/packer/catalog.js';
import { templateInput } from './inputs.js';

// Packer decodes provisioner and post-processor bodies with the builder's generated-data names in `build` (docker:
// ImageSha256, SourceImageSha256, SourceImageDigest); the template model the editor shows must accept them too, and
// still reject them where no source's builder generates them.
function template(sourceType: 'docker' | 'null'): string {
  const source = sourceType === 'docker' ? 'source "docker" "a" {\n  image  = "busybox"\n  commit = true\n}\n' : 'source "null" "a" {\n  communicator = "none"\n}\n';
  return `${source}build {
  sources = ["source.${sourceType}.a"]
  provisioner "shell-local" {
    inline = ["echo \${build.ImageSha256} \${build.SourceImageDigest}"]
  }
  post-processor "shell-local" {
    inline = ["echo \${build.SourceImageSha256}"]
  }
}
`;
}

test("a docker build's provisioners and post-processors may read the builder's generated data", async () => {
  const r = loadTemplate(await templateInput(template('docker'), { schemas: BUILTIN_SCHEMAS }));
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary), []);
});

test('a build whose builder generates no such data reports each read as an unsupported attribute', async () => {
  const r = loadTemplate(await templateInput(template('null'), { schemas: BUILTIN_SCHEMAS }));
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => d.summary), ['Unsupported attribute', 'Unsupported attribute', 'Unsupported attribute']);
  assert.ok(errors.every((d) => /ImageSha256|SourceImageDigest|SourceImageSha256/.test(d.detail)), JSON.stringify(errors.map((d) => d.detail)));
});
