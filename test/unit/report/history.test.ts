// Reading a period's history and the stored alerts back from a store (the local one here;
// test/integration/report/cli.test.ts reads HDFS).
import { describe, expect, it } from 'vitest';
import { ALERTS_DIR, readReportRows, readStoredAlerts } from '../../../src/report/history';
import { alertAckPath, alertEventsPath, alertRecord } from '../../../src/pipeline/alert-sink';
import { buildReportModel, createFsStore, createHistoryWriter, reportFromStore, type Alert } from '../../../src/index';
import { rowsFromClosedWindows } from '../../../src/report/rows';
import { closedHistory, HISTORY_START, HOUR } from '../../helpers/report-history';
import { tempDir } from '../../helpers/tmp';

const alert = (id: string, severity: Alert['severity'], startedAt: number): Alert => ({
  id, level: 'department', subjectId: 4, subjectName: 'produce', direction: 'drop', severity, startedAt, lastSeenAt: startedAt,
  resolvedAt: null, acknowledged: false, baseline: 100, observed: 20, changePct: -80, message: 'produce dropped',
});

describe('report history', () => {
  it('reads only the windows of the period, and gives the live model back', async () => {
    const closed = closedHistory({ hours: 2, ordersPerSecond: 0.3 });
    const store = createFsStore({ root: await tempDir('report-history') });
    const writer = createHistoryWriter(store);
    for (const c of closed) await writer.writeWindow(c);
    const secondHour = await readReportRows(store, { from: HISTORY_START + HOUR, to: HISTORY_START + 2 * HOUR });
    expect(new Set(secondHour.hours.map((h) => h.windowStart)).size).toBe(12);
    expect(Math.min(...secondHour.products.map((p) => p.windowStart))).toBe(HISTORY_START + HOUR);

    const period = { from: HISTORY_START, to: HISTORY_START + 2 * HOUR, generatedAt: 0 };
    await store.write(`${ALERTS_DIR}/alerts-1.jsonl`, new TextEncoder().encode(
      `${JSON.stringify(alert('a1', 'warning', HISTORY_START + 600_000))}\n${JSON.stringify(alert('a1', 'critical', HISTORY_START + 600_000))}\n`,
    ));
    const fromStore = await reportFromStore(store, period);
    const live = buildReportModel(rowsFromClosedWindows(closed), { ...period, alerts: [alert('a1', 'critical', HISTORY_START + 600_000)] });
    expect(fromStore).toEqual(live);
  });

  it('reads alerts as JSON arrays or lines, a later copy of an id replacing an earlier one, and names a bad file', async () => {
    const store = createFsStore({ root: await tempDir('report-alerts') });
    expect(await readStoredAlerts(store)).toEqual([]);
    await store.write(`${ALERTS_DIR}/a.json`, new TextEncoder().encode(JSON.stringify([alert('x', 'info', 1), alert('y', 'info', 2)])));
    await store.write(`${ALERTS_DIR}/b.jsonl`, new TextEncoder().encode(`${JSON.stringify(alert('x', 'critical', 1))}\n`));
    expect((await readStoredAlerts(store)).map((a) => [a.id, a.severity])).toEqual([['x', 'critical'], ['y', 'info']]);
    await store.write(`${ALERTS_DIR}/c.jsonl`, new TextEncoder().encode('{"id": \n'));
    await expect(readStoredAlerts(store)).rejects.toThrow(/purchase-analytics\/alerts\/c\.jsonl is not JSON alerts/);
  });

  it('reads the alerts the pipeline stores, as they stood at the end of the period', async () => {
    const store = createFsStore({ root: await tempDir('report-pipeline-alerts') });
    const raised = alert('product-1-up', 'warning', HISTORY_START + 300_000);
    const escalated = { ...raised, severity: 'critical' as const, lastSeenAt: HISTORY_START + 360_000 };
    const acknowledged = { ...escalated, acknowledged: true };
    const resolvedLater = { ...escalated, resolvedAt: HISTORY_START + 2 * HOUR };
    const line = (a: Alert, type: 'raised' | 'escalated' | 'acknowledged' | 'resolved', at: number) => JSON.stringify(alertRecord({ type, at, alert: a }));
    const write = (path: string, text: string) => store.write(path, new TextEncoder().encode(text));
    await write(alertEventsPath(HISTORY_START + 300_000), `${line(raised, 'raised', HISTORY_START + 300_000)}\n`);
    await write(alertEventsPath(HISTORY_START + 360_000), `${line(escalated, 'escalated', HISTORY_START + 360_000)}\n`);
    await write(alertAckPath(raised.id, HISTORY_START + 400_000), JSON.stringify(alertRecord({ type: 'acknowledged', at: HISTORY_START + 400_000, alert: acknowledged }), null, 2));
    await write(alertEventsPath(HISTORY_START + 2 * HOUR), `${line(resolvedLater, 'resolved', HISTORY_START + 2 * HOUR)}\n`);

    expect(await readStoredAlerts(store, { to: HISTORY_START + HOUR })).toEqual([acknowledged]);
    expect(await readStoredAlerts(store)).toEqual([resolvedLater]);
  });
});
