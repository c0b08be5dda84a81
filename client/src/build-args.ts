/**
 * The `packer` task definition (package.json "taskDefinitions") and how it becomes `packer-studio` arguments.
 * Kept free of the vscode API so the mapping is unit-tested.
 */

export type PackerTaskCommand = 'build' | 'validate';
export type OnError = 'cleanup' | 'abort' | 'ask' | 'run-cleanup-provisioner';

export interface PackerTaskDefinition {
  readonly type: 'packer';
  readonly command: PackerTaskCommand;
  /** Template directory or file; relative paths are resolved against the workspace folder. */
  readonly template?: string;
  readonly vars?: Readonly<Record<string, string>>;
  readonly varFiles?: readonly string[];
  readonly only?: readonly string[];
  readonly except?: readonly string[];
  readonly onError?: OnError;
  readonly force?: boolean;
  readonly parallelBuilds?: number;
  readonly timestampUi?: boolean;
  readonly env?: Readonly<Record<string, string>>;
}

/** Build options from the settings, used where the task definition is silent. */
export interface BuildDefaults {
  readonly varFiles: readonly string[];
  readonly onError: OnError;
  readonly force: boolean;
  readonly parallelBuilds: number;
  readonly timestampUi: boolean;
}

export const NO_BUILD_DEFAULTS: BuildDefaults = { varFiles: [], onError: 'cleanup', force: false, parallelBuilds: 0, timestampUi: false };

const ON_ERROR: ReadonlySet<string> = new Set(['cleanup', 'abort', 'ask', 'run-cleanup-provisioner']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined;
}

function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  return out;
}

/**
 * Reads a task definition as written in tasks.json. Unknown or mistyped properties are dropped rather than
 * passed on, so a typo cannot turn into a surprising command line; undefined means "not a packer task".
 */
export function parseTaskDefinition(raw: unknown): PackerTaskDefinition | undefined {
  if (!isRecord(raw) || raw['type'] !== 'packer') return undefined;
  const command = raw['command'];
  if (command !== 'build' && command !== 'validate') return undefined;
  const onError = raw['onError'];
  const parallel = raw['parallelBuilds'];
  return {
    type: 'packer',
    command,
    template: typeof raw['template'] === 'string' ? raw['template'] : undefined,
    vars: stringMap(raw['vars']),
    varFiles: strings(raw['varFiles']),
    only: strings(raw['only']),
    except: strings(raw['except']),
    onError: typeof onError === 'string' && ON_ERROR.has(onError) ? (onError as OnError) : undefined,
    force: typeof raw['force'] === 'boolean' ? raw['force'] : undefined,
    parallelBuilds: typeof parallel === 'number' && Number.isInteger(parallel) && parallel >= 0 ? parallel : undefined,
    timestampUi: typeof raw['timestampUi'] === 'boolean' ? raw['timestampUi'] : undefined,
    env: stringMap(raw['env']),
  };
}

/**
 * The command line after `packer-studio`: flags first, the template last, as Packer's flag parser requires.
 * Build-only flags are left out of `validate`, which would reject them.
 */
export function cliArgs(def: PackerTaskDefinition, templatePath: string, defaults: BuildDefaults = NO_BUILD_DEFAULTS): string[] {
  const args: string[] = [def.command];
  const build = def.command === 'build';
  if (build) {
    const onError = def.onError ?? defaults.onError;
    if (onError !== 'cleanup') args.push(`-on-error=${onError}`);
    if (def.force ?? defaults.force) args.push('-force');
    const parallel = def.parallelBuilds ?? defaults.parallelBuilds;
    if (parallel > 0) args.push(`-parallel-builds=${parallel}`);
    if (def.timestampUi ?? defaults.timestampUi) args.push('-timestamp-ui');
  }
  if (def.only && def.only.length > 0) args.push(`-only=${def.only.join(',')}`);
  if (def.except && def.except.length > 0) args.push(`-except=${def.except.join(',')}`);
  for (const f of [...defaults.varFiles, ...(def.varFiles ?? [])]) args.push(`-var-file=${f}`);
  for (const [k, v] of Object.entries(def.vars ?? {})) args.push(`-var`, `${k}=${v}`);
  args.push(templatePath);
  return args;
}

/** A readable task name: "build examples (container.*)". */
export function taskLabel(def: PackerTaskDefinition, templateLabel: string): string {
  const filter = def.only && def.only.length > 0 ? ` (${def.only.join(', ')})` : '';
  return `${def.command} ${templateLabel}${filter}`;
}
