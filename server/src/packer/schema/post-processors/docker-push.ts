/** docker-push: pushes the tagged or imported image to its registry. */
import { attr, attributes, component, type ConfigOf } from '../types.js';
import { awsAccessAttributes, dockerLoginAttributes } from '../builders/docker.js';

export const dockerPushPostProcessor = component({
  kind: 'post-processor',
  type: 'docker-push',
  doc: 'Pushes the image made by docker-import or docker-tag (every tag) to its registry.',
  attributes: attributes({
    ...dockerLoginAttributes,
    ...awsAccessAttributes,
    platform: attr.string('The platform to push (`--platform`).'),
    docker_path: attr.string('The docker executable.', { default: { value: 'docker' } }),
  }),
});

export type DockerPushPostProcessorConfig = ConfigOf<typeof dockerPushPostProcessor>;
