/** The communicator schemas and the config every communicator-using builder decodes. */
import type { ConfigOf } from '../types.js';
import { communicatorCommonAttributes } from './common.js';
import type { SshCommunicatorConfig } from './ssh.js';
import type { WinrmCommunicatorConfig } from './winrm.js';

export { communicatorCommonAttributes } from './common.js';
export { sshCommunicator, type SshCommunicatorConfig } from './ssh.js';
export { winrmCommunicator, type WinrmCommunicatorConfig } from './winrm.js';
export { noneCommunicator } from './none.js';
export { dockerCommunicator, dockerWindowsContainerCommunicator } from './docker.js';

/** Builders embed the SDK's communicator.Config: every ssh_* and winrm_* attribute, whatever `communicator` is. */
export type CommunicatorConfig = ConfigOf<{ attributes: typeof communicatorCommonAttributes; blocks: Record<never, never> }> &
  SshCommunicatorConfig &
  WinrmCommunicatorConfig;
