// Aggregate files per event-hour at default settings: `npm run bench -- files [orders] [rate] [flags…]`
// runs `purchase-trends run --backfill` on the synthetic source (default 30,000 orders at 3 orders/s
// of event time, about 3 event-hours, in process) into a fresh folder, counts the Parquet files of
// the aggregated datasets (five with by_pair) in each hour partition, and reconciles them with raw (`verify`).
// Extra flags go to `run`, e.g. `--compact-every off` for the figure without compaction.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFsStore } from '../src/index';
import type { Benchmark } from './_runner';

const BIN = new URL('../bin/purchase-trends.js', import.meta.url).pathname;
const HOUR_MS = 3_600_000;
const GRACE_MS = 10 * 60_000;

function cli(args: string[]): { code: number; output: string; seconds: number } {
  const started = Date.now();
  const done = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: done.status ?? 1, output: `${done.stdout}${done.stderr}`, seconds: (Date.now() - started) / 1000 };
}

export const run: Benchmark = async (args) => {
  const [orders = '30000', rate = '3', ...flags] = args;
  const dir = await mkdtemp(join(tmpdir(), 'purchase-trends-bench-files-'));
  try {
    const backfill = cli(['run', '--backfill', '--max-orders', orders, '--rate', rate, '--data-dir', dir, '--no-progress', '--port', '0', ...flags]);
    if (backfill.code !== 0) throw new Error(`run exited ${backfill.code}:\n${backfill.output.slice(-2_000)}`);
    const finishedAt = Date.now();
    const verify = cli(['verify', '--data-dir', dir]);
    // Hour partition (dt=…/hour=…) → aggregate files in it, all datasets together.
    const perHour = new Map<string, number>();
    for (const file of await createFsStore({ root: dir }).list('purchase-analytics/aggregated')) {
      const hour = file.path.split('/').slice(-3, -1).join('/');
      perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
    }
    const hours = [...perHour].sort(([a], [b]) => a.localeCompare(b));
    // Closed: ended --compact-grace (10m) before the run did. The others are merged by the next start.
    const ended = (h: string): number => Date.parse(`${h.slice(3, 13)}T${h.slice(-2)}:00:00Z`) + HOUR_MS;
    const closed = hours.filter(([h]) => ended(h) + GRACE_MS <= finishedAt).map(([, n]) => n);
    const open = hours.filter(([h]) => ended(h) + GRACE_MS > finishedAt).map(([, n]) => n);
    const figures = {
      orders: Number(orders), rate: Number(rate), flags, runSeconds: backfill.seconds,
      filesPerHour: Object.fromEntries(hours), maxPerClosedHour: closed.length ? Math.max(...closed) : null,
      maxPerOpenHour: open.length ? Math.max(...open) : null, verified: verify.code === 0,
      compactions: (backfill.output.match(/compacted \d+ files of purchase-analytics\/aggregated/g) ?? []).length,
    };
    return {
      figures,
      lines: [
        `run --backfill --max-orders ${orders} --rate ${rate} ${flags.join(' ')}: ${backfill.seconds.toFixed(1)} s, ${hours.length} event-hours`,
        `aggregate files per event-hour (all aggregated datasets): ${hours.map(([h, n]) => `${h.replace('dt=', '').replace('/hour=', ' ')}h ${n}`).join(', ')}`,
        `at most ${figures.maxPerClosedHour} in a closed hour (${closed.length}), ${figures.maxPerOpenHour} in an hour still open or within the 10m grace (${open.length}); ${figures.compactions} aggregate merges`,
        `verify: ${figures.verified ? 'aggregates equal raw' : `FAILED\n${verify.output.slice(-1_000)}`}`,
      ],
      failed: !figures.verified,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
