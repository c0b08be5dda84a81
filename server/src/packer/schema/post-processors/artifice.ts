/** The artifice post-processor: replaces the artifact with a chosen set of local files. */
import { attr, attributes, component, type ConfigOf } from '../types.js';

export const artificePostProcessor = component({
  kind: 'post-processor',
  type: 'artifice',
  doc: 'Replaces the artifact by the given files (globs), e.g. to feed files made by a provisioner to later post-processors.',
  attributes: attributes({
    files: attr.stringList('Files (globs) that make up the new artifact.', {
      required: true,
      requiredMessage: 'No files specified in artifice configuration',
    }),
    keep_input_artifact: attr.bool('Keep the artifact this post-processor received.', { default: { value: true } }),
  }),
});

export type ArtificePostProcessorConfig = ConfigOf<typeof artificePostProcessor>;
