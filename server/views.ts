// The dashboard's views on their own: /api/views lists them, /api/views/<name> is the
// Vega-Lite spec with the selection's data inlined (as a named dataset, so a page can
// replace it live), /views/<name> an embeddable page that draws it and keeps it live.
import type express from 'express';
import { DASHBOARD_VIEWS, dashboardViewSpec, VIEW_DATASETS, type DashboardViewName, type LiveView } from '../src/index';
import { BadQuery, chartOptionParams, onlyParams, selectionParams } from './params';

const TITLES: Record<DashboardViewName, string> = {
  kpis: 'Key figures', volume: 'Live volume', 'top-products': 'Top products', departments: 'Revenue by department',
  hourly: 'Transactions by hour of day', feed: 'Newest orders', alerts: 'Alerts',
};

export class NotFound extends Error {}

export function viewName(raw: string): DashboardViewName {
  const name = DASHBOARD_VIEWS.find((v) => v === raw);
  if (!name) throw new NotFound(`no view named "${raw}"; there are ${DASHBOARD_VIEWS.join(', ')}`);
  return name;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);

function viewPage(name: DashboardViewName, query: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(TITLES[name])} · Purchase Trend Workbench</title>
<link rel="stylesheet" href="/assets/dashboard.css"><link rel="icon" href="data:,">
<script src="/vendor/vega.min.js"></script><script src="/vendor/vega-lite.min.js"></script><script src="/vendor/vega-embed.min.js"></script>
</head><body class="embedded">
<section class="panel" data-view="${name}" data-dataset="${VIEW_DATASETS[name]}" data-query="${escapeHtml(query)}">
  <h2>${escapeHtml(TITLES[name])} <span class="panel-note" data-role="note"></span></h2>
  <div class="chart" id="chart"><div class="state" data-role="state">loading…</div></div>
</section>
<script src="/assets/view.js"></script>
</body></html>`;
}

export function mountViews(app: express.Express, view: LiveView, now: () => number = Date.now): void {
  app.get('/api/views', (req, res) => {
    onlyParams(req, []);
    res.json(DASHBOARD_VIEWS.map((name) => ({
      name, title: TITLES[name], dataset: VIEW_DATASETS[name], page: `/views/${name}`, spec: `/api/views/${name}`,
    })));
  });
  app.get('/api/views/:name', (req, res) => {
    const name = viewName(req.params.name as string);
    onlyParams(req, ['range', 'department', 'width', 'height', 'title', 'data']);
    const selection = selectionParams(req, view);
    res.json(dashboardViewSpec(view, name, selection, now(), chartOptionParams(req)));
  });
  app.get('/views/:name', (req, res) => {
    const name = viewName(req.params.name as string);
    onlyParams(req, ['range', 'department']);
    const selection = selectionParams(req, view);
    const query = `range=${selection.range}&department=${selection.departmentId ?? 'all'}`;
    res.type('html').send(viewPage(name, query));
  });
}

export { BadQuery };
