// `init`: each required_plugins entry checked against the built-in plugins, Packer's texts and exit codes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtinPlugins, checkRequirement } from '../../server/src/packer/builtin-plugins.js';
import { builderSchema, dataSourceSchema, postProcessorSchema, provisionerSchema } from '../../server/src/packer/schema/registry.js';
import { initCommand } from '../../server/src/cli/init.js';
import { commandTable } from '../../server/src/cli/main.js';
import { cli } from './run.js';

const ROOT = resolve(import.meta.dirname, '../..');

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ps-init-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const requires = (entries: Record<string, { source: string; version: string }>) =>
  `packer {\n  required_plugins {\n${Object.entries(entries)
    .map(([n, e]) => `    ${n} = {\n      source  = "${e.source}"\n      version = "${e.version}"\n    }\n`)
    .join('')}  }\n}\n`;

const BUILD = 'source "null" "x" {\n  communicator = "none"\n}\n\nbuild {\n  sources = ["source.null.x"]\n}\n';

describe('packer-studio init', () => {
  it('reports every built-in requirement and exits 0', async () => {
    const dir = workspace({
      'plugins.pkr.hcl': requires({
        docker: { source: 'github.com/hashicorp/docker', version: '>= 1.0.8' },
        amazon: { source: 'github.com/hashicorp/amazon', version: '~> 1' },
      }),
      'build.pkr.hcl': BUILD,
    });
    const r = await cli(['init', '.'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^Plugin github\.com\/hashicorp\/docker >= 1\.0\.8 is built in \(v1\.1\.2: builder docker; post-processors docker-import, docker-push, docker-save, docker-tag\); nothing to install\.$/m);
    assert.match(r.stdout, /^Plugin github\.com\/hashicorp\/amazon ~> 1 is built in \(v1\.3\.8: builder amazon-ebs\); nothing to install\.$/m);
    assert.doesNotMatch(r.stdout, /Failed/);
  });

  it('names a plugin that is not built in, like Packer names a failed install, and exits 1', async () => {
    const dir = workspace({
      'plugins.pkr.hcl': requires({
        docker: { source: 'github.com/hashicorp/docker', version: '>= 1.0.0' },
        ansible: { source: 'github.com/hashicorp/ansible', version: '~> 1' },
      }),
    });
    const r = await cli(['init', dir]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^Plugin github\.com\/hashicorp\/docker >= 1\.0\.0 is built in/m);
    assert.match(r.stdout, /^Failed getting the "github\.com\/hashicorp\/ansible" plugin:\n"github\.com\/hashicorp\/ansible" \(required as "ansible"\) is not built into packer-studio, and packer-studio does not download plugins\. Built-in plugins: github\.com\/hashicorp\/amazon v1\.3\.8, github\.com\/hashicorp\/docker v1\.1\.2\.$/m);
  });

  it('fails a built-in plugin whose version does not meet the constraint', async () => {
    const dir = workspace({ 'p.pkr.hcl': requires({ docker: { source: 'github.com/hashicorp/docker', version: '>= 2.0.0' } }) });
    const r = await cli(['init', 'p.pkr.hcl'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^Failed getting the "github\.com\/hashicorp\/docker" plugin:\nThe built-in github\.com\/hashicorp\/docker plugin is v1\.1\.2, which does not match the version constraint ">= 2\.0\.0" of "docker"\./m);
  });

  it('compares sources case-insensitively and checks every clause of the constraint', () => {
    assert.equal(checkRequirement('GitHub.com/HashiCorp/Docker', '>= 1.0, < 2.0').kind, 'built-in');
    assert.equal(checkRequirement('github.com/hashicorp/docker', '>= 1.0, < 1.1').kind, 'version-mismatch');
    assert.equal(checkRequirement('github.com/hashicorp/docker', '!= 1.1.2').kind, 'version-mismatch');
    assert.equal(checkRequirement('github.com/example/docker', '>= 1').kind, 'not-built-in');
  });

  it("prints Packer's hint when the template has no required_plugins, and exits 0", async () => {
    const dir = workspace({ 'build.pkr.hcl': BUILD });
    const r = await cli(['init', '.'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.equal(
      r.stdout,
      '\nNo plugins requirement found, make sure you reference a Packer config\ncontaining a packer.required_plugins block. See\nhttps://www.packer.io/docs/templates/hcl_templates/blocks/packer\nfor more info.\n',
    );
  });

  it('reports a malformed requirement with its position and exits 1', async () => {
    const dir = workspace({ 'p.pkr.hcl': 'packer {\n  required_plugins {\n    docker = ">= 1.0.0"\n  }\n}\n' });
    const r = await cli(['init', '.'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Error: Invalid plugin requirement/);
    assert.match(r.stdout, /on p\.pkr\.hcl line 3:/);
    assert.doesNotMatch(r.stdout, /No plugins requirement found/);
  });

  it('reports a syntax error and exits 1', async () => {
    const dir = workspace({ 'p.pkr.hcl': 'packer {\n  required_plugins {\n' });
    const r = await cli(['init', '.'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Error: /);
  });

  it('reads required_plugins from a .pkr.json template', async () => {
    const json = JSON.stringify({ packer: { required_plugins: { docker: { source: 'github.com/hashicorp/docker', version: '>= 1.0.0' } } } });
    const dir = workspace({ 'p.pkr.json': json });
    const r = await cli(['init', 'p.pkr.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^Plugin github\.com\/hashicorp\/docker >= 1\.0\.0 is built in/m);
  });

  it('refuses a legacy JSON template with Packer\'s message', async () => {
    const dir = workspace({ 'legacy.json': '{"builders":[{"type":"null","communicator":"none"}]}' });
    const r = await cli(['init', 'legacy.json'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Error: Packer init is supported for HCL2 configuration templates only/);
    assert.match(r.stdout, /Please manually install plugins or use a HCL2 configuration that will do that\nfor you\./);
  });

  it('takes -upgrade and -force, and prints the usage for a wrong invocation', async () => {
    const dir = workspace({ 'p.pkr.hcl': requires({ docker: { source: 'github.com/hashicorp/docker', version: '>= 1.0.0' } }) });
    const up = await cli(['init', '-upgrade', '-force', '.'], { cwd: dir });
    assert.equal(up.code, 0, up.stdout);
    assert.match(up.stdout, /nothing to upgrade/);
    const none = await cli(['init'], { cwd: dir });
    assert.equal(none.code, 1);
    assert.match(none.stdout, /^Usage: packer init \[options\] TEMPLATE/);
    const bad = await cli(['init', '-nope', '.'], { cwd: dir });
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^flag provided but not defined: -nope\nUsage: packer init/);
    const missing = await cli(['init', 'does-not-exist'], { cwd: dir });
    assert.equal(missing.code, 1);
    assert.match(missing.stdout, /Could not find any config file in does-not-exist/);
  });

  it('is listed with the synopsis of its module', async () => {
    const entry = commandTable().find((c) => c.name === 'init');
    assert.ok(entry);
    assert.equal(entry.synopsis, initCommand.synopsis);
  });

  it('lists only components the registry really ships', () => {
    for (const p of builtinPlugins()) {
      for (const t of p.builders) assert.ok(builderSchema(t), t);
      for (const t of p.provisioners) assert.ok(provisionerSchema(t), t);
      for (const t of p.postProcessors) assert.ok(postProcessorSchema(t), t);
      for (const t of p.dataSources) assert.ok(dataSourceSchema(t), t);
    }
  });

  it('runs from the bundled CLI (dist/cli.js)', () => {
    const dir = workspace({ 'p.pkr.hcl': requires({ docker: { source: 'github.com/hashicorp/docker', version: '>= 1.0.0' } }) });
    const ok = execFileSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'init', dir], { encoding: 'utf8' });
    assert.match(ok, /^Plugin github\.com\/hashicorp\/docker >= 1\.0\.0 is built in/m);
    const bad = workspace({ 'p.pkr.hcl': requires({ vagrant: { source: 'github.com/hashicorp/vagrant', version: '>= 1.0.0' } }) });
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'init', bad], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /Failed getting the "github\.com\/hashicorp\/vagrant" plugin:/);
  });
});
