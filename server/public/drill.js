// Drill-down and search on the dashboard page: a department's aisles, an aisle's products and
// a product's page (product.js draws it), from /api/aisles and /api/products; the aisle and the product live in the
// URL next to range and department (?aisle=24&product=13176), so a view can be bookmarked.
'use strict';
(() => {
  const { fmt } = window;
  const $ = (selector) => document.querySelector(selector);
  const params = new URLSearchParams(location.search);
  const state = { aisle: params.get('aisle') || null, product: params.get('product') || null, searchTimer: null };
  const exposed = { aisles: null, products: null, product: null, errors: [] };
  window.drill = exposed;
  const selection = () => window.dashboard.selection;

  function setUrl() {
    const url = new URL(location.href);
    for (const key of ['aisle', 'product']) {
      if (state[key]) url.searchParams.set(key, state[key]);
      else url.searchParams.delete(key);
    }
    history.replaceState(null, '', url);
  }

  async function getJson(path) {
    const response = await fetch(path);
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || `${path}: ${response.status}`);
    return body;
  }

  const row = (key, id, name, cells) => `<tr><td><button type="button" class="link" data-${key}="${id}">${fmt.escape(name)}</button></td>${cells.map((c) => `<td class="num">${c}</td>`).join('')}</tr>`;

  async function renderDrill() {
    const { department, range } = selection();
    const body = $('#drill-body');
    const crumbs = $('#drill-crumbs');
    if (department === 'all') {
      crumbs.textContent = 'All departments';
      body.innerHTML = '<p class="drill-hint">Click a department in "Revenue by department" (or choose one above) to see its aisles.</p>';
      return;
    }
    try {
      const aisles = await getJson(`/api/aisles?range=${range}&department=${encodeURIComponent(department)}`);
      exposed.aisles = aisles;
      const aisle = state.aisle && aisles.aisles.find((a) => String(a.aisleId) === state.aisle);
      crumbs.innerHTML = `<button type="button" class="link" data-crumb="all">All departments</button> › ${aisle ? `<button type="button" class="link" data-crumb="department">${fmt.escape(aisles.department ?? department)}</button> › ${fmt.escape(aisle.aisle)}` : fmt.escape(aisles.department ?? department)}`;
      if (!state.aisle) {
        body.innerHTML = aisles.aisles.length === 0 ? '<p class="drill-hint">No sales in this department in the range.</p>'
          : `<table class="drill-table"><thead><tr><th>aisle</th><th>revenue</th><th>share</th><th>products</th></tr></thead><tbody>${
            aisles.aisles.map((a) => row('aisle', a.aisleId, a.aisle, [fmt.money(a.revenue), `${(a.share * 100).toFixed(1)}%`, fmt.int(a.products)])).join('')}</tbody></table>`;
        return;
      }
      const products = await getJson(`/api/aisles/${encodeURIComponent(state.aisle)}/products?range=${range}&k=25`);
      exposed.products = products;
      body.innerHTML = `<table class="drill-table"><thead><tr><th>product (${fmt.int(products.count)} sold)</th><th>revenue</th><th>units</th><th>rank</th></tr></thead><tbody>${
        products.products.map((p) => row('product', p.productId, p.name, [fmt.money(p.revenue), fmt.int(p.units), `#${p.rank}`])).join('')}</tbody></table>`;
    } catch (error) {
      exposed.errors.push(String(error));
      body.innerHTML = `<p class="drill-hint">${fmt.escape(error.message)}</p>`;
    }
  }

  async function renderProduct() {
    if (!state.product) return void ($('#product-panel').hidden = true);
    try {
      exposed.product = await window.productPage.show(state.product, selection().range);
    } catch (error) {
      exposed.errors.push(String(error));
      $('#product-facts').textContent = error.message;
    }
  }

  function openProduct(id) {
    state.product = String(id);
    setUrl();
    $('#search-results').innerHTML = '';
    renderProduct().then(() => $('#product-panel').scrollIntoView({ block: 'nearest' }));
  }

  function setDepartment(id) {
    const select = $('#department');
    if (![...select.options].some((o) => o.value === String(id))) return;
    select.value = String(id);
    select.dispatchEvent(new Event('change'));
  }

  // ---- wiring ----------------------------------------------------------------------------
  $('#department').addEventListener('change', () => {
    state.aisle = null;
    setUrl();
    renderDrill();
  });
  document.querySelectorAll('#range button').forEach((b) => b.addEventListener('click', () => setTimeout(() => (renderDrill(), renderProduct()), 0)));
  $('#drill').addEventListener('click', (e) => {
    const { aisle, product, crumb } = e.target.dataset ?? {};
    if (aisle) {
      state.aisle = aisle;
      setUrl();
      renderDrill();
    } else if (product) openProduct(product);
    else if (crumb === 'all') setDepartment('all');
    else if (crumb === 'department') {
      state.aisle = null;
      setUrl();
      renderDrill();
    }
  });
  $('#product-close').addEventListener('click', () => {
    state.product = null;
    setUrl();
    renderProduct();
  });
  $('#product-search').addEventListener('input', (e) => {
    clearTimeout(state.searchTimer);
    const q = e.target.value.trim();
    state.searchTimer = setTimeout(async () => {
      if (!q) return void ($('#search-results').innerHTML = '');
      const { products } = await getJson(`/api/products/search?q=${encodeURIComponent(q)}&limit=8`);
      $('#search-results').innerHTML = products.length === 0 ? '<li class="none">no product matches</li>'
        : products.map((p) => `<li><button type="button" data-product="${p.productId}">${fmt.escape(p.name)} <span>#${p.productId} · ${fmt.escape(p.department)}</span></button></li>`).join('');
    }, 200);
  });
  $('#search-results').addEventListener('click', (e) => {
    const id = e.target.closest('[data-product]')?.dataset.product;
    if (id) openProduct(id);
  });
  // The department chart is redrawn when the selection changes: hook each new view once.
  setInterval(() => {
    const view = window.dashboard.views.departments;
    if (!view || view.drillHooked) return;
    view.drillHooked = true;
    view.addEventListener('click', (_event, item) => {
      const id = item?.datum?.departmentId;
      if (id) setDepartment(id);
    });
  }, 300);
  setInterval(() => (renderDrill(), renderProduct()), 5_000);
  renderDrill();
  renderProduct();
})();
