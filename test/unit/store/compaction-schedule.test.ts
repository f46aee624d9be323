// Compaction while running: the aggregates as soon as the stream's progress closes another hour,
// long before the interval, raw at the interval, and nothing while this process is not the one
// writing the aggregates.
import { describe, expect, it, vi } from 'vitest';
import { createFsStore, silentLog, startAutoCompaction } from '../../../src/index';
import type { CompactionPass, CompactionPassRequest } from '../../../src/store/index';
import { createManualClock } from '../../../src/core/index';
import { FIXTURE_HOUR, readerView, writeSmallFiles } from '../../helpers/history-fixture';
import { tempDir } from '../../helpers/tmp';

const HOUR = 3_600_000;

/** Waits until the pass counter reaches n (passes run on real timers). */
const passes = (compaction: { stats: { passes: number } }, n: number) =>
  vi.waitFor(() => expect(compaction.stats.passes).toBe(n), { timeout: 10_000, interval: 10 });

describe('auto-compaction while running', () => {
  it('compacts an hour once the written windows pass its end, and only while this process writes', async () => {
    const store = createFsStore({ root: await tempDir('auto-compaction') });
    await writeSmallFiles(store); // 09:58:40 to 10:00:20, in hours 09 and 10
    const before = await readerView(store);
    const files09 = async () => (await store.list('purchase-analytics')).filter((f) => f.path.includes('hour=09')).length;
    const small09 = await files09();
    expect(small09).toBeGreaterThan(10);

    let progress: number | null = FIXTURE_HOUR + 59 * 60_000; // hour 09 still has a window to write
    let writing = false;
    const clock = createManualClock(FIXTURE_HOUR + 5 * HOUR);
    const compaction = startAutoCompaction({
      store, everyMs: 10 * HOUR, graceMs: 10 * 60_000, targetBytes: 128 * 1024 * 1024, checkMs: 10,
      progress: () => progress, active: () => writing, clock, log: silentLog,
    });
    try {
      progress = FIXTURE_HOUR + HOUR + 60_000;
      await new Promise((r) => setTimeout(r, 100));
      expect(compaction.stats.passes).toBe(0); // another process owns stage 2

      writing = true;
      progress = null;
      await new Promise((r) => setTimeout(r, 100));
      expect(compaction.stats.passes).toBe(0); // nothing written yet: the wall clock alone closes no hour

      progress = FIXTURE_HOUR + 59 * 60_000;
      await passes(compaction, 1);
      expect(await files09()).toBe(small09); // not closed yet

      progress = FIXTURE_HOUR + HOUR;
      await passes(compaction, 2); // as hour 09 closes, long before the interval
      // The aggregates at once: one file per dataset; raw waits for the interval.
      expect(compaction.stats.merged).toBe(5);
      const raw09 = (await store.list('purchase-analytics/raw')).filter((f) => f.path.includes('hour=09')).length;
      expect(await files09()).toBe(raw09 + 5);
      expect(raw09).toBeGreaterThan(2);

      clock.advance(10 * HOUR);
      await passes(compaction, 3); // the interval's pass
      // Raw too: one file per source partition (2).
      expect(await files09()).toBe(7);
      expect(await readerView(store)).toEqual(before);
    } finally {
      await compaction.stop();
    }
  });

  it('settles: merges the aggregates of the hours closed by now before resolving, without waiting for a tick', async () => {
    const store = createFsStore({ root: await tempDir('auto-compaction-settle') });
    await writeSmallFiles(store);
    let progress = FIXTURE_HOUR + 59 * 60_000;
    const compaction = startAutoCompaction({
      store, everyMs: 10 * HOUR, graceMs: 10 * 60_000, targetBytes: 128 * 1024 * 1024, checkMs: 10 * HOUR,
      progress: () => progress, clock: createManualClock(FIXTURE_HOUR + 5 * HOUR), log: silentLog,
    });
    try {
      progress = FIXTURE_HOUR + HOUR;
      await compaction.settle();
      const in09 = (await store.list('purchase-analytics/aggregated')).filter((f) => f.path.includes('hour=09'));
      expect(in09.map((f) => f.path.slice(f.path.lastIndexOf('/') + 1))).toEqual(new Array(5).fill('windows-20261124T095800-20261124T095900-60s.parquet'));
      expect(compaction.stats).toMatchObject({ passes: 2, merged: 5 });
    } finally {
      await compaction.stop();
    }
  });

  it('runs each pass through the pass it is given, counts a failed one, and aborts the running one on stop', async () => {
    const store = createFsStore({ root: await tempDir('auto-compaction-pass') });
    const requests: CompactionPassRequest[] = [];
    let signal: AbortSignal | undefined;
    let release = (): void => undefined;
    let fail = true;
    const pass: CompactionPass = (request, s) => {
      requests.push(request);
      signal = s;
      if (fail) return Promise.reject(new Error('the thread outgrew its heap'));
      return new Promise((resolve) => (release = () => resolve([])));
    };
    const clock = createManualClock(FIXTURE_HOUR + 5 * HOUR);
    const lines: string[] = [];
    const log = { ...silentLog, error: (m: string) => void lines.push(m) };
    const compaction = startAutoCompaction({ store, everyMs: HOUR, graceMs: 0, targetBytes: 1_000, checkMs: 10, pass, clock, log });
    await vi.waitFor(() => expect(compaction.stats.failures).toBe(1), { timeout: 5_000, interval: 10 });
    expect(requests[0]).toEqual({ closedBefore: FIXTURE_HOUR + 5 * HOUR, targetBytes: 1_000, datasets: ['by_hour', 'by_department', 'by_department_hour', 'by_product', 'by_pair'] });
    expect(lines[0]).toMatch(/^compaction failed, trying again in 3600 s: the thread outgrew its heap/);

    fail = false;
    clock.advance(HOUR); // the interval: raw too
    await vi.waitFor(() => expect(compaction.running).toBe(true), { timeout: 5_000, interval: 10 });
    expect(requests[1]?.datasets).toContain('raw');
    const stopped = compaction.stop();
    expect(signal?.aborted).toBe(true);
    let done = false;
    void stopped.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false); // stop waits for the pass under way
    release();
    await stopped;
    expect(compaction.stats).toMatchObject({ passes: 1, failures: 1 });
  });
});
