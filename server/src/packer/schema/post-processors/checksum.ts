/** The checksum post-processor: writes checksum files for the artifact's files. */
import { attr, attributes, component, type ConfigOf } from '../types.js';

export const CHECKSUM_TYPES = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;

export const checksumPostProcessor = component({
  kind: 'post-processor',
  type: 'checksum',
  doc: 'Computes checksums of the artifact\'s files and appends them to checksum files.',
  attributes: attributes({
    checksum_types: attr.stringList(`Checksum algorithms: ${CHECKSUM_TYPES.join(', ')}.`, { default: { value: ['md5'], text: '["md5"]' } }),
    output: attr.string('The checksum file; `{{.BuildName}}`, `{{.BuilderType}}` and `{{.ChecksumType}}` are available.', {
      default: { value: 'packer_{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum' },
    }),
  }),
});

export type ChecksumPostProcessorConfig = ConfigOf<typeof checksumPostProcessor>;
