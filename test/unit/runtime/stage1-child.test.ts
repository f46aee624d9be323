// A stage-1 worker process of `stream --workers N`, with a fake channel to its primary and fake
// parts: it runs stage 1 alone with the primary's Config, answers flushes, sends its counts, and
// stops (flushing) when told, when its primary is gone, on a fatal error, or exits 1 when its
// stop outlasts the stop timeout.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, silentLog, type Config, type Parts } from '../../../src/index';
import { createManualClock } from '../../../src/core/index';
import { runStage1Child } from '../../../src/runtime/stage1-child';
import { DEFAULT_MAX_BUFFERED_ORDERS } from '../../../src/pipeline/index';
import type { startParts } from '../../../src/runtime/parts';
import { NO_COUNTS, type FromWorker, type ToWorker } from '../../../src/runtime/worker-protocol';

const KAFKA: Config = { ...DEFAULT_CONFIG, transport: { ...DEFAULT_CONFIG.transport, kind: 'kafka' }, workers: 2, stopTimeoutMs: 15_000 };
const HOST = { pid: 1, now: 0, interactive: false, cores: 2 };
const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(options: { stopHangs?: boolean; startFails?: boolean; joinsInStart?: boolean } = {}) {
  const clock = createManualClock(0);
  const sent: FromWorker[] = [];
  let toChild: (m: ToWorker) => void = () => undefined;
  let disconnect: () => void = () => undefined;
  const stats = { ...NO_COUNTS };
  const calls: string[] = [];
  let startArgs: Parameters<typeof startParts> | undefined;
  const parts = {
    worker: {
      stats,
      flush: async () => void calls.push('flush'),
      start: async () => undefined, lag: async () => 0, stop: async () => undefined,
    },
  } as unknown as Parts;
  const exit = runStage1Child({
    clock, host: HOST, makeLog: () => silentLog,
    channel: {
      send: async (m) => void sent.push(m),
      onMessage: (l) => void (toChild = l),
      onDisconnect: (l) => void (disconnect = l),
    },
    parts: {
      start: async (...args) => {
        startArgs = args;
        if (options.joinsInStart) await args[2].beforeStage1Join!();
        if (options.startFails) throw new Error('Kafka brokers 127.0.0.1:9092 unreachable');
        return parts;
      },
      stop: async () => {
        calls.push('stop');
        if (options.stopHangs) await new Promise(() => undefined);
      },
    },
  });
  return { clock, sent, stats, calls, exit, send: (m: ToWorker) => toChild(m), disconnect: () => disconnect(), startArgs: () => startArgs! };
}

