import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryParquet } from '../helpers/duckdb';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const getJson = async (url: string) => (await fetch(url)).json() as Promise<Record<string, unknown>>;

describe('purchase-trends CLI', () => {
  it('runs the whole pipeline, serves a growing summary, and leaves history that reconciles', async () => {
    const dir = await tempDir('cli-run');
    const cli = runCli(['run', '--duration', '8', '--rate', '800', '--seasonality', 'off', '--data-dir', dir, '--port', '0', '--flush-interval', '2s', '--window', '2s', '--lateness', '500ms']);
    const [, url] = await cli.waitFor(/dashboard and API at (http:\/\/127\.0\.0\.1:\d+)/);
    const health = await getJson(`${url}/healthz`);
    expect(health).toMatchObject({ status: 'ok', transport: 'memory in-process' });
    const first = await getJson(`${url}/api/summary`);
    await new Promise((r) => setTimeout(r, 2_000));
    const second = await getJson(`${url}/api/summary`);
    expect(second.orders as number).toBeGreaterThan(first.orders as number);
    expect(second.ordersPerSecond as number).toBeGreaterThan(100);
    expect(await cli.exited).toBe(0);

    const glob = (dataset: string) => join(dir, 'purchase-analytics', dataset, '**', '*.parquet');
    const [raw] = await queryParquet<{ orders: number; lines: number }>(`SELECT count(DISTINCT event_id)::INT AS orders, count(*)::INT AS lines FROM read_parquet('${glob('raw')}')`);
    const [byHour] = await queryParquet<{ orders: number }>(`SELECT sum(transaction_count)::INT AS orders FROM read_parquet('${glob('aggregated/by_hour')}')`);
    const [byDepartment] = await queryParquet<{ lines: number; orders: number }>(`SELECT sum(line_count)::INT AS lines, sum(transaction_count)::INT AS orders FROM read_parquet('${glob('aggregated/by_department')}')`);
    const [departmentsInOrders] = await queryParquet<{ n: number }>(`SELECT count(*)::INT AS n FROM (SELECT DISTINCT event_id, department_id FROM read_parquet('${glob('raw')}'))`);
    const [byProduct] = await queryParquet<{ lines: number }>(`SELECT sum(transaction_count)::INT AS lines FROM read_parquet('${glob('aggregated/by_product')}')`);
    expect(raw!.orders).toBeGreaterThan(1_000);
    expect(cli.output()).toContain(`sent ${raw!.orders} orders`);
    expect(byHour!.orders).toBe(raw!.orders);
    expect(byDepartment!.lines).toBe(raw!.lines);
    expect(byDepartment!.orders).toBe(departmentsInOrders!.n);
    expect(byProduct!.lines).toBe(raw!.lines);
  }, 60_000);

  it('flushes everything and exits 0 on SIGTERM', async () => {
    const dir = await tempDir('cli-sigterm');
    const cli = runCli(['run', '--rate', '500', '--seasonality', 'off', '--data-dir', dir, '--port', '0', '--window', '1s', '--lateness', '0s']);
    await cli.waitFor(/dashboard and API at/);
    await new Promise((r) => setTimeout(r, 2_500));
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    const [raw] = await queryParquet<{ orders: number }>(`SELECT count(DISTINCT event_id)::INT AS orders FROM read_parquet('${join(dir, 'purchase-analytics/raw/**/*.parquet')}')`);
    const [byHour] = await queryParquet<{ orders: number }>(`SELECT sum(transaction_count)::INT AS orders FROM read_parquet('${join(dir, 'purchase-analytics/aggregated/by_hour/**/*.parquet')}')`);
    expect(raw!.orders).toBeGreaterThan(0);
    expect(byHour!.orders).toBe(raw!.orders);
  }, 30_000);

  it('rejects a bad flag with exit code 2 and a message naming it', async () => {
    const cli = runCli(['run', '--rate', 'fast']);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain('--rate: expected a positive number, got "fast"');
    const unknown = runCli(['stream', '--colour', 'blue']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.output()).toMatch(/Unknown option '--colour'.*purchase-trends stream --help/s);
    const command = runCli(['launch']);
    expect(await command.exited).toBe(2);
    expect(command.output()).toContain('unknown command "launch"');
  });

  it('takes env vars of the original design, and flags win over them', async () => {
    const bad = runCli(['produce', '--max-orders', '1'], { PRODUCER_RATE: 'lots' });
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('environment variable PRODUCER_RATE: expected a positive number, got "lots"');
    const dir = await tempDir('cli-env');
    const flagWins = runCli(['run', '--max-orders', '5', '--backfill', '--rate', '1000', '--no-progress', '--port', '0', '--data-dir', dir], { PRODUCER_RATE: 'lots' });
    expect(await flagWins.exited).toBe(0);
    const good = runCli(['run', '--max-orders', '50', '--backfill', '--no-progress', '--port', '0', '--data-dir', dir], { PRODUCER_RATE: '5000' });
    expect(await good.exited).toBe(0);
    expect(good.output()).toMatch(/producer finished: 50 orders \(\d+ lines\) sent to purchase-transactions/);
  });

  it('refuses produce on the in-process transport (exit 2), pointing at --transport kafka and run', async () => {
    const cli = runCli(['produce', '--max-orders', '5', '--backfill']);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain('produce on the in-process transport sends orders nowhere');
    expect(cli.output()).toMatch(/--transport kafka .* "purchase-trends run"/);
    expect(cli.output()).not.toContain('producer finished');
  });

  it('prints help for every command', async () => {
    for (const command of ['run', 'produce', 'stream', 'serve']) {
      const cli = runCli([command, '--help']);
      expect(await cli.exited).toBe(0);
      expect(cli.output()).toContain(`Usage: purchase-trends ${command} [options]`);
      expect(cli.output()).toContain('--duration');
    }
  });
});
