/** The shell provisioner: uploads scripts (or inline commands) to the machine and runs them there. */
import { attr, attributes, component, type ConfigOf } from '../types.js';

/** Script selection and environment, shared by shell and shell-local. */
export const scriptAttributes = attributes({
  inline: attr.stringList('Commands, joined into one script (each line is template-rendered).'),
  script: attr.string('Path of a local script to run.'),
  scripts: attr.stringList('Paths of local scripts, run in order.'),
  environment_vars: attr.stringList('Environment variables as `"KEY=value"` strings.'),
  env: attr.stringMap('Environment variables as a map; overrides the same keys of `environment_vars`.'),
  valid_exit_codes: attr.numberList('Exit codes that count as success.', { default: { value: [0], text: '[0]' } }),
});

export const shellProvisioner = component({
  kind: 'provisioner',
  type: 'shell',
  doc: 'Uploads shell scripts (or inline commands) to the machine and runs them there.',
  attributes: attributes({
    ...scriptAttributes,
    env_var_format: attr.string('How each variable is written into `{{.Vars}}`.', {
      default: { computed: "%s='%s' (export %s='%s'\\n with use_env_var_file)" },
    }),
    execute_command: attr.string('The command that runs each script; `{{.Path}}`, `{{.Vars}}` and `{{.EnvVarFile}}` are available.', {
      default: { computed: 'chmod +x {{.Path}}; {{.Vars}} {{.Path}} (with use_env_var_file: chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}})' },
    }),
    inline_shebang: attr.string('The shebang written at the top of the inline script.', { default: { value: '/bin/sh -e' } }),
    remote_folder: attr.string('The remote directory scripts are uploaded to.', { default: { value: '/tmp' } }),
    remote_file: attr.string('The remote file name of the script.', { default: { computed: 'script_<random>.sh' } }),
    remote_path: attr.string('The full remote path of the script.', { default: { computed: '<remote_folder>/<remote_file>' } }),
    use_env_var_file: attr.bool('Write the environment variables to a file sourced by the script.', { default: { value: false } }),
    binary: attr.bool('Upload the script as is (otherwise CRLF line endings become LF).', { default: { value: false } }),
    expect_disconnect: attr.bool('Tolerate the connection dropping while the script runs (e.g. a reboot).', { default: { value: false } }),
    start_retry_timeout: attr.duration('Keep retrying the upload and start of a script for this long.', {
      default: { value: 300_000, text: '5m' },
    }),
    skip_clean: attr.bool('Leave the script on the machine.', { default: { value: false } }),
    pause_after: attr.duration('Wait this long after the last script.'),
  }),
});

export type ShellProvisionerConfig = ConfigOf<typeof shellProvisioner>;
