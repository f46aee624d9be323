// The dashboard's HTML panels (browser script): KPI cards, the live transaction feed, the
// alert list and the export links, drawn from a pushed snapshot. The charts are Vega's (dashboard.js).
'use strict';
window.panels = (() => {
  const { fmt } = window;
  const RANGE_WORDS = { '5m': 'last 5 min', '15m': 'last 15 min', '1h': 'last hour', '24h': 'last 24 h', all: 'all time' };

  /** A panel's overlay: "loading…", "waiting for data"; none for ''. */
  function panelState(panel, text) {
    const el = panel.querySelector('[data-role="state"]');
    if (!el) return;
    el.hidden = !text;
    if (text) el.textContent = text;
  }

  function flashValue(card, text) {
    const value = card.querySelector('.kpi-value');
    if (value.textContent === text) return;
    value.textContent = text;
    card.classList.remove('flash');
    void card.offsetWidth;
    card.classList.add('flash');
  }

  function renderKpis(s, state) {
    const k = s.kpis;
    const card = (key) => document.querySelector(`[data-kpi="${key}"]`);
    // Range KPIs count event time; Events / s and Data freshness the wall clock (index.html's titles say more).
    const where = `${s.rangeLabel ?? RANGE_WORDS[s.range]} of event time${s.department ? ` · ${s.department}` : ''}`;
    flashValue(card('orders'), fmt.int(k.orders));
    flashValue(card('items'), fmt.int(k.items));
    flashValue(card('revenue'), fmt.compactMoney(k.revenue));
    flashValue(card('avgBasketValue'), fmt.money(k.avgBasketValue));
    flashValue(card('ordersPerSecond'), fmt.int(k.ordersPerSecond));
    flashValue(card('activeProducts'), fmt.int(k.activeProducts));
    // The long ranges start at the top of an hour, so "last 24 h" may reach 24 h 59 min back: the tooltip says from when.
    const span = s.bounds && s.bounds.from !== null && s.bounds.to !== null ? `counted from ${fmt.stamp(s.bounds.from)} to ${fmt.stamp(s.bounds.to)}` : '';
    document.querySelectorAll('[data-sub="range"]').forEach((el) => {
      el.textContent = where;
      el.title = span;
    });
    card('items').querySelector('[data-sub="lines"]').textContent = `${fmt.int(k.lines)} order lines`;
    card('orders').querySelector('[data-sub="late"]').textContent = `${fmt.int(k.lateOrders)} late · ${fmt.int(k.rejected)} rejected`;
    card('ordersPerSecond').querySelector('[data-sub="lines-rate"]').textContent = `orders/s of wall clock · ${fmt.int(k.linesPerSecond)} lines/s`;
    renderFreshness(state);
  }

  const DELTA_KPIS = { orders: 'int', items: 'int', revenue: 'money', avgBasketValue: 'money', activeProducts: 'int' };
  const COMPARE_WORDS = { day: 'previous day', week: 'previous week' };

  /** The comparison's note, and each KPI card's delta ("+120 (+4.2%) vs previous day"); never a made-up 0. */
  function renderComparison(s) {
    const note = document.querySelector('#compare-note');
    const c = s.comparison;
    note.hidden = !c;
    note.className = `compare-note${c && c.status === 'none' ? ' none' : ''}`;
    if (c) note.textContent = c.message;
    for (const [key, kind] of Object.entries(DELTA_KPIS)) {
      const el = document.querySelector(`[data-kpi="${key}"] [data-sub="delta"]`);
      const d = c && c.kpis ? c.kpis[key] : null;
      el.hidden = !c;
      el.className = 'kpi-sub kpi-delta';
      if (!c) continue;
      if (!d) {
        el.textContent = c.status === 'loading' ? `vs ${COMPARE_WORDS[c.compare]}: reading…` : `vs ${COMPARE_WORDS[c.compare]}: no data`;
        continue;
      }
      const sign = d.abs < 0 ? '−' : '+';
      const size = kind === 'money' ? fmt.money(Math.abs(d.abs)) : fmt.int(Math.abs(d.abs));
      const pct = d.pct === null ? 'was 0' : `${d.pct < 0 ? '−' : '+'}${Math.abs(d.pct).toFixed(1)}%`;
      el.textContent = `${sign}${size} (${pct}) vs ${COMPARE_WORDS[c.compare]}`;
      el.title = `now ${d.current}, then ${d.previous} (${c.source})`;
      if (d.abs !== 0) el.classList.add(d.abs > 0 ? 'up' : 'down');
    }
  }

  function renderFreshness(state) {
    const s = state.latest;
    const card = document.querySelector('[data-kpi="freshnessMs"]');
    if (!s || s.kpis.freshnessMs === null) {
      card.querySelector('.kpi-value').textContent = '–';
      return;
    }
    // The server measured the age when it built the snapshot; it grows by the time since.
    const ageMs = s.kpis.freshnessMs + (state.paused ? 0 : Date.now() - state.receivedAt);
    card.querySelector('.kpi-value').textContent = fmt.age(ageMs);
    card.classList.toggle('stale', ageMs > 10_000);
  }

  function renderFeed(s) {
    const list = document.querySelector('#feed');
    const panel = document.querySelector('[data-panel="feed"]');
    const seen = new Set([...list.children].map((li) => li.dataset.order));
    list.innerHTML = s.feed.map((o) => {
      const shown = o.lines.slice(0, 4).map((l) => `${fmt.escape(l.name)}${l.quantity > 1 ? ` <b>×${l.quantity}</b>` : ''}`).join(', ');
      const more = o.lines.length > 4 ? ` <b>+${o.lines.length - 4} more</b>` : '';
      const fresh = seen.size > 0 && !seen.has(String(o.orderId)) ? ' class="fresh"' : '';
      return `<li data-order="${o.orderId}"${fresh}><span class="t">${fmt.clock(o.eventTime)}</span><span class="o">#${o.orderId}</span>` +
        `<span class="lines" title="${fmt.escape(o.lines.map((l) => `${l.name} ×${l.quantity} (${l.department})`).join('\n'))}">${o.lines.length} lines: ${shown}${more}</span>` +
        `<span class="r">${fmt.money(o.revenue)}</span></li>`;
    }).join('');
    panelState(panel, s.feed.length ? '' : s.status === 'empty' ? 'waiting for data' : 'no orders in this department yet');
  }

  let alertsShown = '';
  function renderAlerts(s) {
    // Redrawn only when an alert changed, so a button is not replaced under the pointer.
    const signature = JSON.stringify([s.alertSource, s.alerts.slice(0, 30).map((a) => [a.id, a.acknowledged, a.resolvedAt, a.severity, a.message])]);
    if (signature === alertsShown) return;
    alertsShown = signature;
    const list = document.querySelector('#alert-list');
    const note = document.querySelector('[data-view="alerts"] [data-role="note"]');
    note.textContent = { 'trend-detector': 'from the trend detector', off: 'alerts are off (--alerts off)' }[s.alertSource] ?? 'simple rule (stand-in for the trend detector)';
    note.title = s.alertRule;
    const icon = { surge: '▲', drop: '▼', 'new-entrant': '●', 'rank-mover': '⇡' };
    list.innerHTML = s.alerts.slice(0, 30).map((a) => {
      const when = `${a.resolvedAt === null ? 'since' : 'was'} ${fmt.clock(a.startedAt)}${a.resolvedAt === null ? ' · ongoing' : ` – ${fmt.clock(a.resolvedAt)}`}`;
      return `<li class="alert${a.resolvedAt === null ? '' : ' resolved'}" data-alert="${fmt.escape(a.id)}">` +
        `<span class="sev sev-${a.severity}">${a.severity}</span>` +
        `<span class="what" title="${fmt.escape(a.message)}"><span class="dir-${a.direction}">${icon[a.direction] || ''}</span> ${fmt.escape(a.message)}</span>` +
        `<button type="button" data-ack="${fmt.escape(a.id)}"${a.acknowledged ? ' disabled' : ''}>${a.acknowledged ? 'acknowledged' : 'Acknowledge'}</button>` +
        `<span class="when">${a.level} · ${when}</span></li>`;
    }).join('') + (s.alertSource === 'simple-rule' ? `<li class="alert-rule">${fmt.escape(s.alertRule)}</li>` : '');
  }

  /** The report of what the page shows: the range or free period, the department, and the drill-down's aisle or product. */
  function exportHref(kind, state) {
    const q = new URLSearchParams(state.period ? { from: state.period.from, to: state.period.to } : { range: state.range });
    q.set('department', state.department);
    const url = new URLSearchParams(location.search);
    for (const key of ['aisle', 'product']) if (url.get(key)) q.set(key, url.get(key));
    return `/export/report.${kind}?${q}`;
  }

  function renderExports(s, state) {
    for (const [kind, el] of [['pdf', document.querySelector('#export-pdf')], ['xlsx', document.querySelector('#export-xlsx')]]) {
      if (s.exports) {
        el.href = exportHref(kind, state);
        el.removeAttribute('aria-disabled');
        el.title = `Download a ${kind.toUpperCase()} report of this ${state.period ? 'period' : 'range'} and department (and the aisle or product open below)`;
      } else {
        el.href = exportHref(kind, state);
        el.setAttribute('aria-disabled', 'true');
        el.title = 'Reports are not installed in this build';
      }
    }
  }

  return { RANGE_WORDS, panelState, renderKpis, renderComparison, renderFreshness, renderFeed, renderAlerts, renderExports };
})();
