// purchase-trends report on a local store whose history lies in the past (as after a replay or a
// sped-up run): with no --from/--to it covers the newest 24 h of event time in the store, and says
// so; an unknown --department is an error (exit 2) that lists the departments.
import ExcelJS from 'exceljs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel, createFsStore, createHistoryWriter, type ReportModel } from '../../../src/index';
import { rowsFromClosedWindows } from '../../../src/report/rows';
import { runCli } from '../../helpers/cli';
import { closedHistory, HISTORY_START, HOUR } from '../../helpers/report-history';
import { tempDir } from '../../helpers/tmp';

let dataDir = '';
let whole: ReportModel;

beforeAll(async () => {
  dataDir = await tempDir('report-default-period');
  const closed = closedHistory({ hours: 2, ordersPerSecond: 0.3 });
  const writer = createHistoryWriter(createFsStore({ root: dataDir }));
  for (const c of closed) await writer.writeWindow(c);
  whole = buildReportModel(rowsFromClosedWindows(closed), { from: HISTORY_START, to: HISTORY_START + 2 * HOUR, generatedAt: 0 });
}, 60_000);

describe('report defaults', () => {
  it('covers the newest 24 h of event time in the store, not of the wall clock, and says which period', async () => {
    const out = await tempDir('report-default-out');
    const cli = runCli(['report', '--data-dir', dataDir, '--format', 'xlsx', '--out', out]);
    expect(await cli.exited, cli.output()).toBe(0);
    // The history ends at 08:00 on 2026-11-24: the period is the 24 hours before that.
    expect(await readdir(out)).toEqual(['purchase-trends-20261123T0800Z-20261124T0800Z.xlsx']);
    expect(cli.output()).toContain('report period 2026-11-23 08:00 UTC – 2026-11-24 08:00 UTC: the newest 24 h of event time in the store');
    expect(cli.output()).not.toContain('no closed windows');

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, 'purchase-trends-20261123T0800Z-20261124T0800Z.xlsx'));
    const summary = book.getWorksheet('Summary')!;
    const row = (field: string): number => (summary.getColumn(1).values as unknown[]).indexOf(field);
    expect(summary.getCell(row('Orders'), 2).value).toBe(whole.summary.orders);
    expect(whole.summary.orders).toBeGreaterThan(1_000);
    expect(summary.getCell(row('Period chosen as'), 2).value).toBe('the newest 24 h of event time in the store');
  }, 60_000);

  it('refuses an unknown department with exit code 2 and lists the departments', async () => {
    const out = await tempDir('report-fish');
    const cli = runCli(['report', '--data-dir', dataDir, '--department', 'fish', '--format', 'xlsx', '--out', out]);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain('--department "fish" is not a department; give one of these names or ids: 1 frozen, 2 other, 3 bakery, 4 produce');
    expect(cli.output()).toContain('21 missing');
    expect(await readdir(out).catch(() => [])).toEqual([]);
  }, 60_000);

  it('takes a department by name or id, in any case', async () => {
    const out = await tempDir('report-produce');
    const cli = runCli(['report', '--data-dir', dataDir, '--department', 'Produce', '--format', 'xlsx', '--out', out]);
    expect(await cli.exited, cli.output()).toBe(0);
    expect(await readdir(out)).toEqual(['purchase-trends-20261123T0800Z-20261124T0800Z-produce.xlsx']);
  }, 60_000);
});
