/** The compress post-processor: archives and/or compresses the artifact's files into one file. */
import { attr, attributes, component, type ConfigOf } from '../types.js';

export const compressPostProcessor = component({
  kind: 'post-processor',
  type: 'compress',
  doc: 'Archives and compresses the artifact\'s files (tar, zip, gzip, bgzf, lz4, xz, bzip2 by the output\'s extension).',
  attributes: attributes({
    output: attr.string('The archive file; its extension selects the format.', { default: { value: 'packer_{{.BuildName}}_{{.BuilderType}}' } }),
    format: attr.string('An extension used to pick the format when `output` has none (the name is not changed).'),
    compression_level: attr.number('Compression level 1-9 (0 or -1: the library default).', { default: { computed: 'the library default' } }),
    archive: attr.string('Derived from `output`.', { hidden: true }),
    algorithm: attr.string('Derived from `output`.', { hidden: true }),
  }),
});

export type CompressPostProcessorConfig = ConfigOf<typeof compressPostProcessor>;
