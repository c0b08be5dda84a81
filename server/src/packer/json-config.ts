/**
 * `.pkr.json` configurations and `.pkrvars.json` variable files, read into the same typed syntax model as their
 * HCL twins so the rest of the template model never knows the difference. In HCL-JSON a property is a block or
 * an attribute only by the schema of the body it sits in; these schemas are Packer's (hcl2template's) own.
 */
import type * as ast from '../hcl/ast.js';
import { comparePositions, type Diagnostic } from '../hcl/diagnostic.js';
import { parseHclJson, resolveJsonFile, type BodySchema } from '../hcl/json/body.js';
import { nativeExpressionParser, nativeTemplateParser } from '../hcl/json/template.js';
import type { HclParser } from '../hcl/parse.js';
import { bodySchemaFor } from './schema/registry.js';
import type { BodySchema as PluginBodySchema } from './schema/types.js';

/** Block types by name, each with its label count or its labels' names (Packer's LabelNames, for messages). */
const blocks = (entries: readonly (readonly [string, number | readonly string[]])[]): BodySchema['blocks'] =>
  new Map(entries.map(([type, labels]) => [type, typeof labels === 'number' ? { labels } : { labels: labels.length, labelNames: labels }]));

const TOP_LEVEL: BodySchema = {
  attributes: new Set(),
  blocks: blocks([
    ['packer', 0],
    ['variable', ['name']],
    ['variables', 0],
    ['locals', 0],
    ['local', ['name']],
    ['data', ['type', 'name']],
    ['source', ['type', 'name']],
    ['build', 0],
    ['hcp_packer_registry', 0],
    ['communicator', ['type', 'name']],
  ]),
};

const FREE_FORM: BodySchema = { attributes: 'any' };

/** Bodies of Packer's own blocks, by the block type path (`build/provisioner`). */
const CORE: Readonly<Record<string, BodySchema>> = {
  packer: { attributes: 'any', blocks: blocks([['required_plugins', 0]]) },
  'packer/required_plugins': FREE_FORM,
  // Packer decodes these with a nil evaluation context: in JSON their strings are never templates.
  variable: { attributes: 'any', blocks: blocks([['validation', 0]]), literal: new Set(['description']) },
  'variable/validation': { attributes: 'any', literal: new Set(['error_message']) },
  variables: FREE_FORM,
  locals: FREE_FORM,
  local: FREE_FORM,
  build: {
    attributes: 'any',
    blocks: blocks([
      ['source', ['reference']],
      ['provisioner', ['type']],
      ['error-cleanup-provisioner', ['type']],
      ['post-processor', ['type']],
      ['post-processors', 0],
      ['hcp_packer_registry', 0],
      ['dynamic', ['name']],
    ]),
  },
  'build/source': FREE_FORM,
  'build/post-processors': { attributes: 'any', blocks: blocks([['post-processor', ['type']]]) },
  // bucket_labels and build_labels are map attributes (types.build.hcp_packer_registry.go), not blocks.
  hcp_packer_registry: FREE_FORM,
  'build/hcp_packer_registry': FREE_FORM,
};

const COMPONENT_KIND: Readonly<Record<string, 'builder' | 'provisioner' | 'post-processor' | 'datasource'>> = {
  source: 'builder',
  data: 'datasource',
  'build/provisioner': 'provisioner',
  'build/error-cleanup-provisioner': 'provisioner',
  'build/post-processor': 'post-processor',
  'build/post-processors/post-processor': 'post-processor',
};

/**
 * Where a body sits: in one of Packer's own blocks (by its path, `build/provisioner`), in a component body or
 * one of its nested blocks (by that body's plugin schema; undefined for a type not shipped), or in a `dynamic`
 * block generating `type` blocks of the body `around` it.
 */
type Place =
  | { readonly core: string }
  | { readonly component: PluginBodySchema | undefined }
  | { readonly dynamic: string; readonly around: Place };

/** The label of a build's `source` block names the builder: `source.<type>.<name>` or `<type>.<name>`. */
function builderOfSourceRef(ref: string | undefined): string | undefined {
  const parts = (ref ?? '').split('.');
  return parts[0] === 'source' ? parts[1] : parts[0];
}

