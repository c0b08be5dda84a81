/**
 * The server's own collections (server/src/lsp/idle-gc.ts), in this process with V8's real collector: garbage
 * left by dropped analyses is collected once it exceeds the budget, at the next turn of the event loop, and the
 * idle collection runs after the quiet period. Garbage here is large arrays (V8's large-object space), which V8
 * only frees in a full collection, so what is observed is the collector's own.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { IdleCollector } from '../../server/src/lsp/idle-gc.js';

const MB = 1024 * 1024;
const used = () => getHeapStatistics().used_heap_size;

/** Counts the full collections forced by gc() (V8 collecting on its own does not count). */
function forcedCollections(): { count: () => Promise<number>; stop: () => void } {
  let n = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const { kind, flags } = (e as unknown as { detail: { kind: number; flags: number } }).detail;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR && (flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0) n++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  // Entries are delivered after the collection, on a later turn.
  return { count: async () => (await new Promise((r) => setTimeout(r, 20)), n), stop: () => observer.disconnect() };
}

/** About `mb` megabytes of arrays (of 4 MB each) that are garbage as soon as this returns. */
function leaveGarbage(mb: number): void {
  const arrays: number[][] = [];
  for (let i = 0; i < mb / 4; i++) arrays.push(new Array<number>(MB / 2).fill(i + 0.5));
  assert.equal(arrays.length, mb / 4);
}

describe('idle collector', () => {
  it('collects the garbage of dropped analyses once it exceeds the budget', async () => {
    // A budget far above what the runner allocates meanwhile, so only the garbage left here can exceed it.
    const collector = new IdleCollector(60_000, 48 * MB);
    try {
      collector.dropped();
      await nextTurn();
      const base = used();
      leaveGarbage(16);
      collector.dropped();
      await nextTurn();
      assert.ok(used() > base + 12 * MB, 'garbage under the budget stays until V8 or the idle collection takes it');
      leaveGarbage(64);
      const before = used();
      assert.ok(before > base + 64 * MB, `garbage not yet collected (${(before - base) / MB} MB)`);
      collector.dropped();
      await nextTurn();
      assert.ok(used() < before - 56 * MB, `collected: ${(before - used()) / MB} MB of ${(before - base) / MB}`);
    } finally {
      collector.dispose();
    }
  });

  it('collects after the quiet period that follows work', async () => {
    const forced = forcedCollections();
    const collector = new IdleCollector(50);
    try {
      const base = used();
      leaveGarbage(40);
      const before = used();
      assert.ok(before > base + 32 * MB, `garbage not yet collected (${(before - base) / MB} MB)`);
      collector.worked();
      await new Promise((r) => setTimeout(r, 10));
      collector.worked();
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(await forced.count(), 0, 'nothing collected while work goes on');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(await forced.count(), 1, 'one collection once quiet');
      // Half of it at least: what the runner allocates meanwhile stays.
      assert.ok(used() < before - 20 * MB, `collected: ${(before - used()) / MB} MB of ${(before - base) / MB}`);
    } finally {
      collector.dispose();
      forced.stop();
    }
  });
});
