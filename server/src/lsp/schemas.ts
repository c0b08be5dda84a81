/**
 * What the language server reads from the component schemas (builders, provisioners, post-processors, data
 * sources): the same declarations validation and the engine's decoder read, seen as completion/hover entries.
 */
import type { Type } from '../hcl/value.js';
import { typeName } from '../hcl/types.js';
import { bodySchemaFor, builderSchema, builderTypes, dataSourceSchema, dataSourceTypes, postProcessorSchema, postProcessorTypes, provisionerSchema, provisionerTypes } from '../packer/schema/registry.js';
import type { AttributeSchema, ComponentSchema } from '../packer/schema/types.js';
import type { AttrKind, CoreAttribute } from './core-blocks.js';

export type ComponentKind = 'builder' | 'provisioner' | 'post-processor' | 'data';

export interface ComponentSchemas {
  /** Known types of a kind, for label completion. */
  types(kind: ComponentKind): readonly string[];
  /** The attributes of a component type, or undefined when its schema is unknown. */
  attributes(kind: ComponentKind, type: string): readonly CoreAttribute[] | undefined;
  /** A one-line description of a component type. */
  describe(kind: ComponentKind, type: string): string | undefined;
}

function kindOf(t: Type): AttrKind {
  switch (t.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return t.kind;
    case 'list':
    case 'set':
    case 'tuple':
      return 'list';
    case 'map':
    case 'object':
      return 'map';
    default:
      return 'any';
  }
}

function defaultText(a: AttributeSchema): string | undefined {
  const d = a.default;
  if (!d) return undefined;
  if ('computed' in d) return d.computed;
  return d.text ?? JSON.stringify(d.value);
}

function asCoreAttribute(a: AttributeSchema): CoreAttribute {
  const notes = [
    a.deprecated ? `**Deprecated:** ${a.deprecated}` : undefined,
    defaultText(a) !== undefined ? `Default: \`${defaultText(a)}\`` : undefined,
    a.sensitive ? 'Sensitive: masked in every output.' : undefined,
  ].filter((x): x is string => x !== undefined);
  return {
    name: a.name,
    kind: a.duration ? 'string' : kindOf(a.type),
    doc: [a.doc, ...notes].join('\n\n'),
    detail: a.duration ? 'duration' : typeName(a.type),
    ...(a.required ? { required: true } : {}),
    ...(a.enum ? { values: a.enum } : {}),
  };
}

const REGISTRY_KIND = { builder: 'builder', provisioner: 'provisioner', 'post-processor': 'post-processor', data: 'datasource' } as const;

const TYPES: Record<ComponentKind, readonly string[]> = {
  builder: builderTypes,
  provisioner: provisionerTypes,
  'post-processor': postProcessorTypes,
  data: dataSourceTypes,
};

const LOOKUP: Record<ComponentKind, (type: string) => ComponentSchema | undefined> = {
  builder: builderSchema,
  provisioner: provisionerSchema,
  'post-processor': postProcessorSchema,
  data: dataSourceSchema,
};

const attributeCache = new Map<string, readonly CoreAttribute[] | undefined>();

/** The shipped components, from the one schema registry. */
export const REGISTRY_SCHEMAS: ComponentSchemas = {
  types: (kind) => TYPES[kind],
  attributes(kind, type) {
    const key = `${kind}/${type}`;
    if (!attributeCache.has(key)) {
      const body = bodySchemaFor(REGISTRY_KIND[kind], type);
      attributeCache.set(key, body && Object.values(body.attributes).filter((a) => !a.hidden).map(asCoreAttribute));
    }
    return attributeCache.get(key);
  },
  describe: (kind, type) => LOOKUP[kind](type)?.doc,
};
