// A stream's stage 1 writes a drained backlog as soon as it has read it: a fake worker and a
// manual clock; a live stream (small lag) keeps its flush interval.
import { describe, expect, it } from 'vitest';
import { silentLog } from '../../../src/index';
import { createManualClock } from '../../../src/core/index';
import { withCatchUpFlush } from '../../../src/runtime/catch-up-flush';

const tick = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const clock = createManualClock(0);
  const state = { consumed: 0, lag: 0, flushes: 0 };
  const worker = withCatchUpFlush({
    get stats() {
      return { consumed: state.consumed, lines: 0, rejected: 0, late: 0, rawFiles: 0, unread: 0 };
    },
    start: async () => undefined,
    flush: async () => {
      state.flushes++;
      state.lag = 0;
    },
    lag: async () => state.lag,
    stop: async () => undefined,
  }, { clock, log: silentLog, everyMs: 500, minBacklog: 5_000 });
  const step = async (consumed: number, lag: number): Promise<void> => {
    state.consumed = consumed;
    state.lag = lag;
    clock.advance(500);
    await tick();
  };
  return { worker, state, step };
}

describe('flushing once a backlog is read', () => {
  it('flushes when the reading has stopped after a backlog and the group still lags, once', async () => {
    const { worker, state, step } = setup();
    await worker.start();
    await step(1_000, 90_000);
    await step(40_000, 60_000);
    await step(99_000, 12_000);
    expect(state.flushes).toBe(0);
    await step(99_000, 12_000);
    expect(state.flushes).toBe(1);
    await step(99_000, 0);
    await step(99_000, 0);
    expect(state.flushes).toBe(1);
    await worker.stop();
  });

  it('leaves a live stream (never a backlog) to its flush interval', async () => {
    const { worker, state, step } = setup();
    await worker.start();
    for (let i = 0; i < 20; i++) await step(100 + (i % 3 === 0 ? 0 : i), 300);
    expect(state.flushes).toBe(0);
    await worker.stop();
  });

  it('stops looking when the worker stops', async () => {
    const { worker, state, step } = setup();
    await worker.start();
    await step(10, 50_000);
    await worker.stop();
    await step(10, 50_000);
    await step(10, 50_000);
    expect(state.flushes).toBe(0);
  });
});
