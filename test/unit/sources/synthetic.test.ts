import { describe, expect, it } from 'vitest';
import { createSyntheticCatalogue } from '../../../src/domain/index';
import { createSyntheticSource, type CheckoutEvent } from '../../../src/index';
import { validateCheckout } from '../../../src/domain/event';

const T0 = Date.UTC(2026, 10, 23, 0, 0, 0); // a Monday, midnight UTC
const HOUR = 3_600_000;

const take = (n: number, options: Parameters<typeof createSyntheticSource>[0]): CheckoutEvent[] => {
  const out: CheckoutEvent[] = [];
  for (const e of createSyntheticSource({ ...options, maxOrders: n }).generate()) out.push(e);
  return out;
};

describe('synthetic source', () => {
  it('gives the same events for the same seed, and others for another seed', () => {
    const a = take(500, { seed: 3, startTime: T0, ordersPerSecond: 5 });
    const b = take(500, { seed: 3, startTime: T0, ordersPerSecond: 5 });
    const c = take(500, { seed: 4, startTime: T0, ordersPerSecond: 5 });
    expect(b).toEqual(a);
    expect(c.map((e) => e.lines[0]?.product_id)).not.toEqual(a.map((e) => e.lines[0]?.product_id));
  });

  it('yields valid events in event-time order with Instacart-shaped baskets and reorders', () => {
    const events = take(3_000, { seed: 1, startTime: T0, ordersPerSecond: 5, seasonality: false });
    events.forEach((e) => expect(validateCheckout(e).ok).toBe(true));
    for (let i = 1; i < events.length; i++) expect(events[i]!.event_time).toBeGreaterThanOrEqual(events[i - 1]!.event_time);
    const lines = events.flatMap((e) => e.lines);
    const meanBasket = lines.length / events.length;
    expect(meanBasket).toBeGreaterThan(7);
    expect(meanBasket).toBeLessThan(13);
    const reorderRate = lines.filter((l) => l.reordered).length / lines.length;
    expect(reorderRate).toBeGreaterThan(0.2);
    expect(new Set(events.flatMap((e) => e.lines.map((l) => l.department_id))).size).toBeGreaterThan(15);
    events.forEach((e) => expect(new Set(e.lines.map((l) => l.product_id)).size).toBe(e.lines.length));
  });

  it('has Zipf-like popularity: the top 1% of products sell far more than their share', () => {
    const events = take(5_000, { seed: 2, startTime: T0, ordersPerSecond: 5, seasonality: false });
    const counts = new Map<number, number>();
    events.flatMap((e) => e.lines).forEach((l) => counts.set(l.product_id, (counts.get(l.product_id) ?? 0) + 1));
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    const top = sorted.slice(0, 497).reduce((a, b) => a + b, 0); // 1% of ~49.7k products
    expect(top / total).toBeGreaterThan(0.2);
  });

  it("has Instacart's popularity shape: the top product in 10-20% of baskets, a falling top 10, ~59% reorders, median basket ~8", () => {
    const orders = 30_000;
    const events = take(orders, { seed: 42, startTime: T0, ordersPerSecond: 5, seasonality: false });
    const baskets = new Map<number, number>();
    for (const e of events) for (const l of e.lines) baskets.set(l.product_id, (baskets.get(l.product_id) ?? 0) + 1);
    const top = [...baskets.values()].sort((a, b) => b - a).slice(0, 10).map((n) => n / orders);
    expect(top[0]).toBeGreaterThan(0.1);
    expect(top[0]).toBeLessThan(0.2);
    // Instacart's tenth product is in ~4.3% of orders, about a third of the first.
    expect(top[9]).toBeGreaterThan(0.025);
    expect(top[9]).toBeLessThan(0.07);
    expect((top[0] as number) / (top[9] as number)).toBeGreaterThan(2);
    const lines = events.flatMap((e) => e.lines);
    const reordered = lines.filter((l) => l.reordered).length / lines.length;
    expect(reordered).toBeGreaterThan(0.5);
    expect(reordered).toBeLessThan(0.68);
    const sizes = events.map((e) => e.lines.length).sort((a, b) => a - b);
    expect(sizes[Math.floor(sizes.length / 2)]).toBeGreaterThanOrEqual(7);
    expect(sizes[Math.floor(sizes.length / 2)]).toBeLessThanOrEqual(9);
    // A long tail: most products sell, and the top 1% of them make well under half the lines.
    expect(baskets.size).toBeGreaterThan(30_000);
    const head = [...baskets.values()].sort((a, b) => b - a).slice(0, 497).reduce((a, b) => a + b, 0);
    expect(head / lines.length).toBeLessThan(0.45);
    // The department with the most lines is produce, as in Instacart.
    const byDepartment = new Map<string, number>();
    for (const l of lines) byDepartment.set(l.department, (byDepartment.get(l.department) ?? 0) + 1);
    expect([...byDepartment].sort((a, b) => b[1] - a[1])[0]?.[0]).toBe('produce');
  });

  it('names products from their aisle, without ids, each name once', () => {
    const catalogue = createSyntheticCatalogue();
    const names = catalogue.products.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => /\d{4,}/.test(n))).toEqual([]);
    const fruit = catalogue.products.filter((p) => p.aisleId === 24).map((p) => p.name);
    expect(fruit.filter((n) => /Bananas|Strawberries|Avocados|Lemons|Limes|Apples|Grapes|Oranges|Mangoes|Peaches|Blueberries|Raspberries/.test(n))).toEqual(fruit);
  });

  it('follows the day: afternoon hours are far busier than the small hours', () => {
    const events = take(4_000, { seed: 5, startTime: T0, ordersPerSecond: 0.05 });
    const byHour = new Array(24).fill(0);
    events.forEach((e) => byHour[e.order_hour_of_day]++);
    expect(byHour[14]).toBeGreaterThan(5 * byHour[3]);
  });

  it('injects a surge and labels it, leaving the rest of the stream unchanged', () => {
    const catalogue = createSyntheticCatalogue({ seed: 9 });
    const base = { seed: 9, catalogue, startTime: T0, ordersPerSecond: 20, seasonality: false };
    const plain = take(15_000, base);
    // A product in about 0.5% of baskets, so that five times as many still fit in them.
    const sold = new Map<number, number>();
    for (const e of plain) for (const l of e.lines) sold.set(l.product_id, (sold.get(l.product_id) ?? 0) + 1);
    const [productId] = [...sold].sort((a, b) => Math.abs(a[1] - 75) - Math.abs(b[1] - 75) || a[0] - b[0])[0] as [number, number];
    const surge = { kind: 'surge' as const, productId, factor: 5, from: T0 + 300_000, to: T0 + 600_000 };
    const source = createSyntheticSource({ ...base, scenarios: [surge], maxOrders: 15_000 });
    const surged = [...source.generate()];
    expect(source.labels).toEqual([{ id: 'surge-1', scenario: surge, direction: 'up', subject: { level: 'product', id: productId } }]);
    const inWindow = (e: CheckoutEvent) => e.event_time >= surge.from && e.event_time < surge.to;
    const countOf = (events: CheckoutEvent[], pick: (e: CheckoutEvent) => boolean) =>
      events.filter(pick).filter((e) => e.lines.some((l) => l.product_id === productId)).length;
    const before = countOf(plain, inWindow);
    const during = countOf(surged, inWindow);
    expect(during).toBeGreaterThan(3 * Math.max(before, 1));
    expect(surged.filter((e) => !inWindow(e)).slice(0, 100)).toEqual(plain.filter((e) => !inWindow(e)).slice(0, 100));
  });

  it('keeps a new entrant off the shelves until it enters', () => {
    const entrant = { kind: 'new-entrant' as const, productId: 777, share: 0.1, from: T0 + 60_000, to: T0 + 120_000 };
    const events = take(2_000, { seed: 4, startTime: T0, ordersPerSecond: 10, seasonality: false, scenarios: [entrant] });
    const has = (e: CheckoutEvent) => e.lines.some((l) => l.product_id === 777);
    expect(events.filter((e) => e.event_time < entrant.from && has(e))).toHaveLength(0);
    expect(events.filter((e) => e.event_time >= entrant.from && e.event_time < entrant.to && has(e)).length).toBeGreaterThan(30);
  });

  it('builds ~50k products on Instacart departments and aisles', () => {
    const catalogue = createSyntheticCatalogue();
    expect(catalogue.products).toHaveLength(49_688);
    expect(catalogue.departments).toHaveLength(21);
    expect(catalogue.aisles).toHaveLength(134);
    expect(catalogue.department(4)?.name).toBe('produce');
    expect(catalogue.aisle(24)).toEqual({ id: 24, name: 'fresh fruits', departmentId: 4 });
  });
});

describe('synthetic source: rate factor', () => {
  const options = { seed: 3, startTime: Date.UTC(2026, 10, 24), endTime: Date.UTC(2026, 10, 24, 0, 10), ordersPerSecond: 20, seasonality: false };
  it('changes nothing at 1, and carries that share of the orders from when it changes', () => {
    const plain = [...createSyntheticSource(options).generate()];
    expect([...createSyntheticSource({ ...options, rateFactor: () => 1 }).generate()]).toEqual(plain);
    let factor = 1;
    let n = 0;
    const slowed = [...createSyntheticSource({ ...options, rateFactor: () => (n++ < 3_000 ? 1 : (factor = 0.25)) }).generate()];
    expect(factor).toBe(0.25);
    expect(slowed.slice(0, 2_999).map((e) => e.event_id)).toEqual(plain.slice(0, 2_999).map((e) => e.event_id));
    const after = (events: typeof plain) => events.filter((e) => e.event_time >= plain[3_000]!.event_time).length;
    expect(after(slowed) / after(plain)).toBeGreaterThan(0.2);
    expect(after(slowed) / after(plain)).toBeLessThan(0.3);
  });
});
