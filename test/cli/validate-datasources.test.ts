// validate -evaluate-datasources: http data sources are fetched only with the flag.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './run.js';

let server: Server;
let base = '';
let dir = '';

before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/number') res.end('not a number');
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${addr.port}`;
  dir = mkdtempSync(join(tmpdir(), 'pkr-data-'));
  writeFileSync(
    join(dir, 'main.pkr.hcl'),
    `variable "path" {
  type = string
}
data "http" "n" {
  url = "${'${'}var.base}/${'${'}var.path}"
}
variable "base" {
  type = string
}
locals {
  n = jsondecode(data.http.n.body)
}
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
}
`,
  );
});

after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('without -evaluate-datasources the body is unknown and the template is valid', async () => {
  const r = await cli(['validate', '-var', `base=${base}`, '-var', 'path=number', dir]);
  assert.equal(r.code, 0, r.stdout);
});

test('with -evaluate-datasources the fetched body is used', async () => {
  const r = await cli(['validate', '-evaluate-datasources', '-var', `base=${base}`, '-var', 'path=number', dir]);
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stdout, /Error: Error in function call/);
});

test('a non-2xx response is reported on the data block', async () => {
  const r = await cli(['validate', '-evaluate-datasources', '-var', `base=${base}`, '-var', 'path=missing', dir]);
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stdout, /Error: HTTP request error\. Response code: 404/);
  assert.match(r.stdout, /line 4/);
});
