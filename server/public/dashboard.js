// The live dashboard in the browser. It draws each chart once from its Vega-Lite spec
// (/api/views/<name>), then replaces the chart's named dataset with every snapshot the
// server pushes over SSE (/events). The selection (range or free period, department) lives
// in the URL. A free period (period.js) replaces the range's KPIs and charts with /api/period's.
'use strict';
(() => {
  const { fmt, panels, periods } = window;
  const CHARTS = [...document.querySelectorAll('[data-view]')].map((el) => ({ el, name: el.dataset.view, dataset: el.dataset.dataset }));
  const params = new URLSearchParams(location.search);
  const state = {
    range: panels.RANGE_WORDS[params.get('range')] ? params.get('range') : '5m',
    department: params.get('department') || 'all',
    compare: ['day', 'week'].includes(params.get('compare')) ? params.get('compare') : 'none',
    period: periods.fromUrl(),
    periodData: null,
    periodGeneration: 0,
    live: null,
    paused: false,
    source: null,
    lastEventId: null,
    latest: null,
    receivedAt: 0,
    specsReady: false,
    specGeneration: 0,
    volumeUnit: null,
    connected: false,
  };
  // For tests and the curious: the Vega views by name, the newest snapshot, the one drawn.
  const exposed = { views: {}, snapshots: 0, errors: [], drawn: null, get latest() { return state.latest; }, get selection() { return { range: state.range, department: state.department, compare: state.compare, period: state.period }; },
    get period() { return state.periodData; }, setPeriod: (period) => select({ period }) };
  window.dashboard = exposed;

  const $ = (selector) => document.querySelector(selector);
  const query = () => `range=${encodeURIComponent(state.range)}&department=${encodeURIComponent(state.department)}`;
  // The event stream also carries the comparison; the chart specs and exports do not take it.
  const streamQuery = () => `${query()}&compare=${encodeURIComponent(state.compare)}`;

  function setStatus(kind, text) {
    const el = $('#status');
    el.className = `status status-${kind}`;
    el.textContent = text;
  }

  function setBanner(kind, text) {
    const el = $('#banner');
    if (!kind) {
      el.hidden = true;
      return;
    }
    el.hidden = false;
    el.className = `banner ${kind}`;
    el.textContent = text;
  }

  const { panelState } = panels;

  // ---- charts ----------------------------------------------------------------------------
  async function loadSpecs() {
    const generation = ++state.specGeneration;
    state.specsReady = false;
    CHARTS.forEach((c) => panelState(c.el, 'loading…'));
    await Promise.all(CHARTS.map(async (chart) => {
      // The structure only: the data follows at once over the event stream.
      // A free period is drawn per minute, as the ranges of an hour and more.
      const shape = state.period ? `range=1h&department=${encodeURIComponent(state.department)}` : query();
      const response = await fetch(`/api/views/${chart.name}?${shape}&width=container&title=none&data=none`);
      if (!response.ok) throw new Error(`${chart.name}: ${(await response.json()).error}`);
      const spec = await response.json();
      if (generation !== state.specGeneration) return;
      const holder = chart.el.querySelector('.chart');
      holder.querySelectorAll('.vega-embed').forEach((n) => n.remove());
      exposed.views[chart.name]?.finalize();
      const target = document.createElement('div');
      holder.appendChild(target);
      const result = await vegaEmbed(target, spec, { renderer: 'svg', actions: false });
      exposed.views[chart.name] = result.view;
    })).catch((error) => {
      exposed.errors.push(String(error));
      setBanner('down', `Could not load the charts: ${error.message}`);
    });
    if (generation !== state.specGeneration) return;
    state.specsReady = true;
    if (state.latest) await applyCharts(state.latest, true);
  }

  // Charts are redrawn at most every CHART_GAP_MS; KPIs and the feed follow every snapshot.
  const CHART_GAP_MS = 500;
  let chartsDrawnAt = 0;
  let trailing = null;
  async function applyCharts(snapshot, force = false) {
    if (!state.specsReady) return;
    const wait = CHART_GAP_MS - (Date.now() - chartsDrawnAt);
    if (!force && wait > 0 && exposed.drawn && exposed.drawn.range === snapshot.range && exposed.drawn.departmentId === snapshot.departmentId) {
      // Skipped for now; the newest snapshot is drawn when the gap is over.
      trailing ??= setTimeout(() => {
        trailing = null;
        if (state.latest) applyCharts(state.latest, true);
      }, wait);
      return;
    }
    chartsDrawnAt = Date.now();
    if (state.volumeUnit && snapshot.volume.unit !== state.volumeUnit) {
      state.volumeUnit = snapshot.volume.unit;
      return loadSpecs();
    }
    state.volumeUnit = snapshot.volume.unit;
    await Promise.all(CHARTS.map(async (chart) => {
      const view = exposed.views[chart.name];
      if (!view) return;
      const rows = snapshot.charts[chart.dataset];
      view.data(chart.dataset, rows);
      await view.runAsync();
      const empty = !rows.length || (chart.name === 'hourly' && rows.every((r) => r.orders === 0));
      const waiting = snapshot.status === 'empty' ? 'waiting for data' : chart.name === 'alerts' ? 'no alerts so far' : 'no orders in this range';
      panelState(chart.el, empty ? waiting : '');
    }));
    exposed.drawn = snapshot;
  }

  function renderDepartments(s) {
    const select = $('#department');
    // A department given by name in the URL is known by its id from now on.
    if (s.departmentId !== null && state.department !== String(s.departmentId)) state.department = String(s.departmentId);
    const current = [...select.options].map((o) => o.value).join(',');
    const wanted = ['all', ...s.departments.map((d) => String(d.departmentId))].join(',');
    if (current === wanted) {
      select.value = state.department;
      return;
    }
    select.innerHTML = '<option value="all">All departments</option>' +
      s.departments.map((d) => `<option value="${d.departmentId}">${fmt.escape(d.department)}</option>`).join('');
    select.value = state.department;
  }

  function renderHealth(s) {
    const down = s.health.checks.filter((c) => c.ok === false);
    if (down.length > 0) {
      setStatus('down', 'backend down');
      setBanner('down', down.map((c) => c.message).join(' · '));
    } else if (s.status === 'empty') {
      setStatus('empty', state.paused ? 'paused' : 'waiting for data');
      setBanner('empty', 'Waiting for data: no orders have been aggregated yet. Charts fill in as the first orders arrive.');
    } else {
      setStatus(state.paused ? 'paused' : 'live', state.paused ? 'paused' : 'live');
      setBanner(null);
    }
    const sources = s.health.checks.map((c) => `${c.label} ${c.address}`).join(' · ');
    $('#subtitle').textContent = sources ? `live checkout stream · ${sources}` : 'live checkout stream';
  }

  async function apply(text) {
    state.live = JSON.parse(text);
    state.receivedAt = Date.now();
    exposed.snapshots++;
    await render();
  }

  /** The live snapshot, or with a free period its KPIs and charts once /api/period answered. */
  async function render() {
    const live = state.live;
    if (!live) return;
    const snapshot = state.period ? state.periodData && periods.overlay(live, state.periodData) : live;
    state.latest = snapshot ?? live;
    renderHealth(live);
    renderDepartments(live);
    panels.renderFeed(live);
    panels.renderAlerts(live);
    panels.renderExports(live, state);
    if (!snapshot) return;
    $('[data-view="volume"] h2').firstChild.textContent = state.period ? 'Volume of the period ' : 'Live volume ';
    panels.renderKpis(snapshot, state);
    panels.renderComparison(snapshot);
    await applyCharts(snapshot);
  }

  async function loadPeriod() {
    const generation = ++state.periodGeneration;
    try {
      const data = await periods.load(state.period, state.department, state.compare);
      if (generation !== state.periodGeneration || !state.period) return;
      state.periodData = data;
      periods.renderNote(data);
      await render();
    } catch (error) {
      if (generation !== state.periodGeneration) return;
      exposed.errors.push(String(error));
      periods.renderNote(null, error.message);
    }
  }

  // ---- server-sent events ----------------------------------------------------------------
  function connect() {
    state.source?.close();
    const resume = state.lastEventId ? `&lastEventId=${encodeURIComponent(state.lastEventId)}` : '';
    const source = new EventSource(`/events?${streamQuery()}${resume}`);
    state.source = source;
    // One snapshot is drawn at a time; those arriving meanwhile are coalesced into the newest,
    // so a busy browser falls behind by at most one snapshot, never by a queue of them.
    let drawing = false;
    let pending = null;
    const drawNext = async () => {
      drawing = true;
      while (pending) {
        const snapshot = pending;
        pending = null;
        await apply(snapshot).catch((error) => exposed.errors.push(String(error)));
      }
      drawing = false;
    };
    source.addEventListener('dashboard', (event) => {
      if (source !== state.source || state.paused) return;
      state.lastEventId = event.lastEventId;
      state.connected = true;
      pending = event.data;
      if (!drawing) drawNext();
    });
    source.addEventListener('error', () => {
      if (source !== state.source || state.paused) return;
      setStatus('reconnecting', 'reconnecting…');
      setBanner('reconnecting', `Lost the connection to the dashboard server at ${location.host}; reconnecting every second…`);
    });
  }

  function select(change) {
    Object.assign(state, change);
    const url = new URL(location.href);
    url.searchParams.set('range', state.range);
    url.searchParams.set('department', state.department);
    if (state.compare === 'none') url.searchParams.delete('compare');
    else url.searchParams.set('compare', state.compare);
    for (const key of ['from', 'to']) {
      if (state.period) url.searchParams.set(key, state.period[key]);
      else url.searchParams.delete(key);
    }
    history.replaceState(null, '', url);
    document.querySelectorAll('#range button').forEach((b) => b.setAttribute('aria-pressed', String(!state.period && b.dataset.range === state.range)));
    periods.showInputs(state.period);
    state.lastEventId = null;
    state.latest = null;
    state.live = null;
    state.periodData = null;
    state.periodGeneration++;
    periods.renderNote(null);
    loadSpecs();
    if (state.period) loadPeriod();
    if (!state.paused) connect();
  }

  // ---- controls --------------------------------------------------------------------------
  document.querySelectorAll('#range button').forEach((b) => b.addEventListener('click', () => select({ range: b.dataset.range, period: null })));
  periods.bind((period) => select({ period }));
  // A period that reaches the newest data is read again as it fills in.
  setInterval(() => {
    const data = state.periodData;
    if (state.period && data && !state.paused && data.source !== 'history' && data.requested.to > (state.live?.newestEventTime ?? 0) - 300_000) loadPeriod();
  }, 10_000);
  $('#department').addEventListener('change', (e) => select({ department: e.target.value }));
  $('#compare').value = state.compare;
  $('#compare').addEventListener('change', (e) => select({ compare: e.target.value }));
  $('#pause').addEventListener('click', () => {
    state.paused = !state.paused;
    const button = $('#pause');
    button.textContent = state.paused ? 'Resume' : 'Pause';
    button.setAttribute('aria-pressed', String(state.paused));
    if (state.paused) {
      state.source?.close();
      state.source = null;
      setStatus('paused', 'paused');
    } else {
      connect(); // resumes from the last event id: the server sends what changed meanwhile
    }
  });
  document.querySelectorAll('.export').forEach((a) => a.addEventListener('click', (e) => {
    if (a.getAttribute('aria-disabled') === 'true') e.preventDefault();
  }));
  $('#alert-list').addEventListener('click', async (e) => {
    const id = e.target?.dataset?.ack;
    if (!id) return;
    e.target.disabled = true;
    e.target.textContent = 'acknowledged';
    const response = await fetch(`/api/alerts/${encodeURIComponent(id)}/ack`, { method: 'POST' });
    if (!response.ok) {
      e.target.disabled = false;
      e.target.textContent = 'Acknowledge';
    }
  });
  setInterval(() => panels.renderFreshness(state), 500);

  $('#department').innerHTML = `<option value="all">All departments</option>${state.department !== 'all' ? `<option value="${fmt.escape(state.department)}">department ${fmt.escape(state.department)}</option>` : ''}`;
  select({});
})();
