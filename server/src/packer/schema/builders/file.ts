/** The file builder: writes one local file from content or a copy of another file; no communicator. */
import { attr, attributes, component, type ConfigOf } from '../types.js';

export const fileBuilder = component({
  kind: 'builder',
  type: 'file',
  doc: 'Creates a local file from `content` or by copying `source`; provisioners run against a mock machine.',
  attributes: attributes({
    target: attr.string('Path of the file to create (parent directories are created).', { required: true, requiredMessage: 'target required' }),
    source: attr.string('A local file to copy to `target`; not together with `content`.'),
    content: attr.string('Text to write to `target` (mode 0600); not together with `source`.'),
  }),
});

export type FileBuilderConfig = ConfigOf<typeof fileBuilder>;
