/** The `shell` provisioner: uploads each script, runs it through `execute_command`, checks the exit status. */
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EXIT_DISCONNECTED, lineSplitter, type Communicator } from '../../communicator.js';
import type { BuildInfo, ProvisionContext, Provisioner } from '../../component.js';
import { decodeComponent } from '../../decode.js';
import { goDurationString } from '../../go-duration.js';
import { renderTemplate } from '../../interpolate.js';
import type { ConfigRecord } from '../../plan.js';
import { asError, sleep } from '../../runner.js';
import { checkExitCode, effectiveShebang, envConfig, renderVars, scriptSourceRules, scriptSources, writeInlineScript } from '../script-env.js';
import { shellProvisioner } from '../../../packer/schema/provisioners/shell.js';

export function createShellProvisioner(values: ConfigRecord, build: BuildInfo): Provisioner {
  const config = decodeComponent(shellProvisioner, values, (c) => scriptSourceRules(c, false, build.cwd));
  const { inline, scripts } = scriptSources(config);
  const envCfg = envConfig(config, "%s='%s' ");
  const remotePath = config.remote_path ?? `${config.remote_folder}/${config.remote_file ?? `script_${randomInt(0, 9999)}.sh`}`;
  const cfg = {
    inline,
    scripts,
    shebang: effectiveShebang(config.inline_shebang, inline),
    executeCommand: config.execute_command ?? 'chmod +x {{.Path}}; {{.Vars}} {{.Path}}',
    remotePath,
    binary: config.binary,
    validExitCodes: config.valid_exit_codes,
    expectDisconnect: config.expect_disconnect,
    skipClean: config.skip_clean,
    startRetryTimeout: config.start_retry_timeout,
    pauseAfter: config.pause_after ?? 0,
  };

  return {
    async provision(ctx: ProvisionContext): Promise<void> {
      const { ui, comm, signal } = ctx;
      const inlinePath = cfg.inline.length > 0 ? await writeInlineScript(cfg.inline, cfg.shebang, build) : undefined;
      try {
        const vars = renderVars(envCfg, ctx.build);
        for (const script of inlinePath ? [inlinePath] : cfg.scripts) {
          ui.say(`Provisioning with shell script: ${script}`);
          let content = await readFile(resolve(build.cwd, script));
          if (!cfg.binary) content = Buffer.from(content.toString('latin1').replaceAll('\r\n', '\n'), 'latin1');
          const command = renderTemplate(cfg.executeCommand, { ...ctx.buildVars, Path: cfg.remotePath, Vars: vars, EnvVarFile: '' }, ctx.build);
          const code = await retrying(cfg.startRetryTimeout, signal, async () => {
            await comm.upload(cfg.remotePath, content, 0o755, signal);
            // Packer chmods after uploading; where the upload already set 0755 that is a round trip for nothing.
            if (!comm.uploadSetsExactMode) await runQuiet(comm, `chmod 0755 ${cfg.remotePath}`, signal);
          }).then(() => runStreaming(comm, command, ctx));
          if (code === EXIT_DISCONNECTED) {
            if (!cfg.expectDisconnect) throw new Error('Script disconnected unexpectedly. If you expected your script to disconnect, i.e. from a restart, you can try adding `"expect_disconnect": true` or `"valid_exit_codes": [0, 2300218]` to the shell provisioner parameters.');
          } else {
            checkExitCode(code, cfg.validExitCodes);
          }
          if (!cfg.skipClean) {
            await retrying(cfg.startRetryTimeout, signal, () => runQuiet(comm, `rm -f ${cfg.remotePath}`, signal));
          }
        }
      } finally {
        if (inlinePath) await rm(inlinePath, { force: true });
      }
      if (cfg.pauseAfter > 0) {
        ui.say(`Pausing ${goDurationString(cfg.pauseAfter)} after this provisioner...`);
        await sleep(cfg.pauseAfter, signal);
      }
    },
  };
}

/** Streams stdout lines as messages and stderr lines as errors, as Packer's UI does. */
export async function runStreaming(comm: Communicator, command: string, ctx: Pick<ProvisionContext, 'ui' | 'signal'>): Promise<number> {
  const out = lineSplitter((l) => ctx.ui.message(l));
  const err = lineSplitter((l) => ctx.ui.error(l));
  try {
    return await comm.start(command, { stdout: (c) => out.push(c), stderr: (c) => err.push(c) }, ctx.signal);
  } finally {
    out.flush();
    err.flush();
  }
}

async function runQuiet(comm: Communicator, command: string, signal: AbortSignal): Promise<void> {
  let stderr = '';
  const code = await comm.start(command, { stdout: () => undefined, stderr: (c) => (stderr += c) }, signal);
  if (code !== 0) throw new Error(`'${command}' exited with status ${code}${stderr ? `: ${stderr.trim()}` : ''}`);
}

/** Retries `fn` (e.g. while a machine reboots) until it succeeds or `timeoutMs` has passed. */
async function retrying(timeoutMs: number, signal: AbortSignal, fn: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (signal.aborted || Date.now() + 2000 > deadline) throw asError(e);
      await sleep(2000, signal);
    }
  }
}
