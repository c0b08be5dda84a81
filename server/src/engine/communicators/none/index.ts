/**
 * communicator = "none": the SDK's connect step says nothing and hands provisioners a communicator whose
 * commands exit 0 without running and whose transfers fail, so provisioners that need the machine fail.
 */
import { NoneCommunicator } from '../../communicator.js';
import type { ProvisioningState } from '../../provision-step.js';
import type { Step } from '../../runner.js';

export function noneConnectStep<S extends ProvisioningState>(): Step<S> {
  return {
    name: 'StepConnect',
    async run(state) {
      state.comm = new NoneCommunicator();
      return 'continue';
    },
    async cleanup() {},
  };
}
