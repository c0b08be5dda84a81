// No false positives: every component block of Packer's own fixtures whose type we ship validates cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONFORMANCE_DIR } from '../support/conformance.js';
import { getHclParser } from '../support/parser.js';
import type * as ast from '../../server/src/hcl/ast.js';
import { decodeConfig } from '../../server/src/packer/schema/decode.js';
import { fileBuilder } from '../../server/src/packer/schema/builders/file.js';
import {
  builderBodySchema,
  dataSourceBodySchema,
  postProcessorBodySchema,
  provisionerBodySchema,
} from '../../server/src/packer/schema/registry.js';
import type { BodySchema } from '../../server/src/packer/schema/types.js';
import { validateBody } from '../../server/src/packer/schema/validate.js';
import { stringVal } from '../../server/src/hcl/value.js';

const PACKER_FIXTURES = join(CONFORMANCE_DIR, 'packer');

/** Fixtures whose plugin bodies Packer never validates, with the reason. */
const NOT_VALIDATED_BY_PACKER: Record<string, string> = {
  'command/test-fixtures/hcl/inspect/aws-builds.pkr.hcl': 'inspect does not prepare plugins; its shell provisioner has an unknown `files`',
  'command/test-fixtures/hcl2_upgrade/placeholders/expected.pkr.hcl': 'hcl2_upgrade output keeps the JSON template\'s unknown `other_prop`',
};

/**
 * Packer's hcl2template tests register the SDK's mock builder/provisioner/post-processor under real names
 * (`amazon-ebs`, `shell`, `file`, ...); blocks written for those mocks use the mock config's attributes.
 */
const MOCK_CONFIG_NAMES = new Set(['not_squashed', 'string', 'int', 'int64', 'bool', 'trilean', 'duration', 'map_string_string', 'slice_string', 'slice_slice_string', 'nested', 'nested_slice']);

function usesMockConfig(body: ast.Body): boolean {
  return body.items.some((i) => MOCK_CONFIG_NAMES.has(i.kind === 'attribute' ? i.name : i.type));
}

function templates(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return templates(p);
    return p.endsWith('.pkr.hcl') ? [p] : [];
  });
}

interface Checked {
  readonly where: string;
  readonly schema: BodySchema;
  readonly block: ast.Block;
}

function componentBlocks(file: string, items: readonly (ast.Attribute | ast.Block)[], inBuild: boolean, out: Checked[]): void {
  for (const b of items) {
    if (b.kind !== 'block') continue;
    const type = b.labels[0]?.value ?? '';
    let schema: BodySchema | undefined;
    if (b.type === 'source' && !inBuild) schema = builderBodySchema(type);
    else if (b.type === 'data' && !inBuild) schema = dataSourceBodySchema(type);
    else if (inBuild && (b.type === 'provisioner' || b.type === 'error-cleanup-provisioner')) schema = provisionerBodySchema(type);
    else if (inBuild && b.type === 'post-processor') schema = postProcessorBodySchema(type);
    else if (b.type === 'build' || b.type === 'post-processors') componentBlocks(file, b.body.items, true, out);
    if (schema && !usesMockConfig(b.body)) out.push({ where: `${file}:${b.typeRange.start.line + 1} ${b.type} "${type}"`, schema, block: b });
  }
}

test('conformance: shipped component blocks in Packer fixtures validate without diagnostics', async () => {
  const parser = await getHclParser();
  const checked: Checked[] = [];
  for (const path of templates(PACKER_FIXTURES)) {
    const rel = relative(PACKER_FIXTURES, path);
    if (NOT_VALIDATED_BY_PACKER[rel]) continue;
    const parsed = parser.parse(readFileSync(path, 'utf8'), rel);
    parsed.tree.delete();
    componentBlocks(rel, parsed.ast.body.items, false, checked);
  }
  // Required values are checked when Packer prepares a build, on the source merged with the build's settings
  // (and not at all for builds excluded by -only/-except), so bodies on their own are checked without them.
  const problems = checked.flatMap(({ where, schema, block }) =>
    validateBody(block.body, schema, { required: false }).map((d) => `${where}: ${d.summary}: ${d.detail}`),
  );
  assert.deepEqual(problems, []);
  const kinds = new Set(checked.map((c) => c.block.type));
  assert.ok(checked.length >= 100, `only ${checked.length} blocks checked`);
  for (const k of ['source', 'provisioner', 'post-processor', 'data', 'error-cleanup-provisioner']) assert.ok(kinds.has(k), k);
});

test('conformance: the validate fixture meant to fail reports the file builder\'s missing target', async () => {
  const parser = await getHclParser();
  const rel = 'command/test-fixtures/validate/validate_except.pkr.hcl';
  const parsed = parser.parse(readFileSync(join(PACKER_FIXTURES, rel), 'utf8'), rel);
  parsed.tree.delete();
  const sources = parsed.ast.body.items.filter((i): i is ast.Block => i.kind === 'block' && i.type === 'source');
  const results = sources.map((s) => {
    const attrs = new Map(
      s.body.items.flatMap((i) => (i.kind === 'attribute' && i.expr.kind === 'template' && i.expr.parts[0]?.kind === 'literal' ? [[i.name, stringVal(i.expr.parts[0].value)] as const] : [])),
    );
    return [s.labels[1]?.value, decodeConfig(fileBuilder, attrs).diagnostics.map((d) => d.detail)];
  });
  assert.deepEqual(results, [
    ['chocolate', []],
    ['vanilla', ['target required']],
  ]);
});
