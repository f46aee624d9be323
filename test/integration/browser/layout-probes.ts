// Layout checks run in the dashboard page: nothing sticks out of its card, no text is cut, and
// a chart's axis labels do not run into each other.
import type { Page } from 'puppeteer-core';

// Callbacks of page.evaluate run in the page; the project's types have no DOM.
declare const window: any;
declare const document: any;
declare const getComputedStyle: any;

/**
 * Every element of a KPI card or panel that reaches outside it (as drawn: what an ancestor clips
 * on purpose, like the feed's ellipsis, does not count), every SVG text cut by its chart's edge,
 * and every label, title or number whose text is wider than its box.
 */
export async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const describe = (el: any): string => `${el.tagName.toLowerCase()}${el.className?.baseVal ?? (el.className ? `.${String(el.className).split(' ')[0]}` : '')} "${String(el.textContent ?? '').trim().slice(0, 40)}"`;
    for (const card of document.querySelectorAll('.kpi, .panel, .topbar, .footer')) {
      const box = card.getBoundingClientRect();
      const name = card.dataset?.kpi ?? card.dataset?.view ?? card.dataset?.panel ?? card.className;
      for (const el of card.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        let left = r.left;
        let right = r.right;
        for (let a = el.parentElement; a && a !== card; a = a.parentElement) {
          if (a.tagName.toLowerCase() === 'svg' || getComputedStyle(a).overflowX === 'visible') continue;
          const ar = a.getBoundingClientRect();
          left = Math.max(left, ar.left);
          right = Math.min(right, ar.right);
        }
        if (right <= left) continue;
        if (left < box.left - 0.5 || right > box.right + 0.5) {
          found.push(`${name}: ${describe(el)} spans ${Math.round(left)}-${Math.round(right)} px, the card ${Math.round(box.left)}-${Math.round(box.right)} px`);
        }
      }
      for (const text of card.querySelectorAll('svg text')) {
        const svg = text.closest('svg').getBoundingClientRect();
        const r = text.getBoundingClientRect();
        if (r.width > 0 && (r.left < svg.left - 0.5 || r.right > svg.right + 0.5)) found.push(`${name}: ${describe(text)} is cut by the chart's edge`);
      }
      for (const el of card.querySelectorAll('.kpi-label, .kpi-value, .kpi-sub, h2, h1, .status')) {
        if (el.scrollWidth > el.clientWidth + 1) found.push(`${name}: ${describe(el)} is cut: ${el.scrollWidth} px of text in ${el.clientWidth} px`);
      }
    }
    return found;
  });
}

/** The x-axis labels of a chart, left to right, with their horizontal extent. */
export async function xAxisLabels(page: Page, view: string): Promise<Array<{ text: string; left: number; right: number }>> {
  return page.evaluate((name: string) => {
    const labels = [...document.querySelectorAll(`[data-view="${name}"] g.role-axis[aria-label^="X-axis"] .role-axis-label text`)]
      .map((t: any) => {
        const r = t.getBoundingClientRect();
        return { text: String(t.textContent), left: r.left, right: r.right };
      })
      .filter((l) => l.right > l.left && l.text !== '');
    return labels.sort((a, b) => a.left - b.left);
  }, view);
}

/** Whether the page scrolls sideways. */
export const scrollsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth || document.body.scrollWidth > window.innerWidth);
