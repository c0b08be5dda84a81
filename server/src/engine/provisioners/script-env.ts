/** What the shell and shell-local provisioners share: environment rendering, inline scripts, exit checks. */
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BuildInfo } from '../component.js';
import type { ShellLocalConfig } from '../../packer/schema/provisioners/shell-local.js';
import type { ShellProvisionerConfig } from '../../packer/schema/provisioners/shell.js';

export interface ScriptEnvConfig {
  readonly environmentVars: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly envVarFormat: string;
}

/** The attributes shell and shell-local share (declared once in packer/schema/provisioners/shell.ts). */
type ScriptConfig = Pick<ShellProvisionerConfig & ShellLocalConfig, 'inline' | 'script' | 'scripts' | 'environment_vars' | 'env' | 'env_var_format'> & {
  readonly command?: string | undefined;
};

export function envConfig(c: ScriptConfig, defaultFormat: string): ScriptEnvConfig {
  return { environmentVars: c.environment_vars ?? [], env: c.env ?? {}, envVarFormat: c.env_var_format ?? defaultFormat };
}

export function envRules(c: ScriptConfig): string[] {
  return (c.environment_vars ?? []).filter((kv) => kv.indexOf('=') <= 0).map((kv) => `Environment variable not in format 'key=value': ${kv}`);
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
export function effectiveShebang(configured: string | undefined, inline: readonly string[]): string | undefined {
  if (configured !== undefined) return configured;
  return inline[0]?.startsWith('#!') ? undefined : '/bin/sh -e';
}

export function checkExitCode(code: number, valid: readonly number[]): void {
  if (!valid.includes(code)) {
    throw new Error(`Script exited with non-zero exit status: ${code}. Allowed exit codes are: [${valid.join(' ')}]`);
  }
}

/** Inline lines, the local scripts in order (`script` first) and the legacy `command`. */
export function scriptSources(c: ScriptConfig): { inline: readonly string[]; scripts: readonly string[]; command: string } {
  const scripts = c.scripts ?? [];
  return { inline: c.inline ?? [], scripts: c.script ? [c.script, ...scripts] : scripts, command: c.command ?? '' };
}

/** Which of inline/script/scripts(/command) may be combined: the two plugins word it differently. */
export function scriptSourceRules(c: ScriptConfig, allowCommand: boolean, cwd: string): string[] {
  const problems: string[] = [];
  const given = [c.inline !== undefined, Boolean(c.script), (c.scripts ?? []).length > 0, allowCommand && Boolean(c.command)].filter(Boolean).length;
  if (allowCommand) {
    if (given === 0) problems.push('Command, Inline, Script and Scripts options cannot all be empty.');
    if (given > 1) problems.push('You may only specify one of the following options: Command, Inline, Script or Scripts. Please consolidate these options in your config.');
  } else {
    if (c.script && (c.scripts ?? []).length > 0) problems.push('Only one of script or scripts can be specified.');
    else if (given === 0) problems.push('Either a script file or inline script must be specified.');
    else if (given > 1) problems.push('Only a script file or an inline script can be specified, not both.');
  }
  for (const s of scriptSources(c).scripts) {
    if (!existsSync(resolve(cwd, s))) problems.push(`Bad script '${s}': stat ${s}: no such file or directory`);
  }
  return [...problems, ...envRules(c)];
}
