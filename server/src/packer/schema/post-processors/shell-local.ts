/** The shell-local post-processor: runs local scripts with the artifact's data; passes the artifact on. */
import { component, type ConfigOf } from '../types.js';
import { shellLocalAttributes } from '../provisioners/shell-local.js';

export const shellLocalPostProcessor = component({
  kind: 'post-processor',
  type: 'shell-local',
  doc: 'Runs shell scripts (or inline commands) on the machine running Packer after the build; the artifact passes through.',
  attributes: shellLocalAttributes,
});

export type ShellLocalPostProcessorConfig = ConfigOf<typeof shellLocalPostProcessor>;
