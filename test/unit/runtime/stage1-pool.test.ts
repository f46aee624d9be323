// The primary's side of `stream --workers N`, with fake worker processes: starting, the summed
// counts, flushes that wait for every worker, a stop that flushes before any worker leaves, and
// a worker that dies (named in the error that ends the run).
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, silentLog, systemClock, WorkbenchError } from '../../../src/index';
import { createStage1Pool } from '../../../src/runtime/stage1-pool';
import { NO_COUNTS, type FromWorker, type ToWorker, type WorkerHandle } from '../../../src/runtime/worker-protocol';

/** A worker process that records what it is told and answers only when the test says. */
function fakeWorker(pid: number) {
  const received: ToWorker[] = [];
  let listener: (m: FromWorker) => void = () => undefined;
  let exitListener: (code: number | null, signal: string | null) => void = () => undefined;
  let alive = true;
  const handle: WorkerHandle = {
    pid,
    send: (m) => void (alive && received.push(m)),
    onMessage: (l) => void (listener = l),
    onExit: (l) => void (exitListener = l),
    kill: () => undefined,
  };
  return {
    handle, received,
    say: (m: FromWorker) => listener(m),
    exit: (code: number | null, signal: string | null = null) => {
      alive = false;
      exitListener(code, signal);
    },
    told: (kind: ToWorker['kind']) => received.filter((m) => m.kind === kind),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(count = 2) {
  const workers: Array<ReturnType<typeof fakeWorker>> = [];
  const errors: unknown[] = [];
  const pool = createStage1Pool({
    count, config: DEFAULT_CONFIG, clock: systemClock, log: silentLog, progressEveryMs: 0,
    spawn: (index) => {
      const w = fakeWorker(1000 + index);
      workers.push(w);
      return w.handle;
    },
    lag: async () => 7,
    onError: (e) => errors.push(e),
  });
  return { pool, workers, errors };
}

async function started(count = 2) {
  const s = setup(count);
  const starting = s.pool.start();
  s.workers.forEach((w) => w.say({ kind: 'ready' }));
  await tick();
  s.workers.forEach((w) => w.say({ kind: 'joining' }));
  await tick();
  s.workers.forEach((w) => w.say({ kind: 'started' }));
  await starting;
  return s;
}

describe('stage-1 worker pool (the primary of stream --workers N)', () => {
  it('starts N workers together once all have loaded, each with its index and the config, and runs only when all have started', async () => {
    const { pool, workers } = setup(3);
    let done = false;
    const starting = pool.start().then(() => (done = true));
    workers[0]!.say({ kind: 'ready' });
    workers[1]!.say({ kind: 'ready' });
    await tick();
    // One still loading: nobody joins the group yet, or the first would take every partition.
    expect(workers.flatMap((w) => w.received)).toEqual([]);
    workers[2]!.say({ kind: 'ready' });
    await tick();
    expect(workers.map((w) => w.received[0])).toEqual([1, 2, 3].map((index) => ({ kind: 'start', index, workers: 3, config: DEFAULT_CONFIG })));
    // Connected, about to join: the group is joined by all at once.
    workers[0]!.say({ kind: 'joining' });
    workers[1]!.say({ kind: 'joining' });
    await tick();
    expect(workers.flatMap((w) => w.told('join'))).toEqual([]);
    workers[2]!.say({ kind: 'joining' });
    await tick();
    expect(workers.map((w) => w.told('join').length)).toEqual([1, 1, 1]);
    workers[0]!.say({ kind: 'started' });
    workers[2]!.say({ kind: 'started' });
    await tick();
    expect(done).toBe(false);
    workers[1]!.say({ kind: 'started' });
    await starting;
    expect(done).toBe(true);
  });

  it('reports the sum of the workers\' newest counts, and the group\'s lag', async () => {
    const { pool, workers } = await started();
    workers[0]!.say({ kind: 'counts', counts: { ...NO_COUNTS, consumed: 10, lines: 101, rawFiles: 1 } });
    workers[1]!.say({ kind: 'counts', counts: { ...NO_COUNTS, consumed: 5, lines: 40, late: 2 } });
    workers[0]!.say({ kind: 'counts', counts: { ...NO_COUNTS, consumed: 12, lines: 120, rawFiles: 2 } });
    expect(pool.stats).toEqual({ ...NO_COUNTS, consumed: 17, lines: 160, late: 2, rawFiles: 2 });
    expect(await pool.lag()).toBe(7);
  });

  it('resolves a flush only once every worker has answered it', async () => {
    const { pool, workers } = await started();
    let done = false;
    const flushing = pool.flush().then(() => (done = true));
    const [a, b] = workers.map((w) => w.told('flush')[0] as { id: number });
    expect(a!.id).toBe(b!.id);
    workers[1]!.say({ kind: 'flushed', id: a!.id });
    await tick();
    expect(done).toBe(false);
    workers[0]!.say({ kind: 'flushed', id: a!.id });
    await flushing;
    expect(done).toBe(true);
  });

  it('fails a flush a worker could not do, naming the worker', async () => {
    const { pool, workers } = await started();
    const flushing = pool.flush();
    const { id } = workers[1]!.told('flush')[0] as { id: number };
    workers[1]!.say({ kind: 'flushed', id, error: 'the store is down' });
    await expect(flushing).rejects.toThrow('stage-1 worker 2 could not flush: the store is down');
  });

  it('fails to start when a worker dies while loading, and tells no worker to start', async () => {
    const { pool, workers } = setup();
    const starting = pool.start();
    workers[0]!.say({ kind: 'ready' });
    workers[1]!.exit(1);
    await expect(starting).rejects.toThrow(/^stage-1 worker 2 \(pid 1002\) exited with code 1 while starting/);
    expect(workers[0]!.received).toEqual([]);
  });

  it('ends the run when a worker dies, naming it with its pid and its last error', async () => {
    const { pool, workers, errors } = await started();
    const flushing = pool.flush();
    workers[1]!.say({ kind: 'failed', message: 'BAD_EVENT: malformed checkout event at t[1]@5' });
    workers[1]!.exit(1);
    await expect(flushing).rejects.toThrow(/worker 2/);
    expect(errors).toHaveLength(1);
    const error = errors[0] as WorkbenchError;
    expect(error.code).toBe('WORKER_FAILED');
    expect(error.message).toMatch(/^stage-1 worker 2 \(pid 1002\) exited with code 1: BAD_EVENT: malformed checkout event at t\[1\]@5 while the run went on/);
    workers[0]!.exit(null, 'SIGKILL');
    expect((errors[1] as Error).message).toMatch(/^stage-1 worker 1 \(pid 1001\) was killed by SIGKILL while the run went on/);
  });

  it('fails to start when a worker exits before it has started', async () => {
    const { pool, workers } = setup();
    const starting = pool.start();
    workers.forEach((w) => w.say({ kind: 'ready' }));
    await tick();
    workers.forEach((w) => w.say({ kind: 'joining' }));
    await tick();
    workers[0]!.say({ kind: 'started' });
    workers[1]!.say({ kind: 'failed', message: 'Kafka brokers 127.0.0.1:9092 unreachable' });
    workers[1]!.exit(1);
    await expect(starting).rejects.toThrow(/worker 2 .*exited with code 1: Kafka brokers 127\.0\.0\.1:9092 unreachable while starting/);
  });

  it('stops by telling every worker at once, and waits for all of them to exit', async () => {
    const { pool, workers, errors } = await started();
    let done = false;
    const stopping = pool.stop().then(() => (done = true));
    expect(workers.map((w) => w.told('stop').length)).toEqual([1, 1]);
    expect(workers.map((w) => w.told('flush').length)).toEqual([0, 0]);
    workers[0]!.say({ kind: 'stopped', counts: { ...NO_COUNTS, consumed: 3 } });
    workers[0]!.exit(0);
    await tick();
    expect(done).toBe(false);
    workers[1]!.exit(0);
    await stopping;
    expect(pool.stats.consumed).toBe(3);
    expect(errors).toEqual([]);
  });

  it('reports a worker that fails its own stop, and one that died earlier only once', async () => {
    const { pool, workers, errors } = await started(3);
    workers[2]!.exit(1);
    expect(errors).toHaveLength(1);
    const stopping = pool.stop();
    expect(workers.map((w) => w.told('stop').length)).toEqual([1, 1, 0]);
    workers[0]!.exit(0);
    workers[1]!.say({ kind: 'failed', message: 'stopping did not finish within 15 s' });
    workers[1]!.exit(1);
    await expect(stopping).rejects.toThrow(/^stage-1 worker 2 \(pid 1002\) exited with code 1: stopping did not finish within 15 s while stopping/);
    expect(errors).toHaveLength(1);
  });
});
