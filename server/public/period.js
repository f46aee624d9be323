// A free date-and-time period next to the fixed ranges: two UTC date-time fields; Apply sums the
// live view's closed windows inside it (/api/period) into the "Custom period" panel. The period
// is URL state (?from=2026-11-30T09:00&to=2026-11-30T10:30), like the range.
'use strict';
(() => {
  const { fmt } = window;
  const $ = (selector) => document.querySelector(selector);
  const exposed = { result: null, error: null };
  window.period = exposed;
  const params = new URLSearchParams(location.search);
  if (params.get('from')) $('#period-from').value = params.get('from');
  if (params.get('to')) $('#period-to').value = params.get('to');

  const table = (head, rows) => `<table class="drill-table"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${
    rows.map((r) => `<tr>${r.map((c, i) => `<td${i > 0 ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

  async function show() {
    const from = $('#period-from').value;
    const to = $('#period-to').value;
    const panel = $('#period-panel');
    const url = new URL(location.href);
    if (!from || !to) {
      panel.hidden = true;
      url.searchParams.delete('from');
      url.searchParams.delete('to');
      history.replaceState(null, '', url);
      return;
    }
    url.searchParams.set('from', from);
    url.searchParams.set('to', to);
    history.replaceState(null, '', url);
    panel.hidden = false;
    const { department } = window.dashboard.selection;
    const response = await fetch(`/api/period?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&department=${encodeURIComponent(department)}`);
    const body = await response.json();
    if (!response.ok) {
      exposed.error = body.error;
      $('#period-body').textContent = body.error;
      return;
    }
    exposed.result = body;
    exposed.error = null;
    const k = body.kpis;
    const utc = (t) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');
    $('#period-note').textContent = body.windows ? `${body.windows} closed ${body.windowsAre}, ${utc(body.from)} – ${utc(body.to)} UTC` : '';
    $('#period-body').innerHTML = body.windows === 0 ? `<p class="drill-hint">${fmt.escape(body.message)}</p>`
      : `<div class="product-facts"><div data-role="period-kpis">${fmt.int(k.orders)} orders · ${fmt.int(k.items)} items · ${fmt.money(k.revenue)} revenue · ${fmt.money(k.avgBasketValue)} a basket · ${fmt.int(k.activeProducts)} products</div></div>` +
        table(['top product', 'revenue', 'units'], body.topProducts.map((p) => [fmt.escape(p.name), fmt.money(p.revenue), fmt.int(p.units)])) +
        table(['department', 'revenue', 'share'], body.departments.map((d) => [fmt.escape(d.department), fmt.money(d.revenue), `${(d.share * 100).toFixed(1)}%`]));
  }

  $('#period-apply').addEventListener('click', show);
  $('#period-clear').addEventListener('click', () => {
    $('#period-from').value = '';
    $('#period-to').value = '';
    show();
  });
  $('#department').addEventListener('change', () => setTimeout(show, 0));
  show();
})();
