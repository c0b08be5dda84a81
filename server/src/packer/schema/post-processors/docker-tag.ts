/** docker-tag: tags the image made by the docker builder or docker-import. */
import { attr, attributes, component, type ConfigOf } from '../types.js';

export const dockerTagPostProcessor = component({
  kind: 'post-processor',
  type: 'docker-tag',
  doc: 'Tags the Docker image artifact as `repository:tag` for each tag.',
  attributes: attributes({
    repository: attr.string('The repository to tag into.'),
    tags: attr.stringList('The tags (no tags: the image is tagged as `repository`).'),
    tag: attr.stringList('Old name of `tags` (merged with it).', { deprecated: 'Use tags.' }),
    force: attr.bool('Force the tag (only used with Docker older than 1.12).', { default: { value: false } }),
    docker_path: attr.string('The docker executable.', { default: { value: 'docker' } }),
  }),
});

export type DockerTagPostProcessorConfig = ConfigOf<typeof dockerTagPostProcessor>;
