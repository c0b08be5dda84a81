/** The null builder: connects with a communicator (or none) and runs provisioners; produces nothing. */
import { component, type ConfigOf } from '../types.js';
import type { CommunicatorConfig } from '../communicators/index.js';

export const nullBuilder = component({
  kind: 'builder',
  type: 'null',
  doc: 'Creates nothing: connects to an existing machine (or none) so provisioners can run against it.',
  attributes: {},
  communicator: { default: 'ssh', supported: ['ssh', 'winrm', 'none'] },
});

export type NullBuilderConfig = ConfigOf<typeof nullBuilder> & CommunicatorConfig;
