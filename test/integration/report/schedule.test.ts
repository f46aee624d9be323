// The schedule command with a fast cron (croner takes seconds: every 2 s) for 25 s: timestamped
// reports appear, only the newest runs are kept, and each one holds the model's numbers.
// 25 s rather than 11: on a loaded CI machine a run took 3-4 s, ticks were skipped while it
// wrote, and 11 s held only two runs (stop 24).
import ExcelJS from 'exceljs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel, createFsStore, createHistoryWriter } from '../../../src/index';
import { rowsFromClosedWindows } from '../../../src/report/rows';
import { runCli } from '../../helpers/cli';
import { closedHistory, HISTORY_START, HOUR } from '../../helpers/report-history';
import { tempDir } from '../../helpers/tmp';

let dataDir: string;
let expectedOrders: number;

beforeAll(async () => {
  dataDir = await tempDir('schedule-data');
  const closed = closedHistory({ hours: 2, ordersPerSecond: 0.3 });
  const writer = createHistoryWriter(createFsStore({ root: dataDir }));
  for (const c of closed) await writer.writeWindow(c);
  expectedOrders = buildReportModel(rowsFromClosedWindows(closed), { from: HISTORY_START, to: HISTORY_START + 2 * HOUR, generatedAt: 0 }).summary.orders;
}, 60_000);

describe('purchase-trends schedule', () => {
  it('writes a timestamped report every two seconds and keeps the newest two', async () => {
    const out = join(await tempDir('schedule-out'), 'scheduled');
    const cli = runCli([
      'schedule', '--cron', '*/2 * * * * *', '--format', 'xlsx', '--keep', '2', '--duration', '25',
      '--from', '2026-11-24T06:00', '--to', '2026-11-24T08:00', '--data-dir', dataDir, '--out', out,
    ]);
    expect(await cli.exited, cli.output()).toBe(0);
    const log = cli.output();
    const runs = [...log.matchAll(/scheduled report (\d{8}T\d{6}Z): wrote (\S+\.xlsx)/g)];
    expect(runs.length, log).toBeGreaterThanOrEqual(3);
    expect(log).toMatch(/schedule "\*\/2 \* \* \* \* \*" \(UTC\): xlsx into .*, keeping the last 2 runs; next run 20\d\d-/);
    expect(log).toMatch(/removed 1 older files \(keeping 2 runs\)/);
    expect(log).toMatch(new RegExp(`schedule stopped: ${runs.length} runs written, 0 failed`));
    // Runs fire on even seconds, two seconds apart.
    const seconds = runs.map((r) => Number(r[1]!.slice(13, 15)));
    for (const s of seconds) expect(s % 2).toBe(0);

    const files = (await readdir(out)).sort();
    expect(files).toEqual(runs.slice(-2).map((r) => `purchase-trends-${r[1]}.xlsx`));
    for (const file of files) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(join(out, file));
      const summary = book.getWorksheet('Summary')!;
      const row = (summary.getColumn(1).values as unknown[]).indexOf('Orders');
      expect(summary.getCell(row, 2).value, file).toBe(expectedOrders);
    }
  }, 60_000);

  it('refuses a cron expression croner cannot read, naming the flag', async () => {
    const cli = runCli(['schedule', '--cron', '*/2 * * *', '--data-dir', dataDir]);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toMatch(/purchase-trends schedule: --cron: cron expression "\*\/2 \* \* \*" is not valid/);
  });
});
