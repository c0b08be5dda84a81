// Build-time resolution: what the engine gets for each (build, source) pair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTemplate } from '../../server/src/packer/load.js';
import { templateInput } from './inputs.js';
import { resolveBuilds } from '../../server/src/packer/build-time.js';
import { selectBuilds } from '../../server/src/packer/only-except.js';
import type { Diagnostic } from '../../server/src/hcl/diagnostic.js';

async function load(text: string) {
  return loadTemplate(await templateInput(text));
}

async function resolve(text: string, only: string[] = [], except: string[] = []) {
  const r = await load(text);
  const diags: Diagnostic[] = [...r.diagnostics];
  const selected = selectBuilds(r.template.builds, only, except, diags);
  return { builds: resolveBuilds(r.template, selected, except), diags };
}

const TWO_SOURCES = `
variable "greeting" {
  default = "hi"
}
source "null" "a" {
  communicator = "none"
}
source "null" "b" {
  communicator = "none"
}
build {
  name    = "bb"
  sources = ["source.null.a"]
  source "null.b" {
    name = "renamed"
  }
  provisioner "shell-local" {
    only   = ["null.a"]
    inline = ["echo \${var.greeting} \${source.name}"]
  }
  provisioner "shell-local" {
    pause_before = "1.5s"
    timeout      = "2m"
    max_retries  = 3
    inline       = ["echo default \${build.ID}"]
    override = {
      renamed = {
        inline = ["echo overridden"]
      }
    }
  }
  post-processors {
    post-processor "manifest" {
      name = "first"
    }
    post-processor "checksum" {
      checksum_types = ["sha256"]
    }
  }
  post-processor "shell-local" {
    except = ["null.renamed"]
    inline = ["echo pp"]
  }
}
`;

test('each build source gets its full name, its local name and the provisioners that apply to it', async () => {
  const { builds, diags } = await resolve(TWO_SOURCES);
  assert.deepEqual(
    diags.filter((d) => d.severity === 'error'),
    [],
  );
  assert.deepEqual(
    builds.map((b) => [b.name, b.sourceRef, b.sourceName]),
    [
      ['bb.null.a', 'null.a', 'a'],
      ['bb.null.renamed', 'null.renamed', 'renamed'],
    ],
  );
  const [a, renamed] = builds;
  assert.equal(a!.provisioners.length, 2);
  assert.deepEqual(a!.provisioners[0]!.config.values, { inline: ['echo hi a'] });
  // The local name replaces the source name in source.name and in only/except and override keys.
  assert.equal(renamed!.provisioners.length, 1);
  assert.deepEqual(renamed!.provisioners[0]!.config.values, { inline: ['echo overridden'] });
  assert.deepEqual(renamed!.postProcessors.map((c) => c.map((p) => p.type)), [['manifest', 'checksum']]);
  assert.deepEqual(a!.postProcessors.map((c) => c.map((p) => p.type)), [['manifest', 'checksum'], ['shell-local']]);
});

test('provisioner settings are taken out of the plugin config and durations are parsed', async () => {
  const { builds } = await resolve(TWO_SOURCES);
  const p = builds[0]!.provisioners[1]!;
  assert.equal(p.pauseBefore, 1500);
  assert.equal(p.timeout, 120000);
  assert.equal(p.maxRetries, 3);
  assert.deepEqual([...p.config.body.attrs.keys()], ['inline']);
});

test('bodies using build.* are unknown until evaluated again with the builder values', async () => {
  const { builds } = await resolve(TWO_SOURCES);
  const p = builds[0]!.provisioners[1]!;
  assert.equal(p.usesBuildVariables, true);
  assert.deepEqual(p.config.values, {});
  assert.deepEqual(p.evaluate({ ID: 'Null' }).values, { inline: ['echo default Null'] });
  assert.equal(builds[0]!.provisioners[0]!.usesBuildVariables, false);
});

test('-except drops matching builds and a matching post-processor with the rest of its chain', async () => {
  const { builds } = await resolve(TWO_SOURCES, [], ['bb.null.renamed', 'first']);
  assert.deepEqual(
    builds.map((b) => b.name),
    ['bb.null.a'],
  );
  assert.deepEqual(builds[0]!.postProcessors.map((c) => c.map((p) => p.type)), [['shell-local']]);
});

test('-except on a post-processor type when it has no name', async () => {
  const { builds } = await resolve(TWO_SOURCES, [], ['checksum']);
  assert.deepEqual(builds[0]!.postProcessors.map((c) => c.map((p) => p.type)), [['manifest'], ['shell-local']]);
});

test('the build source block adds attributes to the source body', async () => {
  const { builds, diags } = await resolve(`
source "docker" "app" {
  image = "busybox"
}
build {
  source "source.docker.app" {
    name   = "c"
    commit = true
  }
}
`);
  assert.deepEqual(diags.filter((d) => d.severity === 'error'), []);
  assert.deepEqual(builds[0]!.builder.values, { image: 'busybox', commit: true });
  assert.equal(builds[0]!.name, 'docker.c');
});

test('bad provisioner durations and overrides are reported like Packer', async () => {
  const r = await load(`
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["null.a"]
  provisioner "shell-local" {
    pause_before = "5"
    inline       = ["true"]
  }
  provisioner "shell-local" {
    timeout = "soon"
    inline  = ["true"]
  }
  provisioner "shell-local" {
    override = "nope"
    inline   = ["true"]
  }
}
`);
  const found = r.diagnostics.map((d) => `${d.summary}|${d.detail}`);
  assert.ok(found.includes('Failed to parse pause_before duration|time: missing unit in duration "5"'), found.join('\n'));
  assert.ok(found.includes('Failed to parse timeout duration|time: invalid duration "soon"'), found.join('\n'));
  assert.ok(found.some((f) => f.startsWith("provisioner's override block must be an HCL object")), found.join('\n'));
});
