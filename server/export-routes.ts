// The dashboard's export buttons: /export/report.pdf and /export/report.xlsx, for the
// selected ?range= (5m|15m|1h|24h|all) and ?department= (all, an id or a name), built from
// the live view's retained windows (hour blocks beyond an hour) and alerts. One report renders at a time; Chromium is
// heavy, and a second click on the same button should not start a second browser.
import type { Express, Request, Response } from 'express';
import { fileURLToPath } from 'node:url';
import {
  buildReportModel, CONTENT_TYPES, DASHBOARD_RANGE_MS, describeError, renderReport, reportBaseName, rowsFromWindows, silentLog,
  type LiveView, type Log, type ReportFormat, type ReportModel,
} from '../src/index';
import { BadQuery, onlyParams, selectionParams } from './params';

export interface ExportDeps {
  view: LiveView;
  /** The repository root, for the report templates and chart libraries (default: this checkout). */
  projectRoot?: string;
  chromiumPath?: string;
  now?: () => number;
  log?: Log;
}

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The report of what the dashboard shows for a range and department, from closed windows. */
export function liveReportModel(view: LiveView, req: Request, now: number): ReportModel {
  const { range, departmentId } = selectionParams(req, view);
  const snapshot = view.range(range, departmentId);
  const to = snapshot.to ?? now;
  const windows = view.retainedWindows(DASHBOARD_RANGE_MS[range]);
  const from = snapshot.from ?? windows[0]?.start ?? now;
  const rows = rowsFromWindows(windows);
  // Retained windows keep no pairs; the basket book's windows do (src/stream/live-baskets.ts). Each
  // of its windows joins the retained window (or hour block) it falls in, so that pairs and product
  // orders are counted over the same windows.
  const parts = view.baskets(range).windows();
  rows.pairs = windows.flatMap((w) => {
    const inside = parts.filter((p) => p.start >= w.start && p.start < w.end);
    const errorBound = inside.reduce((n, p) => n + p.errorBound, 0);
    return inside.flatMap((p) => p.pairs.map(([productId, partnerId, pairOrders]) => ({ windowStart: w.start, windowEnd: w.end, productId, partnerId, pairOrders, errorBound })));
  });
  return buildReportModel(rows, {
    from, to: to + 1, department: departmentId, alerts: view.alerts(), generatedAt: now,
    title: `Purchase Trends Report (${range === 'all' ? 'all data' : `last ${range}`})`,
  });
}

export function mountExportRoutes(app: Express, deps: ExportDeps): void {
  const { view, projectRoot = PROJECT_ROOT, chromiumPath, now = Date.now, log = silentLog } = deps;
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  const send = (format: ReportFormat) => async (req: Request, res: Response): Promise<void> => {
    try {
      onlyParams(req, ['range', 'department']);
      const model = liveReportModel(view, req, now());
      const bytes = await serially(() => renderReport(model, format, { projectRoot, ...(chromiumPath ? { chromiumPath } : {}), log }));
      res.set({
        'Content-Type': CONTENT_TYPES[format],
        'Content-Disposition': `attachment; filename="${reportBaseName(model)}.${format}"`,
        'Content-Length': String(bytes.byteLength),
        'Cache-Control': 'no-store',
      });
      res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (error) {
      if (error instanceof BadQuery) {
        res.status(400).json({ error: error.message });
        return;
      }
      log.error(`${req.path} failed: ${describeError(error)}`);
      res.status(500).json({ error: `could not build the ${format.toUpperCase()} report: ${describeError(error)}` });
    }
  };

  app.get('/export/report.pdf', send('pdf'));
  app.get('/export/report.xlsx', send('xlsx'));
}
