/** The SSH communicator: what builders use to reach a machine over SSH. */
export { SshCommunicator } from './communicator.js';
export { sshConfigFrom, unsupportedSshSettings, type SshConfig, type SshSettings } from './config.js';
export { connectSsh, PACKER_TIMING, SshTimeoutError, type ConnectOptions, type SshTiming } from './connect.js';
export { sshBuildVariables, sshConnectStep, type SshConnectStepOptions } from './step.js';
