// The HTTP face of the workbench: the live dashboard, its views alone, the JSON API, health,
// and server-sent events over the live view. Bound to 127.0.0.1 unless told otherwise.
import express, { type NextFunction, type Request, type Response } from 'express';
import { dashboardSnapshot, DEFAULT_STREAM_SETTINGS, type Alert, type LiveView, type PipelineMetrics, type SkippedRows, type Store } from '../src/index';
import { requireToken } from './access';
import { mountAssets } from './assets';
import { createComparisons } from './comparisons';
import { createDashboardHub, type DashboardHub } from './dashboard-hub';
import { createHistoryReach } from './history-reach';
import { mountBasketRoutes } from './basket-routes';
import { mountDrillRoutes } from './drill-routes';
import { mountExportRoutes } from './export-routes';
import { mountPeriodRoute } from './period-route';
import { staticHealth, type HealthMonitor } from './health';
import { mountMetricsRoute } from './metrics-route';
import { mountQueryRoute, type QueryApiOptions } from './query-route';
import { BadQuery, choiceParam, compareParam, intParam, onlyParams, selectionParams } from './params';
import { mountViews, NotFound } from './views';

export interface AppOptions {
  view: LiveView;
  /** Subscribes to view changes; returns an unsubscribe function. */
  onUpdate: (listener: () => void) => () => void;
  /** Where the data comes from, for /healthz. */
  info: Record<string, string>;
  /** Probes of the transport and the store (see pipelineHealthChecks); none: always healthy. */
  health?: HealthMonitor;
  /**
   * Acknowledges an alert on the desk that keeps it (stage 2's alerts.acknowledge); the view
   * reads the acknowledgement from there. Without it, alerts cannot be acknowledged (404).
   */
  acknowledgeAlert?: (id: string, at: number) => Alert | undefined;
  now?: () => number;
  /** When set, every route requires it (server/access.ts). */
  token?: string;
  /** Rows the producing source skipped, by reason, added to /api/summary as sourceSkipped. */
  sourceSkipped?: () => SkippedRows;
  /** POST /api/query (server/query-route.ts); without it the route answers 404. */
  query?: QueryApiOptions;
  /** GET /metrics in the Prometheus text format (server/metrics-route.ts); told the SSE client count. */
  metrics?: Pick<PipelineMetrics, 'render' | 'trackSseClients'>;
  /** The Parquet history, for comparisons the live view's retention does not reach (server/comparisons.ts). */
  history?: Store;
  /** The live view's retention (default: the stream's default), named when nothing covers a comparison. */
  retentionMs?: number;
}

export interface DashboardApp extends express.Express {
  /** The SSE hub, for tests. */
  readonly hub: DashboardHub;
  /** Ends the SSE streams and stops the health probes. */
  closeDashboard(): void;
}

