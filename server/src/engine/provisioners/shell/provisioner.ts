/** The `shell` provisioner: uploads each script, runs it through `execute_command`, checks the exit status. */
import { randomInt } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EXIT_DISCONNECTED, lineSplitter, type CommandOutput, type Communicator } from '../../communicator.js';
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
          // Like Packer, upload, chmod and start are retried together: after a reboot the script may be gone.
          const code = await retrying(cfg.startRetryTimeout, ctx, async () => {
            await failingWith('Error uploading script: ', signal, () => comm.upload(cfg.remotePath, content, 0o755, signal));
            // Packer chmods after uploading and ignores the chmod's exit status; where the upload already set 0755
            // that is a round trip for nothing.
            if (!comm.uploadSetsExactMode) {
              await failingWith('Error chmodding script file to 0755 in remote machine: ', signal, () => comm.start(`chmod 0755 ${cfg.remotePath}`, QUIET, signal));
            }
            return runStreaming(comm, command, ctx);
          });
          if (code === EXIT_DISCONNECTED) {
            if (!cfg.expectDisconnect) throw new Error('Script disconnected unexpectedly. If you expected your script to disconnect, i.e. from a restart, you can try adding `"expect_disconnect": true` or `"valid_exit_codes": [0, 2300218]` to the shell provisioner parameters.');
          } else {
            checkExitCode(code, cfg.validExitCodes);
          }
          if (!cfg.skipClean) {
            await retrying(cfg.startRetryTimeout, ctx, () => removeScript(comm, cfg.remotePath, signal));
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

const QUIET: CommandOutput = { stdout: () => undefined, stderr: () => undefined };

/** Packer's wording for a communicator call that failed, unless the build is being cancelled. */
async function failingWith<T>(prefix: string, signal: AbortSignal, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (signal.aborted) throw e;
    throw new Error(`${prefix}${asError(e).message}`);
  }
}

/** `rm -f` of the uploaded script; a disconnect (the machine rebooting) is an error to retry. */
async function removeScript(comm: Communicator, path: string, signal: AbortSignal): Promise<void> {
  const code = await failingWith(`Error removing temporary script at ${path}: `, signal, () => comm.start(`rm -f ${path}`, QUIET, signal));
  if (code === EXIT_DISCONNECTED) throw new Error('Disconnect while removing temporary script.');
  if (code !== 0) throw new Error(`Error removing temporary script at ${path}!`);
}

/**
 * The SDK's retry.Config: runs `fn` until it succeeds, 2 s apart, and gives up with the last error once
 * `timeoutMs` has passed (checked after each failure, so there is always a second try after a first failure).
 */
async function retrying<T>(timeoutMs: number, ctx: Pick<ProvisionContext, 'ui' | 'signal'>, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (ctx.signal.aborted || Date.now() >= deadline) throw asError(e);
      ctx.ui.log?.(`Retryable error: ${asError(e).message}`);
      await sleep(2000, ctx.signal);
    }
  }
}
