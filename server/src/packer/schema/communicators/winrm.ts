/** communicator = "winrm" (packer-plugin-sdk communicator.WinRM). */
import { attr, attributes, component, type ConfigOf } from '../types.js';

export const winrmCommunicator = component({
  kind: 'communicator',
  type: 'winrm',
  doc: 'Connects to Windows machines over WinRM. packer-studio\'s build engine cannot connect over WinRM yet.',
  attributes: attributes({
    winrm_username: attr.string('The user to connect as.', { requiredMessage: 'winrm_username must be specified.' }),
    winrm_password: attr.string('The password of `winrm_username`.', { sensitive: true }),
    winrm_host: attr.string('The address to connect to; by default the builder decides.'),
    winrm_port: attr.number('The WinRM port.', { default: { computed: '5985, or 5986 with winrm_use_ssl' } }),
    winrm_timeout: attr.duration('How long to wait for WinRM to become available.', { default: { value: 1_800_000, text: '30m' } }),
    winrm_use_ssl: attr.bool('Use HTTPS.', { default: { value: false } }),
    winrm_insecure: attr.bool('Do not check the server certificate chain and host name.', { default: { value: false } }),
    winrm_use_ntlm: attr.bool('Authenticate with NTLM instead of basic authentication.', { default: { value: false } }),
    winrm_no_proxy: attr.bool('Do not use the proxy from the environment for WinRM.', { default: { value: false } }),
  }),
});

export type WinrmCommunicatorConfig = ConfigOf<typeof winrmCommunicator>;
