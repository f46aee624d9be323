// Drill-down and search (#16 item 2): a department's aisles, an aisle's products, the
// product search and a product's page, all from the live view (the read model the dashboard
// draws). Aisle names are Instacart's (the synthetic catalogue uses them too).
import type express from 'express';
import {
  aisleFigures, aisleProducts, DASHBOARD_RANGE_MS, instacartAisles, productWindows, WINDOW_DETAIL_MS,
  type AisleLookup, type LiveView,
} from '../src/index';
import { BadQuery, intParam, onlyParams, selectionParams } from './params';
import { NotFound } from './views';

const AISLES = new Map(instacartAisles().map((a) => [a.id, a]));

const lookup = (view: LiveView): AisleLookup => ({ aisleOf: (id) => view.productAisle(id), aisleName: (id) => AISLES.get(id)?.name });

function idParam(raw: string, what: string): number {
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id <= 0) throw new BadQuery(`${what} must be a positive whole number, got ${JSON.stringify(raw)}`);
  return id;
}

export function mountDrillRoutes(app: express.Express, view: LiveView): void {
  app.get('/api/aisles', (req, res) => {
    onlyParams(req, ['range', 'department']);
    const { range, departmentId } = selectionParams(req, view);
    if (departmentId === null) throw new BadQuery('query parameter "department" is required by /api/aisles (a department id or name, not "all"), e.g. ?department=4');
    const { from, to } = view.range(range, departmentId);
    res.json({ range, from, to, departmentId, department: departmentName(view, departmentId), aisles: aisleFigures(view.rangeProducts(range, departmentId), lookup(view)) });
  });
  app.get('/api/aisles/:aisleId/products', (req, res) => {
    onlyParams(req, ['range', 'k']);
    const aisleId = idParam(req.params.aisleId as string, 'the aisle id in /api/aisles/<id>/products');
    const aisle = AISLES.get(aisleId);
    if (!aisle) throw new NotFound(`no aisle with id ${aisleId}; GET /api/aisles?department=<id> lists a department's aisles`);
    const { range } = selectionParams(req, view);
    const products = aisleProducts(view.rangeProducts(range, aisle.departmentId), aisleId, lookup(view));
    res.json({ range, aisleId, aisle: aisle.name, departmentId: aisle.departmentId, products: products.slice(0, intParam(req, 'k', 50, 1, 1000)), count: products.length });
  });
  app.get('/api/products/search', (req, res) => {
    onlyParams(req, ['q', 'limit']);
    const q = typeof req.query.q === 'string' ? req.query.q.trim() : '';
    if (q === '') throw new BadQuery('query parameter "q" is required by /api/products/search: a product id or words of its name, e.g. ?q=banana');
    res.json({ q, products: view.findProducts(q, intParam(req, 'limit', 20, 1, 100)) });
  });
  app.get('/api/products/:id', (req, res) => {
    onlyParams(req, ['range']);
    const productId = idParam(req.params.id as string, 'the product id in /api/products/<id>');
    const { range } = selectionParams(req, view);
    const found = view.findProducts(String(productId), 1)[0];
    if (!found || found.productId !== productId) {
      throw new NotFound(`no product with id ${productId} in the live view (its retention and open windows); GET /api/products/search?q= finds products`);
    }
    const figures = view.rangeProducts(range, found.departmentId).find((p) => p.productId === productId) ?? null;
    const aisleId = view.productAisle(productId) ?? null;
    const span = DASHBOARD_RANGE_MS[range];
    // Long ranges read hour blocks; while the retention holds under 3 of them, the windows of the last hour say more.
    const blocks = view.retainedWindows(span);
    const detailed = (span === null || span > WINDOW_DETAIL_MS) && blocks.length < 3;
    const windows = detailed ? view.retainedWindows(WINDOW_DETAIL_MS) : blocks;
    const newest = windows[windows.length - 1]?.end ?? 0;
    const reading = view.trendReading(productId);
    res.json({
      range, ...found, aisleId, aisle: aisleId === null ? null : AISLES.get(aisleId)?.name ?? null,
      figures, rankInDepartment: figures?.rank ?? null,
      windowsAre: detailed ? 'windows of the last hour' : span !== null && span <= WINDOW_DETAIL_MS ? 'windows' : 'hour blocks',
      windows: productWindows(span === null ? windows : windows.filter((w) => w.start >= newest - span), productId),
      expectation: reading
        ? { source: 'trend-detector', unit: 'orders/min', expectedPerMinute: reading.baseline, observedPerMinute: reading.observed, trend: reading.trend }
        : { source: 'none', message: view.alertSource === 'trend-detector' ? 'the trend detector has no reading of this product yet' : `the trend detector is not running (alerts: ${view.alertSource})` },
      alerts: view.alerts().filter((a) => a.level === 'product' && a.subjectId === productId),
    });
  });
}

const departmentName = (view: LiveView, id: number): string | null => view.knownDepartments().find((d) => d.departmentId === id)?.department ?? null;
