// A finite source ends the run: once it is exhausted, run drains both stages, writes the last
// windows and exits 0 by itself, with every order in the aggregated history.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { queryParquet } from '../helpers/duckdb';
import { tempDir } from '../helpers/tmp';

const FIXTURE = new URL('../fixtures/instacart-mini', import.meta.url).pathname;

async function totals(dir: string): Promise<{ byHour: number; raw: number }> {
  const glob = (dataset: string) => `read_parquet('${join(dir, 'purchase-analytics', dataset, '**', '*.parquet')}')`;
  const [row] = await queryParquet<{ byHour: number; raw: number }>(`SELECT
    (SELECT sum(transaction_count) FROM ${glob('aggregated/by_hour')})::INT AS byHour,
    (SELECT count(DISTINCT event_id) FROM ${glob('raw')})::INT AS raw`);
  return row!;
}

describe('a finite source ends the run', () => {
  it('run --max-orders 2000 --backfill exits 0 by itself with all 2000 orders aggregated', async () => {
    const dir = await tempDir('finite-synthetic');
    const cli = runCli(['run', '--max-orders', '2000', '--backfill', '--data-dir', dir, '--port', '0', '--no-progress']);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('the source has ended: all 2000 orders consumed; writing the last windows and stopping');
    expect(await totals(dir)).toEqual({ byHour: 2000, raw: 2000 });
  }, 60_000);

  it('an Instacart replay exits 0 when done, with every order that has lines aggregated', async () => {
    const dir = await tempDir('finite-instacart');
    const expected = JSON.parse(await readFile(join(FIXTURE, 'fixture.json'), 'utf8')) as { ordersWithLines: number };
    const cli = runCli(['run', '--mode', 'instacart', '--data-path', FIXTURE, '--backfill', '--data-dir', dir, '--port', '0', '--no-progress']);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/the source has ended after \d+ orders/);
    expect(await totals(dir)).toEqual({ byHour: expected.ordersWithLines, raw: expected.ordersWithLines });
  }, 60_000);
});
