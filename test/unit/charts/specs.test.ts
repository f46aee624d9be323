import * as vega from 'vega';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { createTopologyDriver, DASHBOARD_VIEWS, dashboardSnapshot, dashboardViewSpec, tumbling } from '../../../src/index';
import { topProductsData } from '../../../src/charts/top-products';
import type { ChartSpec } from '../../../src/charts/index';
import type { TrendingProduct } from '../../../src/stream/index';
import { trendText } from '../../../src/charts/format';
import { line, order } from '../../helpers/events';

const T0 = 1_700_000_000_000;

/** Renders a spec with Vega in Node and returns the SVG. */
async function render(spec: ChartSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}

function liveView() {
  const driver = createTopologyDriver({ partitions: 2, settings: { window: tumbling(10_000), allowedLatenessMs: 0 } });
  for (let s = 0; s < 40; s++) {
    const t = T0 + s * 1_000;
    driver.pipe(order(t, [line(1), line(2, { quantity: 2 })]));
    driver.pipe(order(t + 500, [line(s < 20 ? 3 : 4, { department_id: 7, department: 'beverages' })]));
    for (let i = 0; i < (s < 20 ? 1 : 6); i++) driver.pipe(order(t + 600 + i, [line(5, { unit_price: 3 })]));
  }
  driver.punctuate();
  return driver.stage2.view;
}

describe('chart specs', () => {
  it('builds every dashboard view as a Vega-Lite spec that renders marks from its data', async () => {
    const view = liveView();
    for (const name of DASHBOARD_VIEWS) {
      const spec = dashboardViewSpec(view, name, { range: '5m', departmentId: null }, T0 + 41_000, { width: 400 });
      expect(spec.$schema).toMatch(/vega-lite\/v6/);
      const svg = await render(spec);
      // Every view draws at least one mark that carries data (a path, rect, text or symbol).
      expect(svg.match(/role-mark/g)?.length ?? 0, name).toBeGreaterThan(0);
      expect(svg, name).toMatch(/<(path|text)[^>]*>/);
    }
  });

  it('inlines the same rows as the pushed snapshot, under the dataset name the page replaces', () => {
    const view = liveView();
    const snapshot = dashboardSnapshot(view, { range: '5m', departmentId: null }, T0 + 41_000);
    const spec = dashboardViewSpec(view, 'top-products', { range: '5m', departmentId: null }, T0 + 41_000) as { data: { name: string; values: unknown[] } };
    expect(spec.data.name).toBe('topProducts');
    expect(spec.data.values).toEqual(snapshot.charts.topProducts);
    expect(snapshot.charts.topProducts[0]).toMatchObject({ productId: 5, trend: 'up' });
    expect(snapshot.charts.topProducts[0]!.label).toMatch(/^\$[\d.]+k? {2}▲ \d+%/);
    expect(snapshot.charts.departments.map((d) => d.label)).toEqual(snapshot.charts.departments.map((d) => expect.stringMatching(/^\$[\d.]+k? · [\d.]+%$/)));
    expect(snapshot.charts.hourly).toHaveLength(24);
    expect(snapshot.kpis.orders).toBe(40 * 2 + 20 + 20 * 6);
  });

  it('writes trends as arrows, percentages and rank changes', () => {
    const base: TrendingProduct = {
      rank: 2, productId: 9, name: 'Banana', departmentId: 4, department: 'produce', revenue: 1234.5, units: 10, orders: 9, share: 0.1,
      baseline: 10, observed: 12.3, changePct: 23, previousRank: 4, rankChange: 2, trend: 'up',
    };
    expect(topProductsData([base])[0]).toMatchObject({ product: '2. Banana', label: '$1.2k  ▲ 23%  ↑2' });
    expect(topProductsData([{ ...base, trend: 'down', changePct: -8.4, rankChange: -3 }])[0]!.label).toBe('$1.2k  ▼ 8%  ↓3');
    expect(topProductsData([{ ...base, trend: 'new', changePct: null, rankChange: null, previousRank: null }])[0]!.label).toBe('$1.2k  ● new');
    expect(trendText('flat', -2)).toBe('→ −2%');
    expect(trendText('none', null)).toBe('');
  });

  it('highlights the filtered department, and shows only its part of each hour of day', async () => {
    const view = liveView();
    const snapshot = dashboardSnapshot(view, { range: '5m', departmentId: 7 }, T0 + 41_000);
    expect(snapshot.department).toBe('beverages');
    expect(snapshot.charts.departments.filter((d) => d.selected).map((d) => d.department)).toEqual(['beverages']);
    expect(snapshot.charts.topProducts.map((p) => p.productId).sort()).toEqual([3, 4]);
    expect(snapshot.hourlyNote).toBe("beverages only: orders containing it, and its lines' revenue");
    const hourlyOrders = (s: typeof snapshot) => s.charts.hourly.reduce((n, h) => n + h.orders, 0);
    expect(hourlyOrders(snapshot)).toBe(snapshot.kpis.orders);
    const everything = dashboardSnapshot(view, { range: '5m', departmentId: null }, T0 + 41_000);
    expect(hourlyOrders(everything)).toBe(everything.kpis.orders);
    expect(hourlyOrders(snapshot)).toBeLessThan(hourlyOrders(everything));
    const svg = await render(dashboardViewSpec(view, 'departments', { range: '5m', departmentId: 7 }, T0, { width: 300 }));
    expect(svg).toContain('beverages');
  });
});
