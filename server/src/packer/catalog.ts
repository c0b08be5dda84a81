/** The component types Packer Studio ships (each has a schema under packer/schema when that registry lands). */
import type { ComponentCatalog } from './builds.js';

export const BUILTIN_COMPONENTS: ComponentCatalog = {
  builders: ['amazon-ebs', 'docker', 'file', 'null'],
  provisioners: ['breakpoint', 'file', 'shell', 'shell-local'],
  postProcessors: ['artifice', 'checksum', 'compress', 'docker-import', 'docker-push', 'docker-save', 'docker-tag', 'manifest', 'shell-local'],
  dataSources: ['http', 'null'],
};
