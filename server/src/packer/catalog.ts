/** The components Packer Studio ships: their type names and the schemas their bodies are checked against. */
import type { BodySchema } from './schema/types.js';
import { builderBodySchema, componentCatalog, dataSourceBodySchema, postProcessorBodySchema, provisionerBodySchema } from './schema/registry.js';
import type { ComponentCatalog } from './builds.js';

export const BUILTIN_COMPONENTS: ComponentCatalog = componentCatalog;

/** Body schemas by component type; undefined for a type without one (its body is then not checked). */
export interface ComponentSchemas {
  readonly builder: (type: string) => BodySchema | undefined;
  readonly provisioner: (type: string) => BodySchema | undefined;
  readonly postProcessor: (type: string) => BodySchema | undefined;
  readonly dataSource: (type: string) => BodySchema | undefined;
}

export const BUILTIN_SCHEMAS: ComponentSchemas = {
  builder: builderBodySchema,
  provisioner: provisionerBodySchema,
  postProcessor: postProcessorBodySchema,
  dataSource: dataSourceBodySchema,
};