describe('a stage-1 worker process (stream --workers N)', () => {
  it('runs stage 1 alone, with one worker, from the config the primary sends', async () => {
    const s = setup();
    s.send({ kind: 'start', index: 2, workers: 2, config: KAFKA });
    await tick();
    const [plan, roles, deps] = s.startArgs();
    expect(roles).toEqual({ produce: false, stage1: true, stage2: 'none' });
    expect(plan.stage1Workers).toBe(1);
    expect(plan.config.transport.topic).toBe(KAFKA.transport.topic);
    expect(deps.log).toBe(silentLog);
    // Two workers together buffer what one stage 1 would.
    expect(deps.stage1MaxBufferedOrders).toBe(DEFAULT_MAX_BUFFERED_ORDERS / 2);
    expect(s.sent).toEqual([{ kind: 'ready' }, { kind: 'started' }]);
    s.send({ kind: 'stop' });
    expect(await s.exit).toBe(0);
  });

  it('joins the group only when the primary says all workers are connected', async () => {
    const s = setup();
    s.send({ kind: 'start', index: 1, workers: 2, config: KAFKA });
    await tick();
    let joined = false;
    const joining = s.startArgs()[2].beforeStage1Join!().then(() => (joined = true));
    await tick();
    expect(s.sent.at(-1)).toEqual({ kind: 'joining' });
    expect(joined).toBe(false);
    s.send({ kind: 'join' });
    await joining;
    s.send({ kind: 'stop' });
    expect(await s.exit).toBe(0);
  });

  it('does not join, and ends cleanly, when told to stop while waiting for the others', async () => {
    const s = setup({ joinsInStart: true });
    s.send({ kind: 'start', index: 1, workers: 2, config: KAFKA });
    await tick();
    expect(s.sent.at(-1)).toEqual({ kind: 'joining' });
    s.send({ kind: 'stop' });
    expect(await s.exit).toBe(0);
    expect(s.sent.map((m) => m.kind)).toEqual(['ready', 'joining']);
  });

  it('sends its counts when they change, and answers a flush after flushing', async () => {
    const s = setup();
    s.send({ kind: 'start', index: 1, workers: 2, config: KAFKA });
    await tick();
    s.clock.advance(100);
    expect(s.sent.filter((m) => m.kind === 'counts')).toEqual([]);
    s.stats.consumed = 40;
    s.stats.lines = 400;
    s.clock.advance(100);
    expect(s.sent.at(-1)).toEqual({ kind: 'counts', counts: { ...NO_COUNTS, consumed: 40, lines: 400 } });
    s.send({ kind: 'flush', id: 9 });
    await tick();
    expect(s.calls).toEqual(['flush']);
    expect(s.sent.at(-1)).toEqual({ kind: 'flushed', id: 9 });
    s.send({ kind: 'stop' });
    expect(await s.exit).toBe(0);
    expect(s.calls).toEqual(['flush', 'stop']);
    expect(s.sent.at(-1)).toEqual({ kind: 'stopped', counts: { ...NO_COUNTS, consumed: 40, lines: 400 } });
  });

  it('stops cleanly on its own when its primary is gone', async () => {
    const s = setup();
    s.send({ kind: 'start', index: 1, workers: 2, config: KAFKA });
    await tick();
    s.disconnect();
    expect(await s.exit).toBe(0);
    expect(s.calls).toEqual(['stop']);
  });

  it('stops and exits 1 on a fatal error of stage 1, telling the primary why', async () => {
    const s = setup();
    s.send({ kind: 'start', index: 1, workers: 2, config: KAFKA });
    await tick();
    s.startArgs()[2].onFatal(new Error('malformed checkout event at t[1]@5'));
    expect(await s.exit).toBe(1);
    expect(s.calls).toEqual(['stop']);
    expect(s.sent.at(-1)).toEqual({ kind: 'failed', message: 'malformed checkout event at t[1]@5' });
  });

  it('exits 1 when it cannot start, telling the primary why', async () => {
    const s = setup({ startFails: true });
    s.send({ kind: 'start', index: 1, workers: 2, config: KAFKA });
    expect(await s.exit).toBe(1);
    expect(s.sent).toEqual([{ kind: 'ready' }, { kind: 'failed', message: 'Kafka brokers 127.0.0.1:9092 unreachable' }]);
  });

  it('exits 1 when its stop outlasts the stop timeout', async () => {
    const s = setup({ stopHangs: true });
    s.send({ kind: 'start', index: 1, workers: 2, config: KAFKA });
    await tick();
    s.send({ kind: 'stop' });
    let ended = false;
    void s.exit.then(() => (ended = true));
    await tick();
    s.clock.advance(14_999);
    await tick();
    expect(ended).toBe(false);
    s.clock.advance(1);
    expect(await s.exit).toBe(1);
    expect(s.sent.at(-1)).toMatchObject({ kind: 'failed', message: expect.stringMatching(/stopping did not finish within 15 s/) });
  });

  it('ends at once, with nothing started, when told to stop before it was started', async () => {
    const s = setup();
    s.send({ kind: 'stop' });
    expect(await s.exit).toBe(0);
    expect(s.sent).toEqual([{ kind: 'ready' }]);
  });
});
