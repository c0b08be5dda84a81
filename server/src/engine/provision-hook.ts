/**
 * Runs a build's provisioners in order (Packer's provision hook): `only`/`except`, `pause_before`, `timeout`,
 * `max_retries`, configs re-evaluated once `build.*` is known, and the error-cleanup provisioner.
 */
import type { Communicator } from './communicator.js';
import type { BuildInfo, ProvisionHook, Provisioner } from './component.js';
import { goDurationString } from './go-duration.js';
import type { PlannedProvisioner } from './plan.js';
import { createProvisioner } from './registry.js';
import { asError, sleep, StepError } from './runner.js';
import type { Ui } from './ui.js';

export interface PreparedProvisioner {
  readonly plan: PlannedProvisioner;
  /** Built from the static config; rebuilt at run time when the config references `build.*`. */
  readonly provisioner: Provisioner;
}

export class BuildProvisionHook implements ProvisionHook {
  constructor(
    private readonly ui: Ui,
    private readonly build: BuildInfo,
    private readonly sourceRef: string,
    private readonly provisioners: readonly PreparedProvisioner[],
    private readonly errorCleanup: PreparedProvisioner | undefined,
  ) {}

  async run(comm: Communicator, buildVars: Readonly<Record<string, string>>, signal: AbortSignal): Promise<void> {
    for (const p of this.provisioners) {
      if (!this.applies(p.plan)) continue;
      if (this.build.debug) {
        try {
          await this.ui.ask('Pausing before the next provisioner . Press enter to continue.', signal);
        } catch {
          // No terminal to wait on: carry on.
        }
      }
      await this.runOne(p, comm, buildVars, signal);
    }
  }

  async runErrorCleanup(comm: Communicator, buildVars: Readonly<Record<string, string>>, signal: AbortSignal): Promise<void> {
    if (this.errorCleanup) await this.runOne(this.errorCleanup, comm, buildVars, signal);
  }

  private applies(p: PlannedProvisioner): boolean {
    const names = [this.sourceRef, this.build.name];
    if (p.only && p.only.length > 0 && !p.only.some((n) => names.includes(n))) return false;
    if (p.except && p.except.some((n) => names.includes(n))) return false;
    return true;
  }

  private async runOne(
    p: PreparedProvisioner,
    comm: Communicator,
    buildVars: Readonly<Record<string, string>>,
    signal: AbortSignal,
  ): Promise<void> {
    const { plan } = p;
    if (plan.pauseBefore && plan.pauseBefore > 0) {
      this.ui.say(`Pausing ${goDurationString(plan.pauseBefore)} before the next provisioner...`);
      await sleep(plan.pauseBefore, signal);
    }
    const provisioner = plan.config.resolve
      ? createProvisioner(plan.type, plan.config.resolve(buildVars), this.build)
      : p.provisioner;
    const attempts = Math.max(0, plan.maxRetries ?? 0) + 1;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.withTimeout(plan, signal, (s) => provisioner.provision({ ui: this.ui, signal: s, build: this.build, comm, buildVars }));
        return;
      } catch (e) {
        if (signal.aborted) throw e;
        const err = asError(e);
        if (attempt >= attempts) throw new StepError(`${describe(plan)} failed: ${err.message}`);
        this.ui.error(`Provisioner failed with "${err.message}", retrying with ${attempts - attempt} trie(s) left`);
        await sleep(Math.min(2 ** (attempt - 1) * 1000, 30000), signal);
      }
    }
  }

  private async withTimeout(
    plan: PlannedProvisioner,
    signal: AbortSignal,
    run: (signal: AbortSignal) => Promise<void>,
  ): Promise<void> {
    if (!plan.timeout || plan.timeout <= 0) return run(signal);
    this.ui.say(`Setting a ${goDurationString(plan.timeout)} timeout for the next provisioner...`);
    const timer = new AbortController();
    const handle = setTimeout(() => {
      this.ui.error('Cancelling provisioner after a timeout...');
      timer.abort();
    }, plan.timeout);
    try {
      return await run(AbortSignal.any([signal, timer.signal]));
    } catch (e) {
      if (timer.signal.aborted && !signal.aborted) throw new StepError(`context deadline exceeded (timeout ${goDurationString(plan.timeout)})`);
      throw e;
    } finally {
      clearTimeout(handle);
    }
  }
}

/** How errors name a provisioner: its type, plus its `name` when it has one, and where it is declared. */
export function describe(plan: PlannedProvisioner): string {
  const named = plan.name ? `Provisioner "${plan.type}" ("${plan.name}")` : `Provisioner "${plan.type}"`;
  return plan.declaredAt ? `${named} on ${plan.declaredAt}` : named;
}
