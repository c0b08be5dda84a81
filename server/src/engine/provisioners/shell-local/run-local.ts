/** The shell-local engine shared by the provisioner and the post-processor: scripts run on this machine. */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { lineSplitter } from '../../communicator.js';
import type { BuildInfo } from '../../component.js';
import { decodeComponent } from '../../decode.js';
import { renderTemplate } from '../../interpolate.js';
import type { ConfigRecord } from '../../plan.js';
import type { Ui } from '../../ui.js';
import { checkExitCode, effectiveShebang, envConfig, renderVars, scriptSourceRules, scriptSources, writeInlineScript } from '../script-env.js';
import { shellLocalProvisioner } from '../../../packer/schema/provisioners/shell-local.js';

const GOOS: Record<string, string> = { darwin: 'darwin', freebsd: 'freebsd', linux: 'linux', openbsd: 'openbsd', sunos: 'solaris', win32: 'windows' };

export interface LocalShell {
  run(ui: Ui, signal: AbortSignal, data: Readonly<Record<string, string>>): Promise<void>;
}

/** `legacySingleCommand`: the post-processor treats a one-element execute_command as a shell string. */
export function createLocalShell(values: ConfigRecord, build: BuildInfo, legacySingleCommand: boolean): LocalShell {
  const config = decodeComponent(shellLocalProvisioner, values, (c) => scriptSourceRules(c, true, build.cwd));
  const { inline, scripts, command } = scriptSources(config);
  const envCfg = envConfig(config, "%s='%s' ");
  let executeCommand = config.execute_command ?? ['/bin/sh', '-c', '{{.Vars}} {{.Script}}'];
  if (legacySingleCommand && executeCommand.length === 1) executeCommand = ['sh', '-c', executeCommand[0] as string];
  const onlyOn = config.only_on ?? [];
  const validExitCodes = config.valid_exit_codes;
  const shebang = effectiveShebang(config.inline_shebang, inline);
  const extension = config.tempfile_extension ?? '';
  const lines = command !== '' ? [command] : inline;

  return {
    async run(ui, signal, data) {
      if (onlyOn.length > 0 && !onlyOn.includes(GOOS[process.platform] ?? process.platform)) {
        ui.say('Skipping shell-local due to runtime OS');
        return;
      }
      const inlinePath = lines.length > 0 ? await writeInlineScript(lines, shebang, build, extension) : undefined;
      try {
        const vars = renderVars(envCfg, build);
        for (const script of inlinePath ? [inlinePath] : scripts.map((s) => resolve(build.cwd, s))) {
          ui.say(`Running local shell script: ${script}`);
          const argv = executeCommand.map((a) => renderTemplate(a, { ...data, Vars: vars, Script: script, Command: script }, build));
          const code = await spawnStreaming(argv, ui, signal, build).catch(() => {
            throw new Error(`Error executing script: ${script}\n\nPlease see output above for more information.`);
          });
          checkExitCode(code, validExitCodes);
        }
      } finally {
        if (inlinePath) await rm(inlinePath, { force: true });
      }
    },
  };
}

function spawnStreaming(argv: readonly string[], ui: Ui, signal: AbortSignal, build: BuildInfo): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), {
      cwd: build.cwd,
      env: { ...build.env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so cancelling also stops the script's children (a `sleep` holding the pipes).
      detached: true,
    });
    const onAbort = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      reject(new Error('Build was cancelled.'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const out = lineSplitter((l) => ui.message(l));
    const err = lineSplitter((l) => ui.error(l));
    child.stdout.on('data', (d: Buffer) => out.push(d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => err.push(d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, sig) => {
      signal.removeEventListener('abort', onAbort);
      out.flush();
      err.flush();
      if (signal.aborted) reject(new Error('Build was cancelled.'));
      else resolvePromise(code ?? (sig ? 128 : 1));
    });
  });
}
