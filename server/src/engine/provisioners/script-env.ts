/** What the shell and shell-local provisioners share: environment rendering, inline scripts, exit checks. */
import { randomInt } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuildInfo } from '../component.js';
import { ConfigReader } from '../config.js';

export interface ScriptEnvConfig {
  readonly environmentVars: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly envVarFormat: string;
}

export function readEnvConfig(r: ConfigReader, defaultFormat: string, problems: string[]): ScriptEnvConfig {
  const environmentVars = r.stringList('environment_vars');
  for (const kv of environmentVars) {
    if (kv.indexOf('=') <= 0) problems.push(`Environment variable not in format 'key=value': ${kv}`);
  }
  return { environmentVars, env: r.stringMap('env'), envVarFormat: r.string('env_var_format', defaultFormat) };
}

/** The `{{.Vars}}` string: PACKER_* plus user variables, sorted by name, single quotes escaped for sh. */
export function renderVars(cfg: ScriptEnvConfig, build: BuildInfo): string {
  const vars = new Map<string, string>([
    ['PACKER_BUILD_NAME', build.sourceName],
    ['PACKER_BUILDER_TYPE', build.builderType],
  ]);
  for (const kv of cfg.environmentVars) {
    const eq = kv.indexOf('=');
    vars.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  for (const [k, v] of Object.entries(cfg.env)) vars.set(k, v);
  const quoted = cfg.envVarFormat.includes("'");
  return [...vars.keys()]
    .sort()
    .map((k) => formatPair(cfg.envVarFormat, k, quoted ? (vars.get(k) as string).replaceAll("'", `'"'"'`) : (vars.get(k) as string)))
    .join('');
}

/** Go's `fmt.Sprintf(format, key, value)` for the `%s` verbs these formats use. */
function formatPair(format: string, key: string, value: string): string {
  const args = [key, value];
  return format.replace(/%s/g, () => args.shift() ?? '%!s(MISSING)');
}

/** Writes inline commands to a local temp script `packer-shell<digits>` (Packer's name), shebang first. */
export async function writeInlineScript(
  lines: readonly string[],
  shebang: string | undefined,
  build: BuildInfo,
  extension = '',
): Promise<string> {
  const dir = build.env.TMPDIR || tmpdir();
  const path = join(dir, `packer-shell${randomInt(1e9, 1e10)}${extension}`);
  const body = (shebang !== undefined ? `#!${shebang}\n` : '') + lines.map((l) => `${l}\n`).join('');
  await writeFile(path, body, { mode: 0o700 });
  return path;
}

/** The shebang to write: the configured one, unless left unset and the script brings its own. */
export function effectiveShebang(r: ConfigReader, inline: readonly string[]): string | undefined {
  if (r.has('inline_shebang')) return r.string('inline_shebang');
  return inline[0]?.startsWith('#!') ? undefined : '/bin/sh -e';
}

export function checkExitCode(code: number, valid: readonly number[]): void {
  if (!valid.includes(code)) {
    throw new Error(`Script exited with non-zero exit status: ${code}. Allowed exit codes are: [${valid.join(' ')}]`);
  }
}

export function scriptSources(r: ConfigReader, problems: string[], allowCommand: boolean): { inline: string[]; scripts: string[]; command: string } {
  const inline = r.stringList('inline');
  const script = r.string('script');
  const scripts = r.stringList('scripts');
  const command = allowCommand ? r.string('command') : '';
  const given = [inline.length > 0 || r.has('inline'), script !== '', scripts.length > 0, command !== ''].filter(Boolean).length;
  if (allowCommand) {
    if (given === 0) problems.push('Command, Inline, Script and Scripts options cannot all be empty.');
    if (given > 1) problems.push('You may only specify one of the following options: Command, Inline, Script or Scripts. Please consolidate these options in your config.');
  } else {
    if (script !== '' && scripts.length > 0) problems.push('Only one of script or scripts can be specified.');
    else if (given === 0) problems.push('Either a script file or inline script must be specified.');
    else if (given > 1) problems.push('Only a script file or an inline script can be specified, not both.');
  }
  return { inline, scripts: script !== '' ? [script, ...scripts] : scripts, command };
}
