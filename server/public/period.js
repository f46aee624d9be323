// A free date-and-time period next to the fixed ranges (browser script, used by dashboard.js):
// two UTC date-time fields. Applied, the period takes the range's place: the KPI cards and the
// charts show what /api/period answers for it, from the live view or the Parquet history, and
// the note under the controls says which. It is URL state (?from=2026-11-30T09:00&to=…).
'use strict';
window.periods = (() => {
  const $ = (selector) => document.querySelector(selector);
  const utc = (t) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');

  /** The period in the URL, or null. */
  function fromUrl() {
    const params = new URLSearchParams(location.search);
    const from = params.get('from');
    const to = params.get('to');
    return from && to ? { from, to } : null;
  }

  function showInputs(period) {
    $('#period-from').value = period ? period.from : '';
    $('#period-to').value = period ? period.to : '';
    $('.period').classList.toggle('active', Boolean(period));
  }

  /** What /api/period answers for the period (throws its error). */
  async function load(period, department, compare) {
    const q = new URLSearchParams({ from: period.from, to: period.to, department, compare });
    const response = await fetch(`/api/period?${q}`);
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || `/api/period: ${response.status}`);
    return body;
  }

  /** The live snapshot with the period's KPIs and charts in place of the range's; the feed, alerts and health stay live. */
  const overlay = (snapshot, data) => ({
    ...snapshot,
    range: 'period',
    rangeLabel: `${utc(data.requested.from)} – ${utc(data.requested.to)} UTC`,
    bounds: { from: data.from, mid: null, to: data.to },
    kpis: { ...snapshot.kpis, ...data.kpis },
    volume: data.volume,
    comparison: data.comparison,
    charts: { ...snapshot.charts, ...data.charts },
    period: data,
  });

  /** The note under the controls: which store answered, or the error. */
  function renderNote(data, error) {
    const note = $('#period-note');
    note.hidden = !data && !error;
    if (note.hidden) return;
    note.className = `compare-note period-note${error || data.source === 'none' || !data.whole ? ' none' : ''}`;
    note.textContent = error ? `Custom period: ${error}` : `Custom period (UTC): ${data.message}`;
    note.dataset.source = error ? 'error' : data.source;
  }

  /** Wires Apply and clear: onChange gets the period, or null to go back to the fixed ranges. */
  function bind(onChange) {
    $('#period-apply').addEventListener('click', () => {
      const from = $('#period-from').value;
      const to = $('#period-to').value;
      if (!from || !to) return renderNote(null, 'give both a start and an end');
      onChange({ from, to });
    });
    $('#period-clear').addEventListener('click', () => onChange(null));
  }

  return { fromUrl, showInputs, load, overlay, renderNote, bind };
})();
