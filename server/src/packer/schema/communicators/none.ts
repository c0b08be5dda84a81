/** communicator = "none": no connection; provisioner commands exit 0 at once and file transfers fail. */
import { component } from '../types.js';

export const noneCommunicator = component({
  kind: 'communicator',
  type: 'none',
  doc: 'No connection to the machine: provisioner commands succeed without running and file transfers fail.',
  attributes: {},
});
