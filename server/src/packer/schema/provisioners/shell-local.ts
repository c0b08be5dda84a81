/** The shell-local provisioner: runs scripts on the machine running Packer (same engine as the post-processor). */
import { attr, attributes, component, type ConfigOf } from '../types.js';
import { scriptAttributes } from './shell.js';

/** packer-plugin-sdk shell-local.Config, used by both the provisioner and the post-processor. */
export const shellLocalAttributes = attributes({
  ...scriptAttributes,
  command: attr.string('A single command to run.', { deprecated: 'Use inline instead.' }),
  env_var_format: attr.string('How each variable is written into `{{.Vars}}`.', {
    default: { computed: "%s='%s'  (Windows: set %s=%s && )" },
  }),
  execute_command: attr.stringList('The command line that runs each script; `{{.Vars}}`, `{{.Script}}` and `{{.Command}}` are available.', {
    default: { computed: '["/bin/sh", "-c", "{{.Vars}} {{.Script}}"] (Windows: ["cmd", "/V", "/C", "{{.Vars}}", "call", "{{.Script}}"])' },
  }),
  inline_shebang: attr.string('The shebang written at the top of the inline script.', { default: { computed: '/bin/sh -e (none on Windows)' } }),
  only_on: attr.stringList('Run only on these operating systems (`darwin`, `freebsd`, `linux`, `openbsd`, `solaris`, `windows`).'),
  tempfile_extension: attr.string('Extension of the temporary inline script file.', { default: { computed: '.cmd on Windows, none elsewhere' } }),
  use_linux_pathing: attr.bool('On Windows, convert script paths for the Windows Subsystem for Linux.', { default: { value: false } }),
});

export const shellLocalProvisioner = component({
  kind: 'provisioner',
  type: 'shell-local',
  doc: 'Runs shell scripts (or inline commands) on the machine running Packer.',
  attributes: shellLocalAttributes,
});

export type ShellLocalConfig = ConfigOf<typeof shellLocalProvisioner>;
