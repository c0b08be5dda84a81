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
  // Steps that ran, in order, and whether the debug pause after them ran (so one comes before their cleanup too).
  const ran: { step: Step<S>; paused: boolean }[] = [];
  let halted = false;
  let abortAnswered = false;
  for (const step of steps) {
    if (opts.signal.aborted) break;
    const entry = { step, paused: false };
    ran.push(entry);
    let result: StepResult;
    for (;;) {
      result = await runOne(step, state, opts.signal);
      if (result === 'continue' || opts.onError !== 'ask' || opts.signal.aborted) break;
      // Like the SDK's askStep, a retry keeps the first error in the state: the build may fail even if it succeeds.
      if (state.error) state.ui.error(state.error.message);
      const answer = await askOnError(step.name, state, opts.signal);
      if (answer === 'retry') continue;
      abortAnswered = answer === 'abort';
      break;
    }
    if (result === 'halt') {
      halted = true;
      break;
    }
    if (opts.debug) {
      await debugPause(state.ui, `Pausing after run of step '${step.name}'. Press enter to continue.`, opts.signal);
      entry.paused = true;
    }
  }
  if (opts.signal.aborted) state.cancelled = true;

  const abortMode = opts.onError === 'abort' || opts.onError === 'run-cleanup-provisioner' || abortAnswered;
  let abortLogged = false;
  for (const { step, paused } of ran.reverse()) {
    if (paused && opts.debug) await debugPause(state.ui, `Pausing before cleanup of step '${step.name}'. Press enter to continue.`, opts.signal);
    const keepsCleanup = opts.onError === 'run-cleanup-provisioner' && step.cleanupEvenOnAbort === true;
    if (abortMode && !keepsCleanup && (state.cancelled || halted)) {
      // The SDK's handleAbortsAndInterupts: the first skipped step says why, the others that they were skipped.
      if (abortLogged) {
        state.ui.error(`aborted: skipping cleanup of step "${step.name}"`);
      } else {
        if (state.error) state.ui.error(state.error.message);
        state.ui.error(state.cancelled ? 'Interrupted, aborting...' : `Step "${step.name}" failed, aborting...`);
        abortLogged = true;
      }
      continue;
    }
    try {
      await step.cleanup(state);
    } catch (e) {
      state.ui.error(`Error cleaning up step "${step.name}": ${asError(e).message}`);
    }
  }
}

async function runOne<S extends StepState>(step: Step<S>, state: S, signal: AbortSignal): Promise<StepResult> {
  try {
    return await step.run(state, signal);
  } catch (e) {
    if (!signal.aborted) state.error = asError(e);
    return 'halt';
  }
}

/** `-on-error=ask`: without an answer (no terminal, machine-readable UI, cancelled) the build cleans up. */
async function askOnError<S extends StepState>(stepName: string, state: S, signal: AbortSignal): Promise<'cleanup' | 'abort' | 'retry'> {
  state.ui.say(`Step "${stepName}" failed`);
  for (;;) {
    let answer = '';
    try {
      answer = await state.ui.ask('[c] Clean up and exit, [a] abort without cleanup, or [r] retry step (build may fail even if retry succeeds)?', signal);
    } catch (e) {
      state.ui.log?.(`Error asking for input: ${asError(e).message}`);
    }
    if (signal.aborted) return 'cleanup';
    switch (`${answer.toLowerCase()}c`.charAt(0)) {
      case 'c':
        return 'cleanup';
      case 'a':
        return 'abort';
      case 'r':
        return 'retry';
    }
    state.ui.say(`Incorrect input: ${JSON.stringify(answer)}`);
  }
}

/** A `-debug` pause; without a terminal to read from it returns at once (the SDK logs and goes on). */
async function debugPause(ui: Ui, message: string, signal: AbortSignal): Promise<void> {
  try {
    await ui.ask(message, signal);
  } catch (e) {
    ui.log?.(`Error asking for input: ${asError(e).message}`);
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
