import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as ast from '../../server/src/hcl/ast.js';
import { parseHclJson, resolveJsonFile, type BodySchema } from '../../server/src/hcl/json/body.js';
import { nativeTemplateParser } from '../../server/src/hcl/json/template.js';
import { getHclParser } from '../../server/src/platform/hcl-wasm.js';
import type { HclParser } from '../../server/src/hcl/parse.js';
import { CONFORMANCE_DIR } from '../support/conformance.js';
import { LineIndex } from '../../server/src/hcl/text.js';

const TOP: BodySchema = {
  blocks: new Map([
    ['source', { labels: 2 }],
    ['build', { labels: 0 }],
    ['variable', { labels: 1 }],
  ]),
};
const BUILD: BodySchema = { attributes: new Set(['name', 'sources']), blocks: new Map([['provisioner', { labels: 1 }]]) };
const ANY: BodySchema = { attributes: 'any' };
const schemaFor = (block?: ast.Block): BodySchema => (!block ? TOP : block.type === 'build' ? BUILD : ANY);

const TEMPLATE = `{
  "//": "a comment property",
  "source": {
    "amazon-ebs": {
      "main": { "region": "us-east-1", "ami_name": "x-\${var.v}", "count": 1.10, "tags": { "a": true } }
    }
  },
  "build": {
    "sources": ["source.amazon-ebs.main"],
    "provisioner": {
      "shell": [ { "inline": ["one"] }, { "inline": ["two"] } ]
    }
  }
}`;

let hcl: HclParser;
before(async () => {
  hcl = await getHclParser();
});

function attr(body: ast.Body, name: string): ast.Attribute {
  const found = body.items.find((i): i is ast.Attribute => i.kind === 'attribute' && i.name === name);
  assert.ok(found, `attribute ${name}`);
  return found;
}

describe('HCL-JSON bodies', () => {
  it('resolves blocks, labels and attributes by schema', () => {
    const parsed = parseHclJson(TEMPLATE, 't.pkr.json', { parseTemplate: nativeTemplateParser(hcl) });
    const { file, diagnostics } = resolveJsonFile(parsed, schemaFor);
    assert.deepEqual(diagnostics, []);
    const blocks = file.body.items.filter((i): i is ast.Block => i.kind === 'block');
    assert.deepEqual(blocks.map((b) => [b.type, b.labels.map((l) => l.value)]), [['source', ['amazon-ebs', 'main']], ['build', []]]);
    const source = blocks[0].body;
    assert.deepEqual(source.items.map((i) => (i.kind === 'attribute' ? i.name : i.type)), ['region', 'ami_name', 'count', 'tags']);
    const count = attr(source, 'count').expr;
    assert.equal(count.kind === 'literal' && count.value.raw?.toString(), '1.1');
    const build = blocks[1].body;
    const provisioners = build.items.filter((i): i is ast.Block => i.kind === 'block');
    assert.equal(provisioners.length, 2);
    assert.ok(provisioners.every((p) => p.type === 'provisioner' && p.labels[0].value === 'shell'));
    assert.equal(new LineIndex(TEMPLATE).slice(provisioners[1].body.range), '{ "inline": ["two"] }');
  });

  it('parses strings as templates, with ranges inside the JSON string', () => {
    const parsed = parseHclJson(TEMPLATE, 't.pkr.json', { parseTemplate: nativeTemplateParser(hcl) });
    const { file } = resolveJsonFile(parsed, schemaFor);
    const source = (file.body.items[0] as ast.Block).body;
    const expr = attr(source, 'ami_name').expr;
    assert.equal(expr.kind, 'template');
    if (expr.kind !== 'template') return;
    assert.deepEqual(expr.parts.map((p) => p.kind), ['literal', 'interp']);
    const interp = expr.parts[1];
    assert.ok(interp.kind === 'interp' && interp.expr.kind === 'getattr');
    assert.equal(new LineIndex(TEMPLATE).slice(interp.expr.range), 'var.v');
    const region = attr(source, 'region').expr;
    assert.ok(region.kind === 'template' && region.parts[0].kind === 'literal' && region.parts[0].value === 'us-east-1');
  });

  it('reports properties the schema does not allow, on the key', () => {
    const text = '{ "build": { "sourcez": [] } }';
    const { diagnostics } = resolveJsonFile(parseHclJson(text, 'b.pkr.json'), schemaFor);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].summary, 'Extraneous JSON object property');
    assert.equal(diagnostics[0].range && new LineIndex(text).slice(diagnostics[0].range), '"sourcez"');
  });

  it('reports duplicate attributes and missing labels', () => {
    const text = '{ "source": { "amazon-ebs": "oops" }, "build": { "name": "a", "name": "b" } }';
    const { diagnostics } = resolveJsonFile(parseHclJson(text, 'b.pkr.json'), schemaFor);
    // Like HCL's collectDeepAttrs: a string where a label object belongs is the wrong type and names no label.
    assert.deepEqual(
      diagnostics.map((d) => `${d.summary}: ${d.detail}`).sort(),
      [
        'Duplicate argument: The argument "name" was already set at b.pkr.json:1,50-56.',
        "Incorrect JSON value type: Either a JSON object or JSON array of objects is required here, to specify second label labels for this block.",
        "Missing block label: At least one object property is required, whose name represents the source block's second label.",
      ],
    );
  });

  it('gives JSON syntax errors a position', () => {
    const parsed = parseHclJson('{\n  "a": 1,\n}', 'x.pkr.json');
    assert.equal(parsed.diagnostics.length, 1);
    // HCL's wording, on the trailing comma (json/parser.go).
    assert.equal(parsed.diagnostics[0].summary, 'Trailing comma in object');
    assert.equal(parsed.diagnostics[0].detail, 'JSON does not permit a trailing comma after the final property in an object.');
    assert.deepEqual([parsed.diagnostics[0].range?.start.line, parsed.diagnostics[0].range?.start.character], [1, 8]);
  });

  it('reads a conformance .pkrvars.json with justAttributes', () => {
    const path = join(CONFORMANCE_DIR, 'packer/command/test-fixtures/var-arg/var-arg-tests/peanut.auto.pkrvars.json');
    const text = readFileSync(path, 'utf8');
    const { attributes, diagnostics } = parseHclJson(text, path).body.justAttributes();
    assert.deepEqual(diagnostics, []);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(attributes.map((a) => a.name), Object.keys(parsed));
  });
});
