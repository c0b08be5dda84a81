/**
 * Garbage collections the language server asks for, where V8's own timing leaves memory committed. Each analysis
 * of a big template leaves tens of megabytes of garbage, and V8 (which gets no idle notifications in Node) keeps
 * that heap committed until allocation pressure returns: a full collection once the server has been
 * quiet for `delayMs` hands it back without slowing a keystroke, and a run of templates opened at once is
 * collected as it goes (see `dropped`). Typing is left to V8's incremental marking (the client starts the server
 * with a lower heap growth factor): a collection forced here is atomic, 15-50 ms on this machine.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8's gc(), exposed at run time; undefined where the embedder forbids it. A plain full collection: forcing it to
 * compact every page (V8 compacts only the fragmented ones) kept 3-5 MB less committed, but evacuating the whole
 * heap first maps a copy of what survives: RSS rose by ~25 MB for the moment, the highest it went.
 */
function exposedGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Heap growth since the last collection that a run of dropped analyses may leave before one is collected: small,
 * as each such collection costs tens of milliseconds only while templates are being opened (ten 5,900-line
 * templates: peak RSS 12 MB lower than with 20 MB).
 */
const BUDGET_BYTES = 8 * 1024 * 1024;

export class IdleCollector {
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Immediate | undefined;
  private readonly gc = exposedGc();
  /** Heap in use after the last collection this class ran (or when it was made). */
  private live = getHeapStatistics().used_heap_size;

  constructor(
    private readonly delayMs: number,
    private readonly budgetBytes = BUDGET_BYTES,
  ) {}

  /** Called after work that allocated: (re)starts the quiet period. */
  worked(): void {
    if (!this.gc) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.collect();
    }, this.delayMs);
    this.timer.unref();
  }

  /**
   * Called when a cold template's analysis was dropped. Opening a workspace analyses one template after another
   * with no quiet period in between, each leaving its whole analysis as garbage, and V8 lets the heap grow to
   * several times its live size before collecting (the peak then stays committed). Collecting once that garbage
   * exceeds a budget keeps the burst near its live size; typing in one template drops nothing and never pays.
   */
  dropped(): void {
    if (!this.gc || this.soon) return;
    this.soon = setImmediate(() => {
      this.soon = undefined;
      if (getHeapStatistics().used_heap_size > this.live + this.budgetBytes) this.collect();
    });
  }

  private collect(): void {
    this.gc?.();
    this.live = getHeapStatistics().used_heap_size;
  }

  dispose(): void {
    clearTimeout(this.timer);
    if (this.soon) clearImmediate(this.soon);
  }
}
