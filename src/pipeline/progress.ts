// Progress of long runs: a bar on a terminal, a log line every few seconds elsewhere.
import cliProgress from 'cli-progress';
import type { Log } from '../core/index';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

export function createProgress(options: { label: string; total: number | undefined; log: Log; interactive: boolean; everyMs?: number }): Progress {
  const { label, total, log, interactive, everyMs = 5_000 } = options;
  if (interactive && total !== undefined) {
    const bar = new cliProgress.SingleBar({
      format: `${label} [{bar}] {percentage}% | {value}/{total} orders | {rate}/s | eta {eta_formatted}`,
      hideCursor: true,
      stream: process.stderr,
    }, cliProgress.Presets.shades_classic);
    const started = Date.now();
    bar.start(total, 0, { rate: 0 });
    return {
      update: (done) => bar.update(done, { rate: Math.round(done / Math.max((Date.now() - started) / 1000, 0.001)) }),
      stop: () => bar.stop(),
    };
  }
  let last = Date.now();
  let lastDone = 0;
  return {
    update(done) {
      const now = Date.now();
      if (now - last < everyMs) return;
      const rate = ((done - lastDone) * 1000) / (now - last);
      const of = total === undefined ? '' : ` of ${total} (${((100 * done) / total).toFixed(1)}%)`;
      log.info(`${label}: ${done} orders${of}, ${Math.round(rate)}/s`);
      last = now;
      lastDone = done;
    },
    stop: () => undefined,
  };
}
