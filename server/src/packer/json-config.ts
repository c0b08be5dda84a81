/**
 * `.pkr.json` configurations and `.pkrvars.json` variable files, read into the same typed syntax model as their
 * HCL twins so the rest of the template model never knows the difference. In HCL-JSON a property is a block or
 * an attribute only by the schema of the body it sits in; these schemas are Packer's (hcl2template's) own.
 */
import type * as ast from '../hcl/ast.js';
import type { Diagnostic } from '../hcl/diagnostic.js';
import { parseHclJson, resolveJsonFile, type BodySchema } from '../hcl/json/body.js';
import { nativeExpressionParser, nativeTemplateParser } from '../hcl/json/template.js';
import type { HclParser } from '../hcl/parse.js';
import { bodySchemaFor } from './schema/registry.js';

const blocks = (entries: readonly (readonly [string, number])[]): BodySchema['blocks'] => new Map(entries.map(([type, labels]) => [type, { labels }]));

const TOP_LEVEL: BodySchema = {
  attributes: new Set(),
  blocks: blocks([
    ['packer', 0],
    ['variable', 1],
    ['variables', 0],
    ['locals', 0],
    ['local', 1],
    ['data', 2],
    ['source', 2],
    ['build', 0],
    ['hcp_packer_registry', 0],
  ]),
};

const FREE_FORM: BodySchema = { attributes: 'any' };

/** Bodies of Packer's own blocks, by the block type path (`build/provisioner`). */
const CORE: Readonly<Record<string, BodySchema>> = {
  packer: { attributes: 'any', blocks: blocks([['required_plugins', 0]]) },
  'packer/required_plugins': FREE_FORM,
  variable: { attributes: 'any', blocks: blocks([['validation', 0]]) },
  'variable/validation': FREE_FORM,
  variables: FREE_FORM,
  locals: FREE_FORM,
  local: FREE_FORM,
  build: {
    attributes: 'any',
    blocks: blocks([
      ['source', 1],
      ['provisioner', 1],
      ['error-cleanup-provisioner', 1],
      ['post-processor', 1],
      ['post-processors', 0],
      ['hcp_packer_registry', 0],
    ]),
  },
  'build/source': FREE_FORM,
  'build/post-processors': { attributes: 'any', blocks: blocks([['post-processor', 1]]) },
  hcp_packer_registry: { attributes: 'any', blocks: blocks([['build_labels', 0], ['bucket_labels', 0]]) },
  'build/hcp_packer_registry': { attributes: 'any', blocks: blocks([['build_labels', 0], ['bucket_labels', 0]]) },
};

const COMPONENT_KIND: Readonly<Record<string, 'builder' | 'provisioner' | 'post-processor' | 'datasource'>> = {
  source: 'builder',
  data: 'datasource',
  'build/provisioner': 'provisioner',
  'build/error-cleanup-provisioner': 'provisioner',
  'build/post-processor': 'post-processor',
  'build/post-processors/post-processor': 'post-processor',
};

/** A component's body: every property not declared as a nested block of its schema is an attribute. */
function componentBody(kind: (typeof COMPONENT_KIND)[string], type: string | undefined): BodySchema {
  const schema = type === undefined ? undefined : bodySchemaFor(kind, type);
  return { attributes: 'any', blocks: blocks(Object.keys(schema?.blocks ?? {}).map((b) => [b, 0] as const)) };
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
      const content = { file: r.file, start: { offset: r.start.offset + 1, line: r.start.line, character: r.start.character + 1 }, end: r.end };
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
  const pathOf = new Map<ast.Block, string>();
  const resolved = resolveJsonFile(parsed, (block) => {
    if (!block) return TOP_LEVEL;
    // Blocks arrive parent first, so the enclosing block's path is already known.
    const outer = innermost(pathOf, block);
    const path = outer ? `${outer}/${block.type}` : block.type;
    pathOf.set(block, path);
    const kind = COMPONENT_KIND[path];
    if (kind) return componentBody(kind, block.labels[0]?.value);
    return CORE[path] ?? FREE_FORM;
  });
  const diagnostics = resolved.diagnostics;
  const body = typeConstraintsAsExpressions(resolved.file.body, parser, diagnostics);
  return { ast: { ...resolved.file, body }, diagnostics };
}

/** The path of the innermost already-resolved block enclosing `block`. */
function innermost(pathOf: ReadonlyMap<ast.Block, string>, block: ast.Block): string {
  let best: [ast.Block, string] | undefined;
  for (const [b, p] of pathOf) {
    if (b === block || !(b.range.start.offset <= block.range.start.offset && block.range.end.offset <= b.range.end.offset)) continue;
    if (!best || b.range.start.offset >= best[0].range.start.offset) best = [b, p];
  }
  return best?.[1] ?? '';
}

/** A `.pkrvars.json` file: one JSON object whose properties are variable values. */
export function parseJsonVarFile(text: string, file: string, parser: HclParser): { readonly ast: ast.File; readonly diagnostics: Diagnostic[] } {
  const parsed = parseHclJson(text, file, { parseTemplate: nativeTemplateParser(parser) });
  const content = parsed.body.justAttributes();
  return { ast: { body: { kind: 'body', items: [...content.attributes], range: parsed.range }, range: parsed.range }, diagnostics: [...parsed.diagnostics, ...content.diagnostics] };
}
