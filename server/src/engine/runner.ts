/**
 * The step runner (Packer's multistep): steps run in order until one halts, fails or the build is cancelled;
 * then the steps that ran are cleaned up in reverse — after success, failure and cancellation alike —
 * unless `-on-error=abort` asked to keep what failed.
 */
import type { Ui } from './ui.js';

export type StepResult = 'continue' | 'halt';
export type OnError = 'cleanup' | 'abort' | 'ask' | 'run-cleanup-provisioner';

/** What every step shares; builders extend it with their own fields. */
export interface StepState {
  readonly ui: Ui;
  /** The first error a step reported; the build fails with it. */
  error?: Error;
  cancelled: boolean;
}

export interface Step<S extends StepState> {
  readonly name: string;
  run(state: S, signal: AbortSignal): Promise<StepResult>;
  cleanup(state: S): Promise<void>;
  /** `-on-error=run-cleanup-provisioner` still cleans up this step (the provisioning step). */
  readonly cleanupEvenOnAbort?: boolean;
}

export interface RunOptions {
  readonly signal: AbortSignal;
  readonly onError: OnError;
  /** Pause after each step and before each cleanup until the user presses enter. */
  readonly debug: boolean;
}

/** Thrown by steps for failures that are the user's (or the machine's), never programming errors. */
export class StepError extends Error {}

export async function runSteps<S extends StepState>(steps: readonly Step<S>[], state: S, opts: RunOptions): Promise<void> {
  const ran: Step<S>[] = [];
  let skipCleanup = false;
  for (let i = 0; i < steps.length; ) {
    const step = steps[i] as Step<S>;
    if (opts.signal.aborted) break;
    if (ran[ran.length - 1] !== step) ran.push(step);
    let result: StepResult;
    try {
      result = await step.run(state, opts.signal);
    } catch (e) {
      if (!opts.signal.aborted) state.error ??= asError(e);
      result = 'halt';
    }
    if (opts.signal.aborted) break;
    if (state.error) {
      const decision = await decideOnError(step.name, state, opts);
      if (decision === 'retry') {
        state.error = undefined;
        continue;
      }
      skipCleanup = decision === 'abort';
      break;
    }
    if (result === 'halt') break;
    if (opts.debug) await pause(state.ui, `Pausing after run of step '${step.name}'. Press enter to continue.`, opts.signal);
    i++;
  }
  if (opts.signal.aborted) state.cancelled = true;
  for (const step of ran.reverse()) {
    if (skipCleanup && !(opts.onError === 'run-cleanup-provisioner' && step.cleanupEvenOnAbort)) {
      state.ui.error(`aborted: skipping cleanup of step "${step.name}"`);
      continue;
    }
    if (opts.debug && !opts.signal.aborted) {
      await pause(state.ui, `Pausing before cleanup of step '${step.name}'. Press enter to continue.`, opts.signal);
    }
    try {
      await step.cleanup(state);
    } catch (e) {
      state.ui.error(`Error cleaning up step "${step.name}": ${asError(e).message}`);
    }
  }
}

async function decideOnError<S extends StepState>(
  stepName: string,
  state: S,
  opts: RunOptions,
): Promise<'cleanup' | 'abort' | 'retry'> {
  switch (opts.onError) {
    case 'cleanup':
      return 'cleanup';
    case 'abort':
    case 'run-cleanup-provisioner':
      state.ui.error(`Step "${stepName}" failed, aborting...`);
      return 'abort';
    case 'ask':
      break;
  }
  state.ui.error(String(state.error?.message));
  state.ui.error(`Step "${stepName}" failed`);
  for (;;) {
    let answer: string;
    try {
      answer = await state.ui.ask(
        '[c] Clean up and exit, [a] abort without cleanup, or [r] retry step (build may fail even if retry succeeds)?',
        opts.signal,
      );
    } catch (e) {
      state.ui.error(`Error asking for input: ${asError(e).message}`);
      return 'cleanup';
    }
    const first = answer.trim().charAt(0);
    if (first === '' || first === 'c') return 'cleanup';
    if (first === 'a') return 'abort';
    if (first === 'r') return 'retry';
    state.ui.error(`Incorrect input: "${answer}"`);
  }
}

async function pause(ui: Ui, message: string, signal: AbortSignal): Promise<void> {
  try {
    await ui.ask(message, signal);
  } catch {
    // Without an interactive terminal a debug pause cannot wait; the build goes on.
  }
}

export function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** Resolves after `ms`, or rejects when the signal aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortError(): Error {
  return new StepError('Build was cancelled.');
}
