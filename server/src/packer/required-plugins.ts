/** The `packer { required_plugins { ... } }` block: each entry checked the way Packer decodes it. */
import type * as ast from '../hcl/ast.js';
import type { Diagnostic } from '../hcl/diagnostic.js';
import { evaluate } from '../hcl/eval/index.js';
import { entriesOfValue } from '../hcl/value.js';
import { attributesOf } from './body.js';
import { error } from './diagnostics.js';
import { constraintVersions } from './version-constraint.js';

export interface RequiredPlugin {
  readonly name: string;
  readonly source: string;
  readonly version: string;
}

const DOCS = 'https://www.packer.io/docs/templates/hcl_templates/blocks/packer';
const PLUGIN_PART = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Go's error text for a malformed plugin source address, or undefined when it is valid. */
function sourceError(source: string): string | undefined {
  const errs: string[] = [];
  if (source.startsWith('/')) errs.push("A source URL must not start with a '/' character.");
  if (source.endsWith('/')) errs.push("A source URL must not end with a '/' character.");
  if ((source.match(/\//g) ?? []).length < 2) errs.push('A source URL must at least contain a host and a path with 2 components');
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(source)) errs.push('A source URL must not contain a scheme (e.g. https://).');
  if (/\?[^#]/.test(source)) errs.push('A source URL must not contain a query (e.g. ?var=val)');
  if (/#./.test(source)) errs.push('A source URL must not contain a fragment (e.g. #anchor).');
  if (errs.length > 0) {
    return `The provided source URL is invalid.\nThe following errors have been discovered:\n${errs.map((e) => `* ${e}\n`).join('')}\nA valid source looks like "github.com/hashicorp/happycloud"`;
  }
  const name = source.slice(source.lastIndexOf('/') + 1);
  if (name.startsWith('packer-')) {
    const suggested = name.replace(/packer-plugin-/g, '');
    if (name.startsWith('packer-plugin-') && PLUGIN_PART.test(suggested)) {
      return `Plugin source has a type with the prefix "packer-plugin-", which isn't valid.\nAlthough that prefix is often used in the names of version control repositories for Packer plugins, plugin source strings should not include it.\n\nDid you mean "${suggested}"?`;
    }
    return `Plugin source has a type with the "packer-" prefix, which isn't valid.\nIf you are the author of this plugin, rename it to not include the prefix.\nEx: "${name.replace('packer-', '')}"`;
  }
  const parts = source.split('/').length;
  if (parts > 16) {
    return `The source URL must have at most 16 components, and the one provided has ${parts}.\nThis is unsupported by Packer, please consider using a source that has less components to it.\nIf this is a blocking issue for you, please open an issue to ask for supporting more components to the source URI.`;
  }
  return undefined;
}

export function decodeRequiredPlugins(block: ast.Block, diags: Diagnostic[]): RequiredPlugin[] {
  const out: RequiredPlugin[] = [];
  for (const attr of attributesOf(block.body)) {
    const range = attr.expr.range;
    const r = evaluate(attr.expr, {});
    diags.push(...r.diagnostics);
    const v = r.value;
    if (!PLUGIN_PART.test(attr.name)) {
      diags.push(
        error(
          'Invalid plugin local name',
          PLUGIN_PART.test(attr.name.toLowerCase())
            ? `Plugin names must be normalized. Replace "${attr.name}" with "${attr.name.toLowerCase()}" to fix this error.`
            : `${attr.name} is an invalid plugin local name: must contain only letters, digits, and dashes, and may not use leading or trailing dashes`,
          range,
        ),
      );
    }
    const kind = v.type.kind;
    if (kind === 'string' || kind === 'number' || kind === 'bool') {
      const c = typeof v.raw === 'string' ? v.raw : 'version';
      diags.push(
        error(
          'Invalid plugin requirement',
          `'${attr.name} = "${c}"' plugin requirement calls are not possible. You must define a whole block. For example:\n${attr.name} = {\n  source  = "github.com/hashicorp/${attr.name}"\n  version = "${c}"\n}`,
          attr.range,
        ),
      );
      continue;
    }
    if (kind !== 'object' || !v.isKnown || v.isNull) {
      diags.push(error('Invalid required_plugins syntax', 'required_plugins entries must be objects.', range));
      continue;
    }
    const fields = entriesOfValue(v);
    const version = fields.get('version');
    if (!version) {
      diags.push(
        error(
          'No version constraint was set',
          `The version field must be specified as a string. Ex: \`version = ">= 1.2.0, < 2.0.0". See ${DOCS}#version-constraints for docs`,
          range,
        ),
      );
      continue;
    }
    if (typeof version.raw !== 'string') {
      diags.push(error('Invalid version constraint', `Version must be specified as a string. See ${DOCS}#version-constraint-syntax for docs.`, range));
      continue;
    }
    const clauses = constraintVersions(version.raw);
    if (!clauses) {
      diags.push(
        error(
          'Invalid version constraint',
          `This string does not use correct version constraint syntax. See ${DOCS}#version-constraint-syntax for docs.\nMalformed constraint: ${version.raw}`,
          range,
        ),
      );
      continue;
    }
    if (clauses.some((c) => c.prerelease !== '')) {
      diags.push(error('Invalid version constraint', `Unsupported prerelease for constraint "${version.raw}"`, range));
    }
    const source = fields.get('source');
    if (!source) {
      diags.push(
        error(
          'No source was set',
          `The source field must be specified as a string. Ex: \`source = "coolcloud". See ${DOCS}#specifying-plugin-requirements for docs`,
          range,
        ),
      );
      continue;
    }
    if (typeof source.raw !== 'string') {
      diags.push(error('Invalid source', 'Source must be specified as a string. For example: source = "coolcloud"', range));
      continue;
    }
    const bad = sourceError(source.raw);
    if (bad) {
      diags.push(error('Failed to parse source', bad, attr.range));
      continue;
    }
    if ([...fields.keys()].some((k) => k !== 'version' && k !== 'source')) {
      diags.push(error('Invalid required_plugins object', 'required_plugins objects can only contain "version" and "source" attributes.', range));
    }
    out.push({ name: attr.name, source: source.raw, version: version.raw });
  }
  return out;
}
