/**
 * The null builder's config: the schema's (packer/schema/builders/null.ts, communicator attributes included)
 * checked the way the plugin's Prepare checks it — the SDK's communicator rules, then a host, a user and
 * exactly one authentication method whenever it connects.
 */
import { nullBuilder, type NullBuilderConfig } from '../../../packer/schema/builders/null.js';
import { defaultCommunicator } from '../../../packer/schema/registry.js';
import type { BuildInfo } from '../../component.js';
import { sshConfigFrom, type SshConfig } from '../../communicators/ssh/config.js';
import { decodeBuilder } from '../../decode.js';
import type { ConfigRecord } from '../../plan.js';

export type PreparedNullConfig =
  | { readonly communicator: 'none' }
  | { readonly communicator: 'ssh'; readonly ssh: SshConfig; readonly pauseBeforeConnectingMs: number };

export function decodeNullConfig(values: ConfigRecord, build: BuildInfo): PreparedNullConfig {
  let ssh: SshConfig | undefined;
  const config = decodeBuilder(nullBuilder, values, (c) => {
    const prepared = communicatorRules(c, build.cwd);
    ssh = prepared.ssh;
    return prepared.problems;
  });
  if (ssh) return { communicator: 'ssh', ssh, pauseBeforeConnectingMs: config.pause_before_connecting ?? 0 };
  return { communicator: 'none' };
}

function communicatorRules(c: NullBuilderConfig, cwd: string): { ssh?: SshConfig; problems: string[] } {
  const type = c.communicator || (defaultCommunicator('null') ?? 'ssh');
  switch (type) {
    case 'none':
      return { problems: [] };
    case 'ssh': {
      const { config, problems } = sshConfigFrom(c, cwd);
      return { ssh: config, problems: [...problems, ...connectionRules(c)] };
    }
    case 'winrm':
      return { problems: ['communicator "winrm" is not supported by packer-studio yet; use "ssh" or "none"'] };
    default:
      // The SDK stops at an unknown type: nothing else is checked.
      return { problems: [`Communicator type ${type} is invalid`] };
  }
}

/** The null builder's own checks (it cannot discover a host or create credentials). */
function connectionRules(c: NullBuilderConfig): string[] {
  const problems: string[] = [];
  const password = c.ssh_password ?? '';
  const keyFile = c.ssh_private_key_file ?? '';
  const agent = c.ssh_agent_auth ?? false;
  if (!c.ssh_host) problems.push('a Host must be specified, please reference your communicator documentation');
  if (!c.ssh_username) problems.push('a Username must be specified, please reference your communicator documentation');
  if (!agent && password === '' && keyFile === '') {
    problems.push('one authentication method must be specified, please reference your communicator documentation');
  }
  if ((agent && (password !== '' || keyFile !== '')) || (password !== '' && keyFile !== '')) {
    problems.push('only one of ssh_agent_auth, ssh_password, and ssh_private_key_file must be specified');
  }
  return problems;
}
