// Data sources executed through the fetch hook: only when asked, in dependency order, failures as diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTemplate, type TemplateInput } from '../../server/src/packer/load.js';
import { loadTemplateWithData, type DataSourceFetcher } from '../../server/src/packer/data-sources.js';
import { templateInput } from './inputs.js';
import { objectVal, stringVal } from '../../server/src/hcl/value.js';

function input(text: string): Promise<TemplateInput> {
  return templateInput(text);
}

const CHAINED = `
locals {
  base = "https://example.test"
}
data "http" "first" {
  url = "\${local.base}/first"
}
data "http" "second" {
  url = "\${local.base}/\${data.http.first.body}"
}
locals {
  result = data.http.second.body
}
`;

/** Serves `body-of:<url>`; records the URLs asked for. */
function fakeFetcher(calls: string[], fail?: string): DataSourceFetcher {
  return async (type, _name, config) => {
    const url = String(config.get('url')?.raw);
    calls.push(`${type} ${url}`);
    if (url === fail) throw new Error('HTTP request error. Response code: 404');
    return objectVal({ url: stringVal(url), body: stringVal(url.endsWith('/first') ? 'next' : `body-of:${url}`) });
  };
}

test('without the hook, http outputs stay unknown and nothing is fetched', async () => {
  const r = loadTemplate(await input(CHAINED));
  assert.equal(r.template.locals.get('result')!.value!.isKnown, false);
  assert.deepEqual(r.diagnostics, []);
});

test('with the hook, data sources run once each, after the ones they depend on', async () => {
  const calls: string[] = [];
  const r = await loadTemplateWithData(await input(CHAINED), fakeFetcher(calls));
  assert.deepEqual(calls, ['http https://example.test/first', 'http https://example.test/next']);
  assert.equal(r.template.locals.get('result')!.value!.raw, 'body-of:https://example.test/next');
  assert.deepEqual(r.diagnostics, []);
});

test('a failing fetch becomes an error on the data block, and its dependants are not fetched', async () => {
  const calls: string[] = [];
  const r = await loadTemplateWithData(await input(CHAINED), fakeFetcher(calls, 'https://example.test/first'));
  assert.deepEqual(calls, ['http https://example.test/first']);
  const d = r.diagnostics.find((x) => x.summary === 'HTTP request error. Response code: 404');
  assert.ok(d);
  assert.equal(d.range?.start.line, 4);
});
