/** communicator = "ssh" (packer-plugin-sdk communicator.SSH): the `ssh_*` attributes and their defaults. */
import { attr, attributes, component, type ConfigOf } from '../types.js';

const sshAttributes = attributes({
  ssh_host: attr.string('The address to connect to; by default the builder decides (e.g. the instance IP).'),
  ssh_port: attr.number('The port to connect to.', { default: { value: 22 } }),
  ssh_username: attr.string('The user to connect as.', { requiredMessage: 'An ssh_username must be specified' }),
  ssh_password: attr.string('Password for password and keyboard-interactive authentication.', { sensitive: true }),
  ssh_private_key_file: attr.string('Path to a PEM private key file (`~` is expanded).'),
  ssh_certificate_file: attr.string('Path to an OpenSSH user certificate (`*-cert.pub`, signed by a CA the server trusts) for the key in `ssh_private_key_file`, which it requires; ed25519, ecdsa and rsa certificates (`~` is expanded).'),
  ssh_agent_auth: attr.bool('Authenticate with the local SSH agent (`SSH_AUTH_SOCK`).', { default: { value: false } }),
  ssh_keypair_name: attr.string('Name of an existing cloud key pair to use for the machine.'),
  temporary_key_pair_name: attr.string('Name of the temporary key pair Packer generates.'),
  temporary_key_pair_type: attr.string('Type of the generated temporary key: `rsa`, `dsa`, `ecdsa` or `ed25519`.', {
    default: { value: 'rsa' },
    enum: ['rsa', 'dsa', 'ecdsa', 'ed25519'],
  }),
  temporary_key_pair_bits: attr.number('Size in bits of the generated key (rsa 4096, ecdsa 521, dsa 1024 by default; ed25519 is fixed).', {
    default: { computed: 'rsa: 4096, ecdsa: 521, dsa: 1024' },
  }),
  ssh_ciphers: attr.stringList('Allowed ciphers, most preferred first (Go\'s defaults when unset).'),
  ssh_key_exchange_algorithms: attr.stringList('Allowed key exchange algorithms (Go\'s defaults when unset).'),
  ssh_clear_authorized_keys: attr.bool('After provisioning, remove the temporary key from `~/.ssh/authorized_keys`.', { default: { value: false } }),
  ssh_pty: attr.bool('Request a PTY (`xterm`, 40x80) for every command.', { default: { value: false } }),
  ssh_timeout: attr.duration('How long to wait for SSH to become available.', {
    default: { computed: '5m, when neither ssh_timeout nor ssh_handshake_attempts is set' },
  }),
  ssh_wait_timeout: attr.duration('Old name of `ssh_timeout`.', { deprecated: 'Use ssh_timeout.' }),
  ssh_handshake_attempts: attr.number('How many authentication failures are tolerated before giving up.', {
    default: { computed: '10, when neither ssh_timeout nor ssh_handshake_attempts is set' },
  }),
  ssh_disable_agent_forwarding: attr.bool('Do not forward the local SSH agent to the machine.', { default: { value: false } }),
  ssh_keep_alive_interval: attr.duration('Interval of keep-alive requests; a negative value disables them.', {
    default: { value: 5000, text: '5s' },
  }),
  ssh_read_write_timeout: attr.duration('Fail a command when the connection sees no traffic for this long (0 = never).', {
    default: { value: 0, text: '0s' },
  }),
  ssh_file_transfer_method: attr.string('How files are transferred: `scp` or `sftp`.', {
    default: { value: 'scp' },
    enum: ['scp', 'sftp'],
    enumMessage: "ssh_file_transfer_method ('%s') is invalid, valid methods: sftp, scp",
  }),
  ssh_bastion_host: attr.string('Connect through this bastion (jump) host.'),
  ssh_bastion_port: attr.number('Port of the bastion host.', { default: { value: 22 } }),
  ssh_bastion_username: attr.string('User on the bastion host.'),
  ssh_bastion_password: attr.string('Password on the bastion host.', { sensitive: true }),
  ssh_bastion_private_key_file: attr.string('Private key for the bastion host (defaults to `ssh_private_key_file`).', {
    default: { computed: 'ssh_private_key_file' },
  }),
  ssh_bastion_certificate_file: attr.string('OpenSSH user certificate for the key in `ssh_bastion_private_key_file`, which it requires (a bastion using `ssh_private_key_file` uses `ssh_certificate_file`).'),
  ssh_bastion_agent_auth: attr.bool('Authenticate to the bastion host with the local SSH agent.', { default: { value: false } }),
  ssh_bastion_interactive: attr.bool('Use keyboard-interactive authentication on the bastion host (answered on the terminal). Not supported by packer-studio\'s build engine yet.', {
    default: { value: false },
  }),
  ssh_proxy_host: attr.string('Connect through this SOCKS5 proxy.'),
  ssh_proxy_port: attr.number('Port of the SOCKS5 proxy.', { default: { value: 1080 } }),
  ssh_proxy_username: attr.string('User for the SOCKS5 proxy.'),
  ssh_proxy_password: attr.string('Password for the SOCKS5 proxy.', { sensitive: true }),
  ssh_local_tunnels: attr.stringList('Local port forwards, `"port:host:port"`.'),
  ssh_remote_tunnels: attr.stringList('Remote port forwards, `"port:host:port"`.'),
  ssh_public_key: attr.numberList('Set by builders: the generated public key bytes.', { hidden: true }),
  ssh_private_key: attr.numberList('Set by builders: the generated private key bytes.', { hidden: true, sensitive: true }),
});

export const sshCommunicator = component({
  kind: 'communicator',
  type: 'ssh',
  doc: 'Connects over SSH (optionally through a bastion host or SOCKS proxy); files go over scp or sftp.',
  attributes: sshAttributes,
});

export type SshCommunicatorConfig = ConfigOf<typeof sshCommunicator>;
