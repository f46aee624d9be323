import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { createStopControl, type StopControl } from '../../../app/stop-control';
import { createLog } from '../../../src/core/log';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup(options: { durationMs?: number; stopTimeoutMs?: number } = {}) {
  const signals = new EventEmitter();
  const lines: string[] = [];
  const exits: number[] = [];
  const control = createStopControl({
    log: createLog({ write: (l) => lines.push(l) }), stopTimeoutMs: options.stopTimeoutMs ?? 200,
    ...(options.durationMs ? { durationMs: options.durationMs } : {}), exit: (code) => exits.push(code), signals,
  });
  controls.push(control);
  return { control, signals, lines, exits };
}
const controls: StopControl[] = [];
afterEach(() => controls.splice(0).forEach((c) => c.dispose()));

describe('stop control', () => {
  it('asks to stop on the first SIGTERM and exits at once (143) on the second', async () => {
    const { control, signals, exits, lines } = setup({ stopTimeoutMs: 10_000 });
    signals.emit('SIGTERM');
    expect(await control.requested).toBe('SIGTERM');
    expect(exits).toEqual([]);
    signals.emit('SIGTERM');
    expect(exits).toEqual([143]);
    expect(lines.join('\n')).toMatch(/SIGTERM received: flushing and stopping \(at most 10 s[^]*second SIGTERM: exiting at once/);
  });

  it('a second SIGINT exits with 130', () => {
    const { signals, exits } = setup({ stopTimeoutMs: 10_000 });
    signals.emit('SIGINT');
    signals.emit('SIGINT');
    expect(exits).toEqual([130]);
  });

  it('exits 1 when stopping outlasts the deadline, naming the step it was in', async () => {
    const { control, signals, exits, lines } = setup({ stopTimeoutMs: 100 });
    signals.emit('SIGINT');
    control.step('draining stage 1 (writing raw Parquet and committing)');
    await sleep(60);
    expect(exits).toEqual([]);
    await sleep(100);
    expect(exits).toEqual([1]);
    expect(lines.at(-1)).toContain('stopping (SIGINT) did not finish within 0.1 s; it was still draining stage 1');
  });

  it('stops after --duration, and the deadline counts from then', async () => {
    const { control, exits } = setup({ durationMs: 50, stopTimeoutMs: 100 });
    const started = Date.now();
    expect(await control.requested).toBe('duration');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    await sleep(60);
    expect(exits).toEqual([]);
    await sleep(80);
    expect(exits).toEqual([1]);
  });

  it('keeps the first failure, stops once, and disposing cancels the deadline', async () => {
    const { control, exits } = setup({ stopTimeoutMs: 50 });
    control.fail(new Error('disk full'));
    control.fail(new Error('later'));
    expect(await control.requested).toBe('failure');
    expect((control.error as Error).message).toBe('disk full');
    control.dispose();
    await sleep(80);
    expect(exits).toEqual([]);
  });

  it('a signal during a stop for another reason still exits at once when repeated', () => {
    const { control, signals, exits } = setup({ stopTimeoutMs: 10_000 });
    control.request('source ended');
    signals.emit('SIGTERM');
    expect(exits).toEqual([]);
    signals.emit('SIGTERM');
    expect(exits).toEqual([143]);
  });
});