/** The place of the body of `block` (its type and first label), inside a body at `outer`. */
function placeOf(outer: Place, block: { readonly type: string; readonly label?: string }): Place {
  // `dynamic "x" { content { ... } }`: the content body is an `x` block of the body around the dynamic block; its
  // labels come from the `labels` expression, unknown here, so a labelled component type stays unknown.
  if ('dynamic' in outer) return placeOf(outer.around, { type: outer.dynamic });
  if (block.type === 'dynamic' && ('component' in outer || outer.core === 'build')) return { dynamic: block.label ?? '', around: outer };
  if ('component' in outer) return { component: outer.component?.blocks[block.type] };
  const path = outer.core ? `${outer.core}/${block.type}` : block.type;
  const kind = COMPONENT_KIND[path];
  if (kind) return { component: block.label === undefined ? undefined : bodySchemaFor(kind, block.label) };
  if (path === 'build/source') return { component: bodySchemaFor('builder', builderOfSourceRef(block.label) ?? '') };
  return { core: path };
}

/** A component body: its plugin schema's nested blocks are blocks, `dynamic` blocks too; any other property is an attribute. */
function componentBody(schema: PluginBodySchema | undefined): BodySchema {
  const nested = Object.values(schema?.blocks ?? {}).map((b) => [b.type, b.labels?.length ?? 0] as const);
  return { attributes: 'any', blocks: blocks([...nested, ['dynamic', ['name']]]) };
}

const DYNAMIC: BodySchema = { attributes: new Set(['for_each', 'iterator', 'labels']), blocks: blocks([['content', 0]]) };

function bodySchemaAt(block: ast.Block | undefined, parents: readonly ast.Block[]): BodySchema {
  if (!block) return TOP_LEVEL;
  let place: Place = { core: '' };
  for (const b of [...parents, block]) place = placeOf(place, { type: b.type, ...(b.labels[0] ? { label: b.labels[0].value } : {}) });
  if ('dynamic' in place) return DYNAMIC;
  if ('core' in place) return CORE[place.core] ?? FREE_FORM;
  return componentBody(place.component);
}

/** Type constraints are expressions, not templates: `"type": "list(string)"` is read as native syntax. */
function typeConstraintsAsExpressions(body: ast.Body, parser: HclParser, diagnostics: Diagnostic[]): ast.Body {
  const reparse = nativeExpressionParser(parser);
  const items = body.items.map((item): ast.Attribute | ast.Block => {
    if (item.kind !== 'block' || item.type !== 'variable') return item;
    const inner = item.body.items.map((a): ast.Attribute | ast.Block => {
      if (a.kind !== 'attribute' || a.name !== 'type' || a.expr.kind !== 'template') return a;
      const literal = a.expr.parts.length === 1 && a.expr.parts[0]!.kind === 'literal' ? a.expr.parts[0]!.value : undefined;
      if (literal === undefined) return a;
      const r = a.expr.range;
      const content = { file: r.file, start: { line: r.start.line, character: r.start.character + 1 }, end: r.end };
      const parsed = reparse(literal, content);
      diagnostics.push(...parsed.diagnostics);
      return { ...a, expr: parsed.expr };
    });
    return { ...item, body: { ...item.body, items: inner } };
  });
  return { ...body, items };
}

/** A `.pkr.json` configuration file as a syntax tree, with diagnostics on JSON positions. */
export function parseJsonConfig(text: string, file: string, parser: HclParser): { readonly ast: ast.File; readonly diagnostics: Diagnostic[] } {
  const parsed = parseHclJson(text, file, { parseTemplate: nativeTemplateParser(parser) });
  const resolved = resolveJsonFile(parsed, bodySchemaAt);
  const diagnostics = resolved.diagnostics;
  const body = typeConstraintsAsExpressions(resolved.file.body, parser, diagnostics);
  return { ast: { ...resolved.file, body }, diagnostics };
}

/** A `.pkrvars.json` file: one JSON object whose properties are variable values. */
export function parseJsonVarFile(text: string, file: string): { readonly ast: ast.File; readonly diagnostics: Diagnostic[] } {
  const parsed = parseHclJson(text, file);
  const asFile = (items: readonly (ast.Attribute | ast.Block)[]): ast.File => ({ body: { kind: 'body', items, range: parsed.range }, range: parsed.range });
  // Packer reads var files with a nil evaluation context: in JSON, `"${x}"` is that text, not a template.
  // Like Packer, first look for `variable` blocks (a declaration put in a var file), which the model reports as
  // such, as it does for a .pkrvars.hcl file.
  const probe = parsed.body.content({ attributes: 'any', literal: 'all', blocks: blocks([['variable', 1]]) });
  if (probe.blocks.length > 0) {
    const items = [...probe.attributes, ...probe.blocks.map(({ block }) => block)].sort((a, b) => comparePositions(a.range.start, b.range.start));
    return { ast: asFile(items), diagnostics: [...parsed.diagnostics, ...probe.diagnostics] };
  }
  const content = parsed.body.justAttributes(true);
  return { ast: asFile(content.attributes), diagnostics: [...parsed.diagnostics, ...content.diagnostics] };
}