export function createApp(options: AppOptions): DashboardApp {
  const { view, onUpdate, info, now = Date.now } = options;
  const health = options.health ?? staticHealth();
  const app = express() as DashboardApp;
  app.disable('x-powered-by');
  const startedAt = now();
  // The export buttons link to the reports' routes (server/export-routes.ts), mounted below.
  // An acknowledgement changes the desk, not the stream: the hub is told here, so an idle stream still shows it.
  const acknowledged = new Set<() => void>();
  const onChange = (listener: () => void): (() => void) => {
    const stop = onUpdate(listener);
    acknowledged.add(listener);
    return () => {
      stop();
      acknowledged.delete(listener);
    };
  };
  const historyReach = createHistoryReach(options.history, now);
  const comparisons = createComparisons({
    view, now, retentionMs: options.retentionMs ?? DEFAULT_STREAM_SETTINGS.retentionMs, historyReach,
    ...(options.history ? { history: options.history } : {}),
    ready: () => acknowledged.forEach((listener) => listener()),
  });
  const hub = createDashboardHub({ view, onUpdate: onChange, health, now, exportsAvailable: () => true, comparisons });
  Object.defineProperty(app, 'hub', { value: hub });
  Object.defineProperty(app, 'closeDashboard', { value: () => {
    hub.close();
    health.stop();
  } });

  if (options.token !== undefined) app.use(requireToken(options.token));
  mountAssets(app);

  app.get('/healthz', (req, res) => {
    onlyParams(req, []);
    const h = health.current();
    const down = h.checks.filter((c) => c.ok === false);
    res.status(down.length > 0 ? 503 : 200).json({
      status: h.status, uptimeSeconds: Math.round((now() - startedAt) / 1000), ...info,
      checks: Object.fromEntries(h.checks.map((c) => [c.name, c])),
      ...(down.length > 0 ? { error: down.map((c) => c.message).join('; ') } : {}),
    });
  });
  app.get('/api/summary', async (req, res, next) => {
    try {
      onlyParams(req, ['range', 'department', 'compare']);
      const summary = options.sourceSkipped ? { ...view.summary(), sourceSkipped: options.sourceSkipped() } : view.summary();
      const selection = { ...selectionParams(req, view), compare: compareParam(req) };
      if (selection.compare === 'none') return void res.json(summary);
      // With compare: the range's KPIs against the same period the previous day or week.
      const resolved = await comparisons.load(selection);
      const { bounds, kpis, comparison } = dashboardSnapshot(view, selection, now(), resolved);
      res.json({ ...summary, range: { name: selection.range, departmentId: selection.departmentId, ...bounds, kpis }, comparison });
    } catch (error) {
      next(error);
    }
  });
  app.get('/api/top-products', (req, res) => {
    onlyParams(req, ['by', 'k']);
    const by = choiceParam(req, 'by', ['revenue', 'units'] as const, 'revenue');
    res.json(view.topProducts(by, intParam(req, 'k', 10, 1, 100)));
  });
  app.get('/api/departments', (req, res) => {
    onlyParams(req, []);
    res.json(view.departments());
  });
  app.get('/api/hourly', (req, res) => {
    onlyParams(req, []);
    res.json(view.hourly());
  });
  app.get('/api/dashboard', async (req, res, next) => {
    try {
      onlyParams(req, ['range', 'department', 'compare']);
      const selection = { ...selectionParams(req, view), compare: compareParam(req) };
      await comparisons.load(selection);
      res.json(hub.payload(selection));
    } catch (error) {
      next(error);
    }
  });
  app.get('/api/orders', (req, res) => {
    onlyParams(req, ['limit', 'department']);
    const { departmentId } = selectionParams(req, view);
    res.json(view.recentOrders(intParam(req, 'limit', 20, 1, 200), departmentId));
  });
  app.get('/api/alerts', (req, res) => {
    onlyParams(req, []);
    res.json({ source: view.alertSource, alerts: view.alerts() });
  });
  app.post('/api/alerts/:id/ack', (req, res) => {
    onlyParams(req, []);
    const id = req.params.id as string;
    if (!options.acknowledgeAlert) throw new NotFound(`alert "${id}" cannot be acknowledged: this server has no alert desk (start it with stage 2)`);
    const alert = options.acknowledgeAlert(id, now());
    if (!alert) throw new NotFound(`no alert with id "${id}"; GET /api/alerts lists them`);
    acknowledged.forEach((listener) => listener());
    res.json(alert);
  });
  mountViews(app, view, now);
  mountDrillRoutes(app, view);
  const periods = { view, historyReach, ...(options.history ? { history: options.history } : {}) };
  mountBasketRoutes(app, view);
  mountPeriodRoute(app, periods);
  mountExportRoutes(app, { view, now, period: periods });
  mountQueryRoute(app, options.query);
  options.metrics?.trackSseClients(() => hub.clients);
  mountMetricsRoute(app, options.metrics);

  /** Dashboard snapshots for a range and department; Last-Event-ID (or ?lastEventId=) resumes. */
  app.get('/events', (req, res) => {
    onlyParams(req, ['range', 'department', 'compare', 'lastEventId']);
    const selection = { ...selectionParams(req, view), compare: compareParam(req) };
    const fromQuery = typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined;
    hub.connect(res, selection, req.get('Last-Event-ID') ?? fromQuery);
  });

  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: `no such endpoint: ${req.method} ${req.path}` });
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof BadQuery) res.status(400).json({ error: error.message });
    else if (error instanceof NotFound) res.status(404).json({ error: error.message });
    else res.status(500).json({ error: `${req.method} ${req.path} failed: ${(error as Error).message}` });
  });
  return app;
}

export { bindServer, startServer, type BoundServer, type RunningServer } from './listen';
