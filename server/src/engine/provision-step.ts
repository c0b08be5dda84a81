/** The step every builder runs once connected: provisioners, then (on failure) the error-cleanup provisioner. */
import type { Communicator } from './communicator.js';
import type { BuildInfo, ProvisionHook } from './component.js';
import { asError, type Step, type StepState } from './runner.js';

export interface ProvisioningState extends StepState {
  comm?: Communicator;
  buildVars: Record<string, string>;
}

export function provisionStep<S extends ProvisioningState>(hook: ProvisionHook, build: BuildInfo): Step<S> {
  return {
    name: 'StepProvision',
    cleanupEvenOnAbort: true,
    async run(state, signal) {
      if (!state.comm) throw new Error('No communicator found for provisioners!');
      await hook.run(state.comm, state.buildVars, signal);
      return 'continue';
    },
    async cleanup(state) {
      if (!state.error || !state.comm || state.cancelled || build.onError === 'abort') return;
      state.ui.say('Provisioning step had errors: Running the cleanup provisioner, if present...');
      try {
        await hook.runErrorCleanup(state.comm, state.buildVars, new AbortController().signal);
      } catch (e) {
        state.error = new Error(`Cleanup failed: ${asError(e).message}. Original Provisioning error: ${state.error.message}`);
      }
    },
  };
}

/** The `build.*` values every builder provides, with the builder's own on top. */
export function buildVariables(build: BuildInfo, own: Readonly<Record<string, string>>): Record<string, string> {
  return {
    ID: '',
    Host: '',
    Port: '0',
    User: '',
    Password: '',
    ConnType: '',
    SSHPublicKey: '',
    SSHPrivateKey: '',
    WinRMPassword: '',
    PackerRunUUID: build.runUuid,
    PackerHTTPAddr: '',
    PackerHTTPIP: '',
    PackerHTTPPort: '',
    ...own,
  };
}

/** Runs the steps and turns the final state into the builder's result. */
export function failIfErrored(state: StepState): void {
  if (state.error) throw state.error;
}
