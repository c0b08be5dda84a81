/** Live diagnostics through the protocol: syntax, references, var files, validation conditions, settings. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol';
import { copyFixture, fixtureText, LspClient, positionOf, uriOf, textOf } from './harness.js';

const messages = (ds: Diagnostic[]) => ds.map((d) => textOf(d));

describe('diagnostics', () => {
  let c: LspClient;
  let dir: string;
  before(async () => {
    dir = copyFixture('multi');
    c = await LspClient.start({ settings: { packer: { diagnosticsDelay: 20 } } });
  });
  after(async () => {
    await c.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes clean results for a valid multi-file template, closed files included', async () => {
    const main = uriOf(join(dir, 'main.pkr.hcl'));
    await c.open(main, fixtureText('multi', 'main.pkr.hcl'));
    assert.deepEqual(await c.waitForVersion(main, 1), []);
    // variables.pkr.hcl is closed: read from disk, part of the template, and published (empty).
    assert.deepEqual(await c.waitForDiagnostics(uriOf(join(dir, 'variables.pkr.hcl'))), []);
    await c.close(main);
  });

  it('reports syntax errors with HCL messages at the right place', async () => {
    const uri = 'untitled:syntax';
    await c.open(uri, 'variable "x" {\n  default = [1, 2\n}\n');
    const ds = await c.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.ok(ds.every((d) => d.severity === DiagnosticSeverity.Error));
    assert.ok(ds.some((d) => d.range.start.line >= 1), JSON.stringify(ds));
    await c.close(uri);
  });

  it('flags undeclared var./local. references, unknown functions and undeclared sources, with did-you-mean', async () => {
    const uri = 'untitled:refs';
    const text = 'variable "count" {\n  default = 1\n}\nlocals {\n  a = var.cuont\n  c = uper("x")\n}\nsource "null" "x" {}\nbuild {\n  sources = ["source.null.x", "source.null.y"]\n}\n';
    await c.open(uri, text);
    const ds = await c.waitForDiagnostics(uri, (d) => d.length >= 3);
    const undeclared = ds.find((d) => textOf(d).includes('"cuont"'));
    assert.ok(undeclared, JSON.stringify(messages(ds)));
    assert.equal(undeclared.range.start.line, 4);
    const fn = ds.find((d) => textOf(d).startsWith('Call to unknown function'));
    assert.match(textOf(fn!), /Did you mean "upper"\?/);
    assert.deepEqual(fn!.range.start, positionOf(text, 'uper'));
    const source = ds.find((d) => textOf(d).startsWith('Unknown source null.y'));
    assert.ok(source, JSON.stringify(messages(ds)));
    assert.match(textOf(source), /source\.null\.x/);
    await c.close(uri);
  });

  it('evaluates validation conditions against defaults and puts the error_message on the default', async () => {
    const uri = 'untitled:validation';
    const text = 'variable "n" {\n  type    = number\n  default = 0\n  validation {\n    condition     = var.n > 0\n    error_message = "The n value must be positive."\n  }\n}\n';
    await c.open(uri, text);
    const ds = await c.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.equal(ds.length, 1);
    assert.match(textOf(ds[0]!), /^Invalid value for default variable: The n value must be positive\./);
    assert.deepEqual(ds[0]!.range.start, positionOf(text, '0\n'));
    // Fix the default: the diagnostic goes away on the next change.
    const v = await c.change(uri, [{ range: { start: positionOf(text, '0\n'), end: positionOf(text, '0\n', 1) }, text: '3' }]);
    assert.deepEqual(await c.waitForVersion(uri, v), []);
    await c.close(uri);
  });

  it('values that cannot be known before a build are never errors', async () => {
    const uri = 'untitled:unknown';
    const text = 'variable "id" {\n  type = string\n  default = "x"\n}\nlocals {\n  stamp = timestamp()\n  secret = aws_secretsmanager("a", "b")\n}\nsource "null" "x" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.x"]\n  provisioner "shell-local" {\n    inline = ["echo ${build.ID} ${source.name} ${local.secret}"]\n  }\n}\n';
    await c.open(uri, text);
    assert.deepEqual(messages(await c.waitForVersion(uri, 1)), []);
    await c.close(uri);
  });

  it('checks var files: undeclared variables get did-you-mean, validation failures sit on the var-file entry', async () => {
    const bad = join(dir, 'bad.pkrvars.hcl');
    const text = 'instance_count = 20\nimage_nme = "x"\n';
    writeFileSync(bad, text);
    const uri = uriOf(bad);
    await c.open(uri, text, 'packervars');
    const ds = await c.waitForDiagnostics(uri, (d) => d.length > 0);
    const undeclared = ds.find((d) => textOf(d).startsWith('Undefined variable'));
    assert.ok(undeclared, JSON.stringify(messages(ds)));
    assert.match(textOf(undeclared), /Did you mean "image_name"\?/);
    assert.equal(undeclared.severity, DiagnosticSeverity.Warning);
    assert.equal(undeclared.range.start.line, 1);
    // Not chosen in settings: its values are not applied, so no validation failure yet.
    assert.ok(!ds.some((d) => textOf(d).includes('instance count')));

    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: { packer: { varFiles: ['bad.pkrvars.hcl'], diagnosticsDelay: 20 } } });
    const chosen = await c.waitForDiagnostics(uri, (d) => d.some((x) => textOf(x).includes('instance count')));
    const failure = chosen.find((d) => textOf(d).includes('instance count'))!;
    assert.match(textOf(failure), /^Invalid value for varfile variable: The instance count must be between 1 and 10\./);
    assert.deepEqual(failure.range.start, { line: 0, character: 17 });
    await c.close(uri);
  });

  it('applies PKR_VAR_ values from settings and rule severities live', async () => {
    const uri = uriOf(join(dir, 'main.pkr.hcl'));
    await c.open(uri, fixtureText('multi', 'main.pkr.hcl'));
    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: { packer: { env: { PKR_VAR_instance_count: '50' }, diagnosticsDelay: 20 } } });
    const varsUri = uriOf(join(dir, 'variables.pkr.hcl'));
    const ds = await c.waitForDiagnostics(varsUri, (d) => d.some((x) => textOf(x).startsWith('Invalid value for env variable')));
    assert.equal(ds.find((x) => textOf(x).startsWith('Invalid value for env variable'))!.severity, DiagnosticSeverity.Error);

    await c.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { packer: { env: { PKR_VAR_instance_count: '50' }, rules: { 'variable-validation': 'hint' }, diagnosticsDelay: 20 } },
    });
    await c.waitForDiagnostics(varsUri, (d) => d.some((x) => x.severity === DiagnosticSeverity.Hint && textOf(x).startsWith('Invalid value for env variable')));
    await c.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { packer: { env: { PKR_VAR_instance_count: '50' }, rules: { 'variable-validation': 'off' }, diagnosticsDelay: 20 } },
    });
    await c.waitForDiagnostics(varsUri, (d) => d.length === 0);
    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: { packer: { diagnosticsDelay: 20 } } });
    await c.close(uri);
  });

  it('debounces a burst of changes and publishes for the last version only', async () => {
    const uri = 'untitled:burst';
    await c.open(uri, 'locals {\n  a = 1\n}\n');
    await c.waitForVersion(uri, 1);
    const from = c.published.length;
    let version = 1;
    for (let i = 0; i < 10; i++) version = await c.change(uri, [{ range: { start: { line: 1, character: 6 }, end: { line: 1, character: 7 } }, text: i === 9 ? 'var.nope' : String(i) }]);
    const ds = await c.waitForVersion(uri, version);
    const versions = c.published.slice(from).filter((p) => p.uri === uri).map((p) => p.version);
    assert.deepEqual(versions, [version]);
    assert.ok(ds.some((d) => textOf(d).includes('"nope"')), JSON.stringify(messages(ds)));
    await c.close(uri);
  });

  it('rereads closed files when the client reports them changed', async () => {
    const uri = uriOf(join(dir, 'main.pkr.hcl'));
    await c.open(uri, fixtureText('multi', 'main.pkr.hcl'));
    await c.waitForVersion(uri, 1);
    const varsPath = join(dir, 'variables.pkr.hcl');
    // Remove the declaration of image_name on disk: main.pkr.hcl now references an undeclared variable.
    writeFileSync(varsPath, fixtureText('multi', 'variables.pkr.hcl').replace('variable "image_name"', 'variable "image_title"').replace(/var\.image_name/g, 'var.image_title'));
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(varsPath), type: 2 }] });
    const ds = await c.waitForDiagnostics(uri, (d) => d.some((x) => textOf(x).includes('"image_name"')));
    assert.ok(ds.length >= 1);
    writeFileSync(varsPath, fixtureText('multi', 'variables.pkr.hcl'));
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(varsPath), type: 2 }] });
    await c.waitForDiagnostics(uri, (d) => d.length === 0);
    await c.close(uri);
  });
});
