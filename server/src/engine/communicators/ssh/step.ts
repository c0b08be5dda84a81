/**
 * The connect step builders put before provisioning when `communicator = "ssh"`: prints what the SDK's
 * StepConnect prints, leaves the communicator and the `build.*` connection values in the state, and
 * closes the connection on cleanup.
 */
import type { ProvisioningState } from '../../provision-step.js';
import type { Step } from '../../runner.js';
import type { SshCommunicator } from './communicator.js';
import type { SshConfig } from './config.js';
import { connectSsh, SshTimeoutError, type SshTiming } from './connect.js';

export interface SshConnectStepOptions<S extends ProvisioningState> {
  readonly config: SshConfig;
  /** The address to connect to; builders that learn it late read it from their state. */
  readonly host: (state: S) => string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timing?: SshTiming;
}

export function sshConnectStep<S extends ProvisioningState>(opts: SshConnectStepOptions<S>): Step<S> {
  let comm: SshCommunicator | undefined;
  return {
    name: 'StepConnect',
    async run(state, signal) {
      const host = opts.host(state);
      state.ui.say(`Using SSH communicator to connect: ${host}`);
      state.ui.say('Waiting for SSH to become available...');
      try {
        comm = await connectSsh({ config: opts.config, host, signal, env: opts.env, timing: opts.timing });
      } catch (e) {
        if (signal.aborted) throw e;
        state.ui.error(e instanceof SshTimeoutError ? e.message : `Error waiting for SSH: ${(e as Error).message}`);
        throw e;
      }
      state.ui.say('Connected to SSH!');
      state.comm = comm;
      Object.assign(state.buildVars, sshBuildVariables(opts.config, host));
      return 'continue';
    },
    async cleanup() {
      comm?.close();
      comm = undefined;
    },
  };
}

/** The `build.*` values the SDK derives from the communicator config once connected. */
export function sshBuildVariables(config: SshConfig, host: string): Record<string, string> {
  return {
    Host: host,
    Port: String(config.port),
    User: config.username,
    Password: config.password,
    ConnType: 'ssh',
    SSHPublicKey: config.publicKey?.toString('utf8') ?? '',
    SSHPrivateKey: config.privateKey?.toString('utf8') ?? '',
    SSHPrivateKeyFile: config.privateKeyFile,
    SSHAgentAuth: String(config.agentAuth),
  };
}
