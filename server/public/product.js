// The product page of the drill-down (drill.js opens it): the product's place, figures, the
// trend detector's expectation, its alerts, and a chart of its orders per minute in each closed
// window with the expectation dashed and its rank in the tooltip (GET /api/products/<id>).
'use strict';
(() => {
  const { fmt } = window;
  const $ = (selector) => document.querySelector(selector);
  let chart = null;

  async function drawChart(p) {
    const expected = p.expectation.source === 'trend-detector' ? p.expectation.expectedPerMinute : null;
    const values = p.windows.map((w) => ({ start: w.start, ordersPerMinute: w.ordersPerMinute, rank: w.rank, revenue: w.revenue }));
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json', width: 'container', height: 160, data: { values },
      layer: [
        { mark: { type: 'line', point: true }, encoding: {
          x: { field: 'start', type: 'temporal', title: null }, y: { field: 'ordersPerMinute', type: 'quantitative', title: 'orders / min' },
          tooltip: [{ field: 'start', type: 'temporal', format: '%H:%M' }, { field: 'ordersPerMinute', format: '.2f' }, { field: 'revenue', format: '$,.2f' }, { field: 'rank', title: 'rank in window' }] } },
        ...(expected === null ? [] : [{ mark: { type: 'rule', strokeDash: [4, 3], color: '#d97706' }, encoding: { y: { datum: expected } } }]),
      ],
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
      `chart: ${fmt.escape(p.windowsAre)}, rank in each in the tooltip`,
      fmt.escape(expectation),
      p.alerts.length ? p.alerts.map((a) => fmt.escape(a.message)).join('<br>') : 'no alerts',
    ].map((t) => `<div>${t}</div>`).join('');
    await drawChart(p);
    await window.baskets?.showPartners(p.productId, range, $('#product-partners'));
    return p;
  }

  window.productPage = { show };
})();
