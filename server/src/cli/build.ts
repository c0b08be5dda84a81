/** `packer-studio build`: loads the template, then runs the selected builds with the embedded engine. */
import { createInterface } from 'node:readline';
import { hasErrors } from '../hcl/diagnostic.js';
import { runBuilds } from '../engine/build.js';
import type { BuildPlan, PlannedBuild, PlannedPostProcessor, PlannedProvisioner } from '../engine/plan.js';
import type { OnError } from '../engine/runner.js';
import { ConsoleUi } from '../engine/ui.js';
import type { ResolvedPostProcessor, ResolvedProvisioner } from '../packer/build-time.js';
import { templateDiagnostics } from '../packer/load.js';
import { FlagError, parseFlags } from './args.js';
import type { Command } from './command.js';
import { getBuilds } from './build-prepare.js';
import { openPackerLog, type PackerLog } from './packer-log.js';
import { printDiagnostics } from './print-diagnostics.js';
import { TEMPLATE_FLAGS, loadForCommand, templateArgs } from './template-flags.js';
import { usageError } from './usage.js';

export const BUILD_HELP = `Usage: packer build [options] TEMPLATE

  Will execute multiple builds in parallel as defined in the template.
  The various artifacts created by the template will be outputted.

Options:

  -color=false                  Disable color output. (Default: color)
  -debug                        Debug mode enabled for builds.
  -except=foo,bar,baz           Run all builds and post-processors other than these.
  -only=foo,bar,baz             Build only the specified builds.
  -force                        Force a build to continue if artifacts exist, deletes existing artifacts.
  -machine-readable             Produce machine-readable output.
  -on-error=[cleanup|abort|ask|run-cleanup-provisioner] If the build fails do: clean up (default), abort, ask, or run-cleanup-provisioner.
  -parallel-builds=1            Number of builds to run in parallel. 1 disables parallelization. 0 means no limit (Default: 0)
  -timestamp-ui                 Enable prefixing of each ui output with an RFC3339 timestamp.
  -var 'key=value'              Variable for templates, can be used multiple times.
  -var-file=path                JSON or HCL2 file containing user variables, can be used multiple times.
  -warn-on-undeclared-var       Show warnings for variable files containing undeclared variables.
  -ignore-prerelease-plugins    Disable the loading of prerelease plugin binaries (x.y.z-dev).
  -use-sequential-evaluation    Fallback to using a sequential approach for local/datasource evaluation.
`;

const NO_BUILDS =
  'A build command cannot run without at least one build to process. If the only or except flags have been specified at run time check that at least one build is selected for execution.';

const ON_ERROR: readonly OnError[] = ['cleanup', 'abort', 'ask', 'run-cleanup-provisioner'];

/** Go's `os.Signal.String()` for the signals the CLI cancels on. */
const SIGNAL_NAMES: Readonly<Record<string, string>> = { SIGINT: 'interrupt', SIGTERM: 'terminated' };

