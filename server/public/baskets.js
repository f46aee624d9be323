// "Bought together" (#16 item 4): the range's top products with their most frequent partners
// (GET /api/pairs), and a product's partners on its page (GET /api/products/<id>/partners).
// Lift reads: 1 = bought together as often as chance would have it; 2 = twice as often.
'use strict';
(() => {
  const { fmt } = window;
  const $ = (selector) => document.querySelector(selector);
  const exposed = { latest: null, partners: null, errors: [] };
  const pct = (x) => `${(x * 100).toFixed(x < 0.01 ? 2 : 1)}%`;
  const lift = (x) => `${x.toFixed(2)}×`;

  async function getJson(path) {
    const response = await fetch(path);
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || `${path}: ${response.status}`);
    return body;
  }

  /** Exact, or how far the pair counts may be low. */
  const bound = (b) => (b.exact ? 'exact counts' : `pair counts may be low by up to ${fmt.int(b.errorBound)} orders`);

  const partnerRows = (partners, withProduct) => partners.map((p, i) => `<tr>${withProduct ? `<td>${i === 0 ? fmt.escape(p.productName) : ''}</td>` : ''}` +
    `<td>${fmt.escape(p.partnerName)}</td><td class="num">${fmt.int(p.pairOrders)}</td><td class="num">${pct(p.support)}</td>` +
    `<td class="num">${pct(p.confidence)}</td><td class="num" data-lift="${p.lift}">${lift(p.lift)}</td></tr>`).join('');

  const head = (withProduct) => `<thead><tr>${withProduct ? '<th>product</th>' : ''}<th>partner</th><th title="orders holding both">orders</th>` +
    '<th title="orders holding both / all orders">support</th><th title="orders holding both / orders holding the product">confidence</th>' +
    '<th title="confidence / the partner\'s share of orders: 1 = chance">lift</th></tr></thead>';

  async function renderPanel() {
    const { range } = window.dashboard.selection;
    try {
      const b = await getJson(`/api/pairs?range=${encodeURIComponent(range)}&products=5&partners=3&pairs=0`);
      exposed.latest = b;
      $('#baskets-note').textContent = `${fmt.int(b.orders)} orders of closed windows · ${bound(b)}`;
      const rows = b.products.filter((p) => p.partners.length > 0);
      $('#baskets-body').innerHTML = rows.length === 0 ? '<p class="drill-hint">No order with two products in the closed windows of this range yet.</p>'
        : `<table class="drill-table baskets-table">${head(true)}<tbody>${rows.map((p) => partnerRows(p.partners, true)).join('')}</tbody></table>`;
    } catch (error) {
      exposed.errors.push(String(error));
      $('#baskets-body').innerHTML = `<p class="drill-hint">${fmt.escape(error.message)}</p>`;
    }
  }

  /** The product page's "bought together" table (product.js calls it). */
  async function showPartners(productId, range, into) {
    try {
      const b = await getJson(`/api/products/${encodeURIComponent(productId)}/partners?range=${encodeURIComponent(range)}&k=5`);
      exposed.partners = b;
      into.innerHTML = `<h3>Bought together <span class="panel-note">${fmt.int(b.orders)} orders · ${bound(b)}</span></h3>` + (b.partners.length === 0
        ? '<p class="drill-hint">No partner in the closed windows of this range.</p>'
        : `<table class="drill-table baskets-table">${head(false)}<tbody>${partnerRows(b.partners, false)}</tbody></table>`);
    } catch (error) {
      exposed.errors.push(String(error));
      into.textContent = error.message;
    }
  }

  exposed.showPartners = showPartners;
  window.baskets = exposed;
  document.querySelectorAll('#range button').forEach((b) => b.addEventListener('click', () => setTimeout(renderPanel, 0)));
  setInterval(renderPanel, 10_000);
  renderPanel();
})();
