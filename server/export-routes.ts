// The dashboard's export buttons: /export/report.pdf and /export/report.xlsx, for the
// selected ?range= (5m|15m|1h|24h|all) or free period (?from=&to=, as /api/period reads it),
// ?department= (all, an id or a name), and optionally one ?aisle= (Instacart aisle id) or
// ?product= (product id); built from the live view's retained windows (hour blocks beyond an
// hour) or the Parquet history, and the alerts. One report renders at a time; Chromium is
// heavy, and a second click on the same button should not start a second browser.
import type { Express, Request, Response } from 'express';
import { fileURLToPath } from 'node:url';
import {
  buildReportModel, CONTENT_TYPES, DASHBOARD_RANGE_MS, describeError, isoMinute, renderReport, reportBaseName, rowsFromWindows, scopeProblem, silentLog,
  type AggregatedRows, type LiveView, type Log, type ReportFormat, type ReportModel,
} from '../src/index';
import { BadQuery, intParam, onlyParams, selectionParams } from './params';
import { periodParams, readPeriod, type PeriodSource } from './period-source';

export interface ExportDeps {
  view: LiveView;
  /** Where free periods are read (the live view, else the history); without it ?from=&to= is refused. */
  period?: PeriodSource;
  /** The repository root, for the report templates and chart libraries (default: this checkout). */
  projectRoot?: string;
  chromiumPath?: string;
  now?: () => number;
  log?: Log;
}

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The model of rows with the request's department, aisle and product; an unknown aisle or product is a 400. */
function scopedModel(view: LiveView, req: Request, rows: AggregatedRows, options: { from: number; to: number; now: number; title: string; periodBasis?: string }): ReportModel {
  const { departmentId } = selectionParams(req, view);
  const aisle = req.query.aisle === undefined ? null : intParam(req, 'aisle', 0, 1, 1_000_000);
  const product = req.query.product === undefined ? null : intParam(req, 'product', 0, 1, 2_000_000_000);
  // Hour blocks may not carry a product's aisle; the view's directory knows it.
  if (aisle !== null) for (const p of rows.products) p.aisleId ??= view.productAisle(p.productId);
  const model = buildReportModel(rows, {
    from: options.from, to: options.to, department: departmentId, aisle, product, alerts: view.alerts(), generatedAt: options.now,
    title: options.title, periodBasis: options.periodBasis ?? null,
  });
  const problem = scopeProblem(model, model.department);
  if (problem) throw new BadQuery(`query parameter "${problem.filter}": ${problem.message} (${isoMinute(options.from)} to ${isoMinute(options.to)})`);
  return model;
}

/** The report of what the dashboard shows for a range and department, from closed windows. */
export function liveReportModel(view: LiveView, req: Request, now: number): ReportModel {
  const { range, departmentId } = selectionParams(req, view);
  const snapshot = view.range(range, departmentId);
  const to = snapshot.to ?? now;
  const windows = view.retainedWindows(DASHBOARD_RANGE_MS[range]);
  // The windows the dashboard counts: those starting from the range's start. Not from its first
  // order, which is later than the first window's start: a report of a run younger than the
  // range used to leave that window out, and for "24 h" and "all" (one hour block) everything.
  const from = snapshot.windowsFrom ?? windows[0]?.start ?? now;
  const rows = rowsFromWindows(windows);
  // The range's pairs are a query of the same store (view.baskets, src/stream/live-baskets.ts): each
  // window or hour block it merges joins the retained window (or hour block) it falls in, so that
  // pairs and product orders are counted over the same windows.
  const parts = view.baskets(range).windows();
  rows.pairs = windows.flatMap((w) => {
    const inside = parts.filter((p) => p.start >= w.start && p.start < w.end);
    const errorBound = inside.reduce((n, p) => n + p.errorBound, 0);
    return inside.flatMap((p) => p.pairs.map(([productId, partnerId, pairOrders]) => ({ windowStart: w.start, windowEnd: w.end, productId, partnerId, pairOrders, errorBound })));
  });
  // The newest hour block ends after the newest event: the report counts it whole, as the dashboard does.
  const end = Math.max(to + 1, windows[windows.length - 1]?.end ?? 0);
  return scopedModel(view, req, rows, { from, to: end, now, title: `Purchase Trends Report (${range === 'all' ? 'all data' : `last ${range}`})` });
}

/** The report of a free period: the windows that start in it, from the store /api/period reads. */
export async function periodReportModel(source: PeriodSource, req: Request, now: number): Promise<ReportModel> {
  const period = periodParams(req);
  const { choice, rows } = await readPeriod(source, period);
  const all = rows ?? { products: [], departments: [], hours: [] };
  // Windows starting before "to" are counted whole, as on the dashboard.
  const end = [...all.hours, ...all.departments].reduce((e, r) => (r.windowStart < period.to ? Math.max(e, r.windowEnd) : e), period.to);
  return scopedModel(source.view, req, all, {
    from: period.from, to: end, now, title: `Purchase Trends Report (${isoMinute(period.from)} – ${isoMinute(period.to)})`,
    periodBasis: choice.source === 'none' ? choice.reason : `a free period, from ${choice.source === 'live' ? 'the live view' : 'the Parquet history'} (${choice.grain})`,
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
      onlyParams(req, ['range', 'department', 'aisle', 'product', 'from', 'to']);
      const free = req.query.from !== undefined || req.query.to !== undefined;
      if (free && !deps.period) throw new BadQuery(`${req.path} cannot read a free period here (?from=&to=): this server has no period source`);
      const model = free ? await periodReportModel(deps.period!, req, now()) : liveReportModel(view, req, now());
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
