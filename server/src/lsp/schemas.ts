/**
 * What the language server needs from plugin component schemas (builders, provisioners, post-processors, data
 * sources). The schema registry has not landed: until it is wired here, components have no known attributes and
 * the types offered are those already used in the template, so nothing is flagged that cannot be checked.
 */
import type { CoreAttribute } from './core-blocks.js';

export type ComponentKind = 'builder' | 'provisioner' | 'post-processor' | 'data';

export interface ComponentSchemas {
  /** Known types of a kind, for label completion. */
  types(kind: ComponentKind): readonly string[];
  /** The attributes of a component type, or undefined when its schema is unknown. */
  attributes(kind: ComponentKind, type: string): readonly CoreAttribute[] | undefined;
  /** A one-line description of a component type. */
  describe(kind: ComponentKind, type: string): string | undefined;
}

export const NO_SCHEMAS: ComponentSchemas = {
  types: () => [],
  attributes: () => undefined,
  describe: () => undefined,
};
