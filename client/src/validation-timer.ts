/**
 * How long the language server took to validate the latest edit: from the change being sent to its
 * diagnostics arriving. Pure bookkeeping; status.ts shows the result against the configured budget.
 */

export interface ValidationTiming {
  readonly uri: string;
  readonly millis: number;
  readonly at: Date;
}

export class ValidationTimer {
  private readonly pending = new Map<string, number>();
  private latest: ValidationTiming | undefined;

  constructor(private readonly clock: () => number = () => performance.now(), private readonly wallClock: () => Date = () => new Date()) {}

  /** An edit (or open) was sent; only the first unanswered one counts, as later ones wait behind it. */
  changed(uri: string): void {
    if (!this.pending.has(uri)) this.pending.set(uri, this.clock());
  }

  /** Diagnostics for the document arrived; returns the measurement when an edit was waiting for them. */
  diagnosed(uri: string): ValidationTiming | undefined {
    const start = this.pending.get(uri);
    if (start === undefined) return undefined;
    this.pending.delete(uri);
    this.latest = { uri, millis: Math.max(0, this.clock() - start), at: this.wallClock() };
    return this.latest;
  }

  get last(): ValidationTiming | undefined {
    return this.latest;
  }
}

export interface StatusText {
  readonly text: string;
  readonly detail: string;
  readonly overBudget: boolean;
}

/** `examples` · "validated in 42 ms at 10:31:05 (budget 300 ms)". */
export function statusText(templateLabel: string, timing: ValidationTiming | undefined, budgetMs: number): StatusText {
  if (!timing) return { text: templateLabel, detail: 'not validated yet', overBudget: false };
  const ms = Math.round(timing.millis);
  const time = timing.at.toLocaleTimeString(undefined, { hour12: false });
  const overBudget = ms > budgetMs;
  return {
    text: templateLabel,
    detail: `validated in ${ms} ms at ${time} (budget ${budgetMs} ms${overBudget ? ', over' : ''})`,
    overBudget,
  };
}
