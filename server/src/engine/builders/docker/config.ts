/** The docker builder's configuration (plugins.md §2.3), decoded with Packer's defaults and rules. */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BuildInfo } from '../../component.js';
import { ConfigReader } from '../../config.js';
import type { ConfigRecord } from '../../plan.js';

export interface DockerBuilderConfig {
  readonly image: string;
  readonly pull: boolean;
  readonly commit: boolean;
  readonly discard: boolean;
  readonly exportPath: string;
  readonly changes: readonly string[];
  readonly author: string;
  readonly message: string;
  readonly runCommand: readonly string[];
  readonly volumes: Readonly<Record<string, string>>;
  readonly containerDir: string;
  readonly privileged: boolean;
  readonly capAdd: readonly string[];
  readonly capDrop: readonly string[];
  readonly devices: readonly string[];
  readonly tmpfs: readonly string[];
  readonly runtime: string;
  readonly platform: string;
  readonly execUser: string;
  readonly pty: boolean;
  readonly fixUploadOwner: boolean;
  readonly login: boolean;
  readonly loginServer: string;
  readonly loginUsername: string;
  readonly loginPassword: string;
  readonly communicator: string;
}

const DEFAULT_RUN_COMMAND = ['-d', '-i', '-t', '--entrypoint=/bin/sh', '--', '{{.Image}}'];

export function decodeDockerConfig(values: ConfigRecord, build: BuildInfo): DockerBuilderConfig {
  const r = new ConfigReader(values);
  const problems: string[] = [];
  const image = r.string('image');
  if (r.has('build')) problems.push("the 'build' block of the docker builder is not supported yet; use 'image'");
  if (image === '') problems.push("missing 'image' attribute or 'build' section, one must be specified");
  const commit = r.bool('commit');
  const discard = r.bool('discard');
  const exportPath = r.string('export_path');
  const chosen = [commit, discard, exportPath !== ''].filter(Boolean).length;
  if (chosen === 0) problems.push('No instructions given for handling the artifact; expected commit, discard, or export_path');
  if (chosen > 1) problems.push('Cannot specify more than one of commit, discard, and export_path');
  if (exportPath !== '') {
    try {
      if (statSync(resolve(build.cwd, exportPath)).isDirectory()) problems.push('export_path must be a file, not a directory');
    } catch {
      // Not existing yet is the normal case.
    }
  }
  const communicator = r.string('communicator', 'docker');
  if (communicator !== 'docker') problems.push(`communicator "${communicator}" is not supported by the docker builder yet; use "docker"`);
  const login = r.bool('login');
  const loginServer = r.string('login_server');
  if (r.bool('ecr_login')) problems.push('ecr_login is not supported yet');
  const runCommand = r.has('run_command') ? r.stringList('run_command') : DEFAULT_RUN_COMMAND;
  const volumes: Record<string, string> = {};
  for (const [host, container] of Object.entries(r.stringMap('volumes'))) {
    volumes[host.startsWith('~/') ? join(homedir(), host.slice(2)) : resolve(build.cwd, host)] = container;
  }
  const config: DockerBuilderConfig = {
    image,
    pull: r.bool('pull', true),
    commit,
    discard,
    exportPath,
    changes: r.stringList('changes'),
    author: r.string('author'),
    message: r.string('message'),
    runCommand,
    volumes,
    containerDir: r.string('container_dir', '/packer-files'),
    privileged: r.bool('privileged'),
    capAdd: r.stringList('cap_add'),
    capDrop: r.stringList('cap_drop'),
    devices: r.stringList('device'),
    tmpfs: r.stringList('tmpfs'),
    runtime: r.string('runtime'),
    platform: r.string('platform'),
    execUser: r.string('exec_user'),
    pty: r.bool('pty'),
    fixUploadOwner: r.bool('fix_upload_owner', true),
    login,
    loginServer,
    loginUsername: r.string('login_username'),
    loginPassword: r.string('login_password'),
    communicator,
  };
  if (r.bool('windows_container')) problems.push('windows_container is not supported on this platform');
  r.done(problems);
  return config;
}
