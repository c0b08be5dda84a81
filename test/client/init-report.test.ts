// "Packer: Init" summarises the real output of `packer-studio init` (run in-process here).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { initReport } from '../../client/src/init-report.js';
import { cli } from '../cli/run.js';

function template(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ps-init-report-'));
  writeFileSync(join(dir, 'main.pkr.hcl'), text);
  return dir;
}

const plugin = (name: string, source: string, version: string) => `    ${name} = {\n      source  = "${source}"\n      version = "${version}"\n    }\n`;

test('every requirement built in: an information message naming them', async () => {
  const dir = template(`packer {\n  required_plugins {\n${plugin('docker', 'github.com/hashicorp/docker', '>= 1.0.0')}  }\n}\n`);
  const r = await cli(['init', dir]);
  const report = initReport(r.stdout, r.code, 'web');
  assert.equal(report.ok, true);
  assert.equal(report.message, 'Packer: every required plugin of web is built in (github.com/hashicorp/docker v1.1.2): nothing to install.');
});

test('a plugin that is not built in: an error naming it, and what is built in', async () => {
  const dir = template(
    `packer {\n  required_plugins {\n${plugin('docker', 'github.com/hashicorp/docker', '>= 1.0.0')}${plugin('ansible', 'github.com/hashicorp/ansible', '~> 1')}  }\n}\n`,
  );
  const r = await cli(['init', dir]);
  const report = initReport(r.stdout, r.code, 'web');
  assert.equal(report.ok, false);
  assert.equal(
    report.message,
    'Packer: web requires what Packer Studio does not build in: github.com/hashicorp/ansible. Packer Studio never downloads plugins. Built in: github.com/hashicorp/docker v1.1.2.',
  );
});

test('no required_plugins: says the components are built in', async () => {
  const dir = template('source "null" "x" {\n  communicator = "none"\n}\n');
  const r = await cli(['init', dir]);
  const report = initReport(r.stdout, r.code, 'web');
  assert.equal(report.ok, true);
  assert.match(report.message, /has no required_plugins/);
});

test('a malformed requirement: an error pointing at the output', async () => {
  const dir = template('packer {\n  required_plugins {\n    docker = ">= 1"\n  }\n}\n');
  const r = await cli(['init', dir]);
  const report = initReport(r.stdout, r.code, 'web');
  assert.deepEqual(report, { ok: false, message: "Packer: init found problems in web's required_plugins." });
});
