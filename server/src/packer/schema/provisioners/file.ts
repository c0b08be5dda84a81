/** The file provisioner: uploads files or directories to the machine, or downloads them from it. */
import { attr, attributes, component, type ConfigOf } from '../types.js';

export const fileProvisioner = component({
  kind: 'provisioner',
  type: 'file',
  doc: 'Uploads files or directories to the machine (or downloads them with `direction = "download"`).',
  attributes: attributes({
    source: attr.string('The local path to upload (or the remote path to download).'),
    sources: attr.stringList('Several paths; `destination` should then end with `/`.'),
    content: attr.string('Text to upload as a file (not with `source`/`sources`).'),
    destination: attr.string('Where the file goes; a trailing `/` means "into this directory".', {
      required: true,
      requiredMessage: 'Destination must be specified.',
    }),
    direction: attr.string('`upload` or `download`.', {
      default: { value: 'upload' },
      enum: ['download', 'upload'],
      enumMessage: 'Direction must be one of: download, upload.',
    }),
    generated: attr.bool('The sources are created during the build: do not check that they exist.', { default: { value: false } }),
  }),
});

export type FileProvisionerConfig = ConfigOf<typeof fileProvisioner>;
