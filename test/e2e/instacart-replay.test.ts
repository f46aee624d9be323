// `run --mode instacart --backfill` on a public-sample-like folder (no train file, quoted
// fields, hours "09", left-out orders): what lands in the raw archive keeps each order's own
// weekday and hour, nothing is in the future, and the skipped rows are counted by reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { queryParquet } from '../helpers/duckdb';
import { tempDir } from '../helpers/tmp';

const SAMPLE = fileURLToPath(new URL('../fixtures/instacart-sample', import.meta.url));
const fixture = JSON.parse(readFileSync(join(SAMPLE, 'fixture.json'), 'utf8')) as {
  whenReplayed: { orders: number; lines: number; skipped: Record<string, number> };
};
const skippedTotal = Object.values(fixture.whenReplayed.skipped).reduce((a, b) => a + b, 0);

interface RawCheck { orders: number; lines: number; wrongHour: number; wrongDow: number; wrongPartition: number; newest: number }

async function checkRaw(dir: string): Promise<RawCheck> {
  const glob = join(dir, 'purchase-analytics', 'raw', '**', '*.parquet');
  const [row] = await queryParquet<RawCheck>(`SELECT count(DISTINCT event_id)::INT AS orders, count(*)::INT AS lines,
      count(*) FILTER (WHERE hour(event_time) <> order_hour_of_day)::INT AS wrongHour,
      count(*) FILTER (WHERE dayofweek(event_time) <> order_dow)::INT AS wrongDow,
      count(*) FILTER (WHERE hour::INT <> order_hour_of_day)::INT AS wrongPartition,
      epoch_ms(max(event_time))::DOUBLE AS newest
    FROM read_parquet('${glob}', hive_partitioning = true)`);
  return row as RawCheck;
}

describe('instacart replay from the command line', () => {
  it('replays a sample folder: raw rows keep order_dow and order_hour_of_day, none is in the future, skips are counted', async () => {
    const dir = await tempDir('instacart-replay');
    const started = Date.now();
    const cli = runCli(['run', '--mode', 'instacart', '--data-path', SAMPLE, '--backfill', '--data-dir', dir, '--port', '0',
      '--no-progress', '--duration', '12', '--flush-interval', '2s']);
    const [, url] = await cli.waitFor(/dashboard and API at (http:\/\/127\.0\.0\.1:\d+)/);
    await cli.waitFor(/producer finished/);
    const summary = (await (await fetch(`${url}/api/summary`)).json()) as { sourceSkipped: unknown };
    expect(summary.sourceSkipped).toEqual({ total: skippedTotal, byReason: fixture.whenReplayed.skipped });
    expect(await cli.exited).toBe(0);

    const raw = await checkRaw(dir);
    expect(raw).toMatchObject({ orders: fixture.whenReplayed.orders, lines: fixture.whenReplayed.lines, wrongHour: 0, wrongDow: 0, wrongPartition: 0 });
    expect(raw.newest).toBeLessThanOrEqual(started);
    expect(raw.newest).toBeGreaterThan(started - 7 * 86_400_000);
    expect(cli.output()).toContain(`${skippedTotal} rows skipped: ${fixture.whenReplayed.skipped['order not in orders.csv']} order not in orders.csv`);
    // The first few skipped rows of each reason are logged, the rest only counted.
    expect(cli.output().match(/skipping bad row/g)).toHaveLength(3 * Object.keys(fixture.whenReplayed.skipped).length);
  }, 60_000);

  // Enable once a finite source ends the run by itself (the fail-fast work on `run`): then
  // `run --backfill` of a replay needs no --duration.
  it('exits 0 by itself when the replay is done', async () => {
    const dir = await tempDir('instacart-replay-ends');
    const cli = runCli(['run', '--mode', 'instacart', '--data-path', SAMPLE, '--backfill', '--data-dir', dir, '--port', '0', '--no-progress']);
    expect(await cli.exited).toBe(0);
    expect((await checkRaw(dir)).orders).toBe(fixture.whenReplayed.orders);
  }, 60_000);
});
