// Stage 1 of `stream` makes a drained backlog durable as soon as it has read it, rather than at
// the next flush interval: after a backlog (the group's lag was at least `minBacklog`), once the
// workers have read nothing new for a check interval while the group still lags, they flush.
// A live stream never lags that far, so it keeps its usual batches and files; a drain's last
// orders no longer wait up to a whole flush interval (30 s) to be written and committed.
import type { Clock, Log } from '../core/index';
import type { Stage1Worker } from '../pipeline/index';

export interface CatchUpOptions {
  clock: Clock;
  log: Log;
  /** How often the counts and the lag are looked at (default 500 ms). */
  everyMs?: number;
  /** Lag that counts as a backlog (default 5,000 messages). */
  minBacklog?: number;
}

/** The same worker, flushing once it has caught up on a backlog. */
export function withCatchUpFlush(worker: Stage1Worker, options: CatchUpOptions): Stage1Worker {
  const { clock, log, everyMs = 500, minBacklog = 5_000 } = options;
  let cancel: (() => void) | undefined;
  let busy = false;
  let backlog = false;
  let last = -1;

  const check = async (): Promise<void> => {
    const consumed = worker.stats.consumed;
    const lag = await worker.lag();
    if (lag >= minBacklog) backlog = true;
    if (backlog && consumed === last && lag > 0) {
      backlog = false;
      log.debug(`stage 1 has read the backlog (${consumed} orders so far): flushing the last ${lag} messages now`);
      await worker.flush();
    }
    last = consumed;
  };

  return {
    get stats() {
      return worker.stats;
    },
    async start() {
      await worker.start();
      cancel = clock.every(everyMs, () => {
        if (busy) return;
        busy = true;
        check().catch((error: unknown) => log.warn(`flushing stage 1 after it caught up on a backlog: ${(error as Error).message}`)).finally(() => (busy = false));
      });
    },
    flush: () => worker.flush(),
    lag: () => worker.lag(),
    async stop() {
      cancel?.();
      await worker.stop();
    },
  };
}
