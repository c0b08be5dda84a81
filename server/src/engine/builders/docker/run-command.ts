/**
 * Translates the builder's `docker run` arguments (`run_command` plus the flags Packer prepends) into a
 * Docker API container definition, so the engine talks to the daemon directly instead of spawning the CLI.
 */
import type Docker from 'dockerode';
import type { DockerBuilderConfig } from '../../../packer/schema/builders/docker.js';

export interface RunSpec {
  readonly name?: string;
  readonly platform?: string;
  readonly create: Docker.ContainerCreateOptions;
}

type ValueFlag = (spec: MutableSpec, value: string) => void;

interface MutableSpec {
  name?: string;
  platform?: string;
  entrypoint?: string[];
  env: string[];
  user?: string;
  workdir?: string;
  hostname?: string;
  labels: Record<string, string>;
  tty: boolean;
  interactive: boolean;
  host: Docker.HostConfig & { Binds: string[]; CapAdd: string[]; CapDrop: string[]; Devices: Docker.DeviceMapping[]; Tmpfs: Record<string, string> };
}

const VALUE_FLAGS: Record<string, ValueFlag> = {
  entrypoint: (s, v) => (s.entrypoint = v === '' ? [] : [v]),
  env: (s, v) => s.env.push(v),
  e: (s, v) => s.env.push(v),
  user: (s, v) => (s.user = v),
  u: (s, v) => (s.user = v),
  workdir: (s, v) => (s.workdir = v),
  w: (s, v) => (s.workdir = v),
  name: (s, v) => (s.name = v),
  hostname: (s, v) => (s.hostname = v),
  h: (s, v) => (s.hostname = v),
  volume: (s, v) => s.host.Binds.push(v),
  v: (s, v) => s.host.Binds.push(v),
  label: (s, v) => {
    const eq = v.indexOf('=');
    s.labels[eq < 0 ? v : v.slice(0, eq)] = eq < 0 ? '' : v.slice(eq + 1);
  },
  l: (s, v) => VALUE_FLAGS.label?.(s, v),
  network: (s, v) => (s.host.NetworkMode = v),
  net: (s, v) => (s.host.NetworkMode = v),
  'cap-add': (s, v) => s.host.CapAdd.push(v),
  'cap-drop': (s, v) => s.host.CapDrop.push(v),
  device: (s, v) => {
    const [onHost = v, inContainer = onHost, perms = 'rwm'] = v.split(':');
    s.host.Devices.push({ PathOnHost: onHost, PathInContainer: inContainer, CgroupPermissions: perms });
  },
  tmpfs: (s, v) => {
    const colon = v.indexOf(':');
    s.host.Tmpfs[colon < 0 ? v : v.slice(0, colon)] = colon < 0 ? '' : v.slice(colon + 1);
  },
  runtime: (s, v) => (s.host.Runtime = v),
  platform: (s, v) => (s.platform = v),
  memory: (s, v) => (s.host.Memory = parseBytes(v)),
  m: (s, v) => (s.host.Memory = parseBytes(v)),
  'shm-size': (s, v) => (s.host.ShmSize = parseBytes(v)),
};

const BOOL_FLAGS: Record<string, (s: MutableSpec, on: boolean) => void> = {
  d: () => undefined,
  detach: () => undefined,
  i: (s, on) => (s.interactive = on),
  interactive: (s, on) => (s.interactive = on),
  t: (s, on) => (s.tty = on),
  tty: (s, on) => (s.tty = on),
  privileged: (s, on) => (s.host.Privileged = on),
  rm: (s, on) => (s.host.AutoRemove = on),
  init: (s, on) => (s.host.Init = on),
};

export class RunCommandError extends Error {}

export function parseRunCommand(args: readonly string[]): RunSpec {
  const s: MutableSpec = {
    env: [],
    labels: {},
    tty: false,
    interactive: false,
    host: { Binds: [], CapAdd: [], CapDrop: [], Devices: [], Tmpfs: {} },
  };
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const inline = eq < 0 ? undefined : arg.slice(eq + 1);
      const valueFlag = VALUE_FLAGS[name];
      const boolFlag = BOOL_FLAGS[name];
      if (valueFlag) {
        const value = inline ?? args[++i];
        if (value === undefined) throw new RunCommandError(`run_command: flag needs an argument: --${name}`);
        valueFlag(s, value);
      } else if (boolFlag) {
        boolFlag(s, inline === undefined || inline === 'true');
      } else {
        throw new RunCommandError(`run_command: unsupported docker run flag --${name}`);
      }
      continue;
    }
    // Short flags may be grouped (`-dit`); a value flag takes the rest of the group or the next argument.
    for (let j = 1; j < arg.length; j++) {
      const c = arg[j] as string;
      const valueFlag = VALUE_FLAGS[c];
      const boolFlag = BOOL_FLAGS[c];
      if (boolFlag) boolFlag(s, true);
      else if (valueFlag) {
        const rest = arg.slice(j + 1).replace(/^=/, '');
        const value = rest !== '' ? rest : args[++i];
        if (value === undefined) throw new RunCommandError(`run_command: flag needs an argument: -${c}`);
        valueFlag(s, value);
        break;
      } else throw new RunCommandError(`run_command: unsupported docker run flag -${c}`);
    }
  }
  const image = args[i];
  if (image === undefined || image === '') throw new RunCommandError('run_command: no image given (expected {{.Image}} after the flags)');
  const cmd = args.slice(i + 1);
  const create: Docker.ContainerCreateOptions = {
    Image: image,
    Tty: s.tty,
    OpenStdin: s.interactive,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Env: s.env,
    Labels: s.labels,
    HostConfig: s.host,
    ...(s.entrypoint ? { Entrypoint: s.entrypoint } : {}),
    ...(cmd.length > 0 ? { Cmd: cmd } : {}),
    ...(s.user !== undefined ? { User: s.user } : {}),
    ...(s.workdir !== undefined ? { WorkingDir: s.workdir } : {}),
    ...(s.hostname !== undefined ? { Hostname: s.hostname } : {}),
  };
  return { ...(s.name ? { name: s.name } : {}), ...(s.platform ? { platform: s.platform } : {}), create };
}

function parseBytes(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(v.trim());
  if (!m) throw new RunCommandError(`run_command: invalid size: ${v}`);
  const unit = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] as string).toLowerCase()] ?? 1;
  return Math.round(Number(m[1]) * unit);
}

/** The argument list Packer prints as `Run command: docker run …`. */
export function fullRunArgs(
  config: Pick<DockerBuilderConfig, 'device' | 'cap_add' | 'cap_drop' | 'privileged' | 'runtime' | 'platform' | 'tmpfs'>,
  volumes: readonly (readonly [string, string])[],
  runCommand: readonly string[],
): string[] {
  const args: string[] = [];
  for (const d of config.device ?? []) args.push('--device', d);
  for (const c of config.cap_add ?? []) args.push('--cap-add', c);
  for (const c of config.cap_drop ?? []) args.push('--cap-drop', c);
  if (config.privileged) args.push('--privileged');
  if (config.runtime) args.push('--runtime', config.runtime);
  if (config.platform) args.push('--platform', config.platform);
  for (const t of config.tmpfs ?? []) args.push('--tmpfs', t);
  for (const [host, container] of volumes) args.push('-v', `${host}:${container}`);
  return [...args, ...runCommand];
}
