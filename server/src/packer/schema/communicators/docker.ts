/** The docker builder's own communicators: `docker exec` / `docker cp` into the running container. */
import { component } from '../types.js';

export const dockerCommunicator = component({
  kind: 'communicator',
  type: 'docker',
  doc: 'Runs commands with `docker exec` and transfers files with `docker cp` (configured by the docker builder\'s own attributes).',
  attributes: {},
});

export const dockerWindowsContainerCommunicator = component({
  kind: 'communicator',
  type: 'dockerWindowsContainer',
  doc: 'The docker communicator for Windows containers (PowerShell instead of /bin/sh).',
  attributes: {},
});
