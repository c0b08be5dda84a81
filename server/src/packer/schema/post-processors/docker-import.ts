/** docker-import: imports an exported container tar file as an image. */
import { attr, attributes, component, type ConfigOf } from '../types.js';

export const dockerImportPostProcessor = component({
  kind: 'post-processor',
  type: 'docker-import',
  doc: 'Imports the tar file exported by the docker builder (or given by artifice) as a Docker image.',
  attributes: attributes({
    repository: attr.string('The repository of the image.'),
    tag: attr.string('The tag of the image.'),
    changes: attr.stringList('Dockerfile instructions applied on import (`--change`).'),
    platform: attr.string('The platform of the image (`--platform`).'),
    docker_path: attr.string('The docker executable.', { default: { value: 'docker' } }),
  }),
});

export type DockerImportPostProcessorConfig = ConfigOf<typeof dockerImportPostProcessor>;
