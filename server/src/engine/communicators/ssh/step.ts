/**
 * The connect step builders put before provisioning when `communicator = "ssh"`: prints what the SDK's
 * StepConnect prints, leaves the communicator and the `build.*` connection values in the state, and
 * closes the connection on cleanup.
 */
import { goDurationString } from '../../go-duration.js';
import type { ProvisioningState } from '../../provision-step.js';
import { sleep, type Step } from '../../runner.js';
import type { SshCommunicator } from './communicator.js';
import type { SshConfig } from './config.js';
import { connectSsh, SshTimeoutError, type SshTiming } from './connect.js';

export interface SshConnectStepOptions<S extends ProvisioningState> {
  readonly config: SshConfig;
  /** The address to connect to; builders that learn it late read it from their state. */
  readonly host: (state: S) => string;
  /** `pause_before_connecting` in milliseconds: connect, wait, then connect again (a machine finishing a reboot). */
  readonly pauseBeforeConnectingMs?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timing?: SshTiming;
}

export function sshConnectStep<S extends ProvisioningState>(opts: SshConnectStepOptions<S>): Step<S> {
  let comm: SshCommunicator | undefined;
  const waitForSsh = async (state: S, host: string, signal: AbortSignal): Promise<SshCommunicator> => {
    state.ui.say('Waiting for SSH to become available...');
    try {
      // Each failed attempt goes to the debug log (PACKER_LOG), as the SDK logs it.
      const log = (line: string): void => state.ui.log?.(`[DEBUG] ${line}`);
      const connected = await connectSsh({ config: opts.config, host, signal, env: opts.env, timing: opts.timing, log });
      state.ui.say('Connected to SSH!');
      return connected;
    } catch (e) {
      if (signal.aborted) throw e;
      state.ui.error(e instanceof SshTimeoutError ? e.message : `Error waiting for SSH: ${(e as Error).message}`);
      throw e;
    }
  };
  return {
    name: 'StepConnect',
    async run(state, signal) {
      const host = opts.host(state);
      state.ui.say(`Using SSH communicator to connect: ${host}`);
      comm = await waitForSsh(state, host, signal);
      const pause = opts.pauseBeforeConnectingMs ?? 0;
      if (pause > 0) {
        state.ui.say(`Pausing ${goDurationString(pause)} before connecting...`);
        comm.close();
        comm = undefined;
        await sleep(pause, signal);
        comm = await waitForSsh(state, host, signal);
      }
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

/**
 * The `build.*` values the SDK derives from the communicator config once connected. Like the SDK,
 * `SSHPrivateKey` is only a key the builder generated, never the content of `ssh_private_key_file`.
 */
export function sshBuildVariables(config: SshConfig, host: string): Record<string, string> {
  return {
    Host: host,
    Port: String(config.port),
    User: config.username,
    Password: config.password,
    ConnType: 'ssh',
    SSHPublicKey: config.publicKey?.toString('utf8') ?? '',
    SSHPrivateKey: config.generatedPrivateKey?.toString('utf8') ?? '',
    SSHPrivateKeyFile: config.privateKeyFile,
    SSHAgentAuth: String(config.agentAuth),
  };
}
