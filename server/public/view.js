// One dashboard view alone (/views/<name>): draws its Vega-Lite spec and keeps its dataset
// live from the same server-sent events as the dashboard.
'use strict';
(async () => {
  const panel = document.querySelector('[data-view]');
  const { view: name, dataset, query } = panel.dataset;
  const stateEl = panel.querySelector('[data-role="state"]');
  const note = panel.querySelector('[data-role="note"]');
  const show = (text) => {
    stateEl.hidden = !text;
    if (text) stateEl.textContent = text;
  };
  window.dashboardView = { view: null, snapshots: 0 };
  const response = await fetch(`/api/views/${name}?${query}&width=container&title=none`);
  if (!response.ok) {
    show(`could not load the view: ${(await response.json()).error}`);
    return;
  }
  const target = document.createElement('div');
  document.getElementById('chart').appendChild(target);
  const { view } = await vegaEmbed(target, await response.json(), { renderer: 'svg', actions: false });
  window.dashboardView.view = view;
  show(view.data(dataset).length ? '' : 'waiting for data');
  const source = new EventSource(`/events?${query}`);
  let chain = Promise.resolve();
  source.addEventListener('dashboard', (event) => {
    const snapshot = JSON.parse(event.data);
    chain = chain.then(async () => {
      view.data(dataset, snapshot.charts[dataset]);
      await view.runAsync();
      window.dashboardView.snapshots++;
      const down = snapshot.health.checks.filter((c) => c.ok === false);
      note.textContent = down.length ? down.map((c) => c.message).join(' · ') : snapshot.department ? `· ${snapshot.department}` : '';
      show(snapshot.charts[dataset].length ? '' : snapshot.status === 'empty' ? 'waiting for data' : 'nothing in this range');
    });
  });
  source.addEventListener('error', () => show('reconnecting to the dashboard server…'));
})();
