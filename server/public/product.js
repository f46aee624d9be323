// The product page of the drill-down (drill.js opens it): the product's place, figures, the
// trend detector's expectation, its alerts, and a chart of its orders per minute in each closed
// window with the expectation dashed and its alerts marked, over its rank in each window
// (GET /api/products/<id>). The "bought together" slot of the page is filled by its own script.
'use strict';
(() => {
  const { fmt } = window;
  const $ = (selector) => document.querySelector(selector);
  let chart = null;

  const SEVERITY_COLOR = { critical: '#c62828', warning: '#ef8f00', info: '#3b6fb6' };

  async function drawChart(p) {
    const expected = p.expectation.source === 'trend-detector' ? p.expectation.expectedPerMinute : null;
    const values = p.windows.map((w) => ({ start: w.start, ordersPerMinute: w.ordersPerMinute, rank: w.rank, revenue: w.revenue }));
    const first = p.windows[0]?.start ?? 0;
    const last = p.windows[p.windows.length - 1]?.end ?? 0;
    const alerts = p.alerts.filter((a) => a.startedAt >= first && a.startedAt <= last)
      .map((a) => ({ at: a.startedAt, what: `${a.direction} (${a.severity})`, color: SEVERITY_COLOR[a.severity] ?? '#64748b', message: a.message }));
    const x = { field: 'start', type: 'temporal', title: null, scale: { domain: [first, last] } };
    // A vconcat does not fit a 'container' width: the panel's width less the axes'.
    const width = Math.max(200, $('#product-chart').clientWidth - 70);
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json', data: { values }, spacing: 6,
      vconcat: [{
        width, height: 150,
        layer: [
          { mark: { type: 'line', point: true }, encoding: {
            x, y: { field: 'ordersPerMinute', type: 'quantitative', title: 'orders / min' },
            tooltip: [{ field: 'start', type: 'temporal', format: '%H:%M' }, { field: 'ordersPerMinute', format: '.2f' }, { field: 'revenue', format: '$,.2f' }, { field: 'rank', title: 'rank in window' }] } },
          ...(expected === null ? [] : [{ mark: { type: 'rule', strokeDash: [4, 3], color: '#d97706' }, encoding: { y: { datum: expected } } }]),
          ...(alerts.length === 0 ? [] : [{ data: { values: alerts }, mark: { type: 'rule', strokeWidth: 2, opacity: 0.7 },
            encoding: { x: { field: 'at', type: 'temporal' }, color: { field: 'color', type: 'nominal', scale: null }, tooltip: [{ field: 'what' }, { field: 'message' }] } }]),
        ],
      }, {
        // Its rank among every product sold in each window, 1 on top; a gap where it sold nothing.
        width, height: 70,
        mark: { type: 'line', interpolate: 'step-after', color: '#64748b' },
        encoding: { x: { ...x, axis: null }, y: { field: 'rank', type: 'quantitative', title: 'rank', scale: { reverse: true, zero: false, nice: false } },
          tooltip: [{ field: 'start', type: 'temporal', format: '%H:%M' }, { field: 'rank', title: 'rank in window' }] },
      }],
    };
    chart?.finalize();
    chart = (await window.vegaEmbed('#product-chart', spec, { actions: false, renderer: 'svg' })).view;
  }

  /** Shows the product's page for the range; returns what the API answered (throws its error). */
  async function show(productId, range) {
    $('#product-panel').hidden = false;
    const response = await fetch(`/api/products/${encodeURIComponent(productId)}?range=${encodeURIComponent(range)}`);
    const p = await response.json();
    if (!response.ok) throw new Error(p.error || `product ${productId}: ${response.status}`);
    $('#product-title').textContent = `${p.name} (#${p.productId})`;
    const f = p.figures;
    const expectation = p.expectation.source === 'trend-detector'
      ? `the trend detector expects ${p.expectation.expectedPerMinute.toFixed(2)} orders/min, sees ${p.expectation.observedPerMinute.toFixed(2)} (${p.expectation.trend})`
      : p.expectation.message;
    $('#product-facts').innerHTML = [
      `${fmt.escape(p.department)} › ${fmt.escape(p.aisle ?? 'aisle not known')}`,
      f ? `${fmt.money(f.revenue)} · ${fmt.int(f.units)} units · #${f.rank} in its department over the range` : 'no sales in the range',
      `chart: ${fmt.escape(p.windowsAre)}; below it, its rank among every product sold in each`,
      fmt.escape(expectation),
      p.alerts.length ? p.alerts.map((a) => `<span class="sev sev-${fmt.escape(a.severity)}">${fmt.escape(a.severity)}</span> ${fmt.escape(a.message)} · ${a.resolvedAt === null ? `since ${fmt.clock(a.startedAt)}` : `${fmt.clock(a.startedAt)} – ${fmt.clock(a.resolvedAt)}`}`).join('<br>') : 'no alerts on this product',
    ].map((t) => `<div>${t}</div>`).join('');
    await drawChart(p);
    await window.baskets?.showPartners(p.productId, range, $('#product-partners'));
    return p;
  }

  window.productPage = { show };
})();
