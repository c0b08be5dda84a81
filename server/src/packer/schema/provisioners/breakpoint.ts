/** The breakpoint provisioner: pauses the build until Enter is pressed. */
import { attr, attributes, component, type ConfigOf } from '../types.js';

export const breakpointProvisioner = component({
  kind: 'provisioner',
  type: 'breakpoint',
  doc: 'Pauses the build until you press Enter, to inspect the machine.',
  attributes: attributes({
    note: attr.string('A note shown when pausing.'),
    disable: attr.bool('Skip the pause.', { default: { value: false } }),
  }),
});

export type BreakpointProvisionerConfig = ConfigOf<typeof breakpointProvisioner>;