export const buildCommand: Command = {
  name: 'build',
  synopsis: 'build image(s) from template',
  async run(args, io) {
    let flags;
    try {
      flags = parseFlags(args, {
        ...TEMPLATE_FLAGS,
        color: 'bool',
        debug: 'bool',
        force: 'bool',
        'machine-readable': 'bool',
        'on-error': 'string',
        'parallel-builds': 'int',
        'timestamp-ui': 'bool',
        'warn-on-undeclared-var': 'bool',
        'skip-enforcement': 'bool',
      });
    } catch (e) {
      if (e instanceof FlagError) return usageError(io, e.message, BUILD_HELP);
      throw e;
    }
    const onError = (flags.strings.get('on-error') ?? 'cleanup') as OnError;
    if (!ON_ERROR.includes(onError)) {
      return usageError(io, `invalid value "${onError}" for flag -on-error: expected one of ["cleanup" "abort" "ask" "run-cleanup-provisioner"]`, BUILD_HELP);
    }
    if (flags.positional.length !== 1) return usageError(io, undefined, BUILD_HELP);
    const machineReadable = flags.bools.get('machine-readable') === true;
    const color = !machineReadable && flags.bools.get('color') !== false && io.env.PACKER_NO_COLOR === undefined;
    const a = templateArgs(flags);

    const t = await loadForCommand(flags.positional[0] as string, a, io, flags.bools.get('warn-on-undeclared-var') === true, true);
    // Findings inside bodies wait for the prepare step of the builds that use them (getBuilds).
    const diags = templateDiagnostics(t.diagnostics, t.template);
    if (t.template?.builds.length === 0 && !hasErrors(diags)) {
      diags.push({ severity: 'error', summary: 'Missing build block', detail: 'A build block with one or more sources is required for executing a build.' });
    }
    // Like Packer, errors in the template as a whole stop everything, while a build that fails to decode or
    // prepare is reported and left out: the other builds still run, and the exit code is 1 however they end.
    const resolved = t.template && !hasErrors(diags) ? getBuilds(t.template, a, diags, io) : [];
    const prepareFailed = hasErrors(diags);
    const shown = { write: io.stdout, machineReadable, colour: color };
    printDiagnostics(diags, t, shown);
    if (!t.template || (prepareFailed && resolved.length === 0)) return 1;
    if (resolved.length === 0) {
      printDiagnostics([{ severity: 'error', summary: 'No builds to run', detail: NO_BUILDS }], t, shown);
      return 1;
    }

    const plan: BuildPlan = {
      templateDir: t.template.rootDir,
      builds: resolved.map(
        (b): PlannedBuild => ({
          name: b.name,
          sourceRef: b.sourceRef,
          sourceName: b.sourceName,
          builderType: b.builderType,
          builderConfig: b.builder.values,
          provisioners: b.provisioners.map(plannedProvisioner),
          ...(b.errorCleanupProvisioner ? { errorCleanupProvisioner: plannedProvisioner(b.errorCleanupProvisioner) } : {}),
          postProcessors: b.postProcessors.map((chain) => chain.map(plannedPostProcessor)),
        }),
      ),
    };
    let log: PackerLog | undefined;
    try {
      log = openPackerLog(io.env, io.cwd, io.stderr);
    } catch (e) {
      io.stderr(`Couldn't setup log output: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
    const ui = new ConsoleUi({
      write: io.stdout,
      color,
      timestamp: flags.bools.get('timestamp-ui') === true,
      machineReadable,
      secrets: t.template.secrets,
      ...(io.stdinIsTTY ? { readLine } : {}),
      ...(log ? { log: log.write } : {}),
    });
    const debug = flags.bools.get('debug') === true;
    const force = flags.bools.get('force') === true;
    ui.log(`Build debug mode: ${debug}`);
    ui.log(`Force build: ${force}`);
    ui.log(`On error: ${onError}`);
    const onAbort = (): void => {
      const reason = String(io.signal.reason ?? 'SIGINT');
      ui.say(`Cancelling build after receiving ${SIGNAL_NAMES[reason] ?? reason}`);
    };
    io.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await runBuilds(plan, {
        ui,
        signal: io.signal,
        parallel: Number(flags.strings.get('parallel-builds') ?? '0'),
        onError,
        force,
        debug,
        env: io.env,
        cwd: io.cwd,
        ...(io.env.PACKER_RUN_UUID ? { runUuid: io.env.PACKER_RUN_UUID } : {}),
      });
      return prepareFailed ? 1 : result.exitCode;
    } finally {
      io.signal.removeEventListener('abort', onAbort);
      log?.close();
    }
  },
};

function plannedProvisioner(p: ResolvedProvisioner): PlannedProvisioner {
  return {
    type: p.type,
    ...(p.name !== undefined ? { name: p.name } : {}),
    declaredAt: `${p.block.range.file} line ${p.block.range.start.line + 1}`,
    config: { values: p.config.values, ...(p.usesBuildVariables ? { resolve: (vars) => p.evaluate(vars).values } : {}) },
    ...(p.pauseBefore !== undefined ? { pauseBefore: p.pauseBefore } : {}),
    ...(p.maxRetries !== undefined ? { maxRetries: p.maxRetries } : {}),
    ...(p.timeout !== undefined ? { timeout: p.timeout } : {}),
  };
}

function plannedPostProcessor(p: ResolvedPostProcessor): PlannedPostProcessor {
  return {
    type: p.type,
    ...(p.name !== undefined ? { name: p.name } : {}),
    config: { values: p.config.values, ...(p.usesBuildVariables ? { resolve: (vars) => p.evaluate(vars).values } : {}) },
    ...(p.keepInputArtifact !== undefined ? { keepInputArtifact: p.keepInputArtifact } : {}),
  };
}

/** One line from the terminal, for breakpoints, `-debug` pauses and `-on-error=ask`. */
function readLine(signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin });
    const onAbort = (): void => {
      rl.close();
      reject(new Error('Build was cancelled.'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    rl.once('line', (line) => {
      signal.removeEventListener('abort', onAbort);
      rl.close();
      resolve(line);
    });
  });
}

