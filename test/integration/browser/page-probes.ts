// Reading the dashboard page from a test: its drawn snapshot, chart marks and KPI numbers.
import type { Page } from 'puppeteer-core';
import type { DashboardPayload } from '../../../server/dashboard-hub';

// Callbacks of page.evaluate run in the page; the project's types have no DOM.
declare const window: any;
declare const document: any;

/** Polls `read` until `ok` holds (every 200 ms); the error says what was awaited and what was last read. */
export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Polls until the page has drawn a snapshot that satisfies the predicate. With `progress`, the
 * timeout counts from the last time that number grew, so a slow machine that is still catching
 * up is waited for and a stalled one is not.
 */
export async function waitForSnapshot(
  page: Page, predicate: (s: DashboardPayload) => boolean, timeoutMs = 30_000,
  progress?: (s: DashboardPayload) => number,
): Promise<DashboardPayload> {
  let deadline = Date.now() + timeoutMs;
  let best = -Infinity;
  let last: DashboardPayload | null = null;
  for (;;) {
    // Only what tests look at crosses over: the full snapshot is large, and the page is busy.
    last = await page.evaluate(() => {
      const s = window.dashboard.drawn;
      return s && { ...s, feed: s.feed.slice(0, 1), charts: { ...s.charts, volume: [], feed: [] } };
    });
    if (last && predicate(last)) return last;
    if (last && progress && progress(last) > best) {
      best = progress(last);
      deadline = Date.now() + timeoutMs;
    }
    if (Date.now() > deadline) {
      const how = progress ? `${timeoutMs} ms without progress` : `${timeoutMs} ms`;
      throw new Error(`the page drew no matching snapshot within ${how}; last: ${last ? JSON.stringify({ range: last.range, department: last.departmentId, orders: last.kpis.orders, alerts: last.alerts.length }) : 'none'}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Rows in a chart's dataset, and the marks Vega drew for data (not axes or legends). */
export async function chartMarks(page: Page, view: string, dataset: string): Promise<{ rows: number; marks: number }> {
  return page.evaluate((name, data) => {
    const v = window.dashboard.views[name];
    const marks = document.querySelectorAll(`[data-view="${name}"] svg .role-mark > path, [data-view="${name}"] svg .role-mark > text, [data-view="${name}"] svg .role-mark > line`);
    return { rows: v ? v.data(data).length : -1, marks: marks.length };
  }, view, dataset);
}

/** A KPI card's number: "12,345" → 12345, "$1.2k" → 1200. */
export async function kpiNumber(page: Page, kpi: string): Promise<number> {
  const text = await page.$eval(`[data-kpi="${kpi}"] .kpi-value`, (el) => el.textContent ?? '');
  const match = text.replace(/[$,]/g, '').match(/^(-?[\d.]+)([kM]?)/);
  if (!match) throw new Error(`KPI ${kpi} shows "${text}", not a number`);
  return Number(match[1]) * (match[2] === 'k' ? 1e3 : match[2] === 'M' ? 1e6 : 1);
}
