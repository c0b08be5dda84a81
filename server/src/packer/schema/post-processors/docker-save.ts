/** docker-save: saves the image to a tar file with `docker save`. */
import { attr, attributes, component, type ConfigOf } from '../types.js';

export const dockerSavePostProcessor = component({
  kind: 'post-processor',
  type: 'docker-save',
  doc: 'Saves the Docker image artifact to a tar file (`docker save`).',
  attributes: attributes({
    path: attr.string('The tar file to write.'),
    docker_path: attr.string('The docker executable.', { default: { value: 'docker' } }),
  }),
});

export type DockerSavePostProcessorConfig = ConfigOf<typeof dockerSavePostProcessor>;
