/** The manifest post-processor: appends a JSON record of each build's artifact to a manifest file. */
import { attr, attributes, component, type ConfigOf } from '../types.js';

export const manifestPostProcessor = component({
  kind: 'post-processor',
  type: 'manifest',
  doc: 'Records each build\'s artifact (files, id, time, custom data) in a JSON manifest; passes the artifact on.',
  attributes: attributes({
    output: attr.string('The manifest file.', { default: { value: 'packer-manifest.json' } }),
    strip_path: attr.bool('Record file names without their directories.', { default: { value: false } }),
    strip_time: attr.bool('Leave `build_time` out of the record.', { default: { value: false } }),
    custom_data: attr.stringMap('Extra data stored with the record (values are template-rendered).'),
  }),
});

export type ManifestPostProcessorConfig = ConfigOf<typeof manifestPostProcessor>;
