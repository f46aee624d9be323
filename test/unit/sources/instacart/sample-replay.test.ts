// A public-sample-like folder (test/fixtures/instacart-sample, from scripts/make-fixture.ts): a
// subset of orders.csv with gaps in order_number, no train file, every field quoted, hours "09",
// and lines of orders and of a product the sample left out. Expected counts come from the
// generator's own data (fixture.json), not from the replay.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutEvent } from '../../../../src/domain/event';
import { silentLog } from '../../../../src/core/log';
import { createInstacartSource } from '../../../../src/sources/instacart/replay';
import { createSkipTally } from '../../../../src/sources/skip-tally';

const SAMPLE = fileURLToPath(new URL('../../../fixtures/instacart-sample', import.meta.url));
const fixture = JSON.parse(readFileSync(join(SAMPLE, 'fixture.json'), 'utf8')) as {
  whenReplayed: { orders: number; lines: number; skipped: Record<string, number> };
  usersNotStartingAtOne: number;
  usersWithGaps: number;
};
const END = Date.UTC(2026, 10, 30, 17, 42, 11);
const DAY_MS = 86_400_000;

async function replay(timeZone: string): Promise<{ events: CheckoutEvent[]; tally: ReturnType<typeof createSkipTally>; warnings: string[] }> {
  const warnings: string[] = [];
  const tally = createSkipTally({ log: { warn: (m) => warnings.push(m) }, examplesPerReason: 2 });
  const source = createInstacartSource({ dataPath: SAMPLE, anchor: { endMs: END }, timeZone, onRejected: tally.record });
  const events: CheckoutEvent[] = [];
  for await (const event of source.events()) events.push(event);
  return { events, tally, warnings };
}

function local(ms: number, timeZone: string): { dow: number; hour: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' }).formatToParts(new Date(ms));
  const weekday = parts.find((p) => p.type === 'weekday')?.value as string;
  return { dow: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(weekday), hour: Number(parts.find((p) => p.type === 'hour')?.value) };
}

describe('replay of a public-sample-like folder', () => {
  let utc: Awaited<ReturnType<typeof replay>>;
  beforeAll(async () => {
    utc = await replay('UTC');
  });

  it('replays without a train file and emits every order and line the sample has', () => {
    expect(utc.events).toHaveLength(fixture.whenReplayed.orders);
    expect(utc.events.reduce((n, e) => n + e.lines.length, 0)).toBe(fixture.whenReplayed.lines);
    expect(fixture.usersNotStartingAtOne).toBeGreaterThan(5);
    expect(fixture.usersWithGaps).toBeGreaterThan(5);
  });

  it('counts skipped rows by reason, logging only the first few of each', () => {
    const total = Object.values(fixture.whenReplayed.skipped).reduce((a, b) => a + b, 0);
    expect(utc.tally.snapshot()).toEqual({ total, byReason: fixture.whenReplayed.skipped });
    expect(utc.warnings).toHaveLength(2 * Object.keys(fixture.whenReplayed.skipped).length);
    expect(utc.warnings[0]).toMatch(/^skipping bad row order_products__prior\.csv:\d+: order_id \d+ is not in orders\.csv$/);
    expect(utc.warnings[1]).toContain('(further rows skipped for "order not in orders.csv" are only counted)');
    expect(utc.tally.describe()).toBe(`${total} rows skipped: ${fixture.whenReplayed.skipped['order not in orders.csv']} order not in orders.csv, ` +
      `${fixture.whenReplayed.skipped['product not in products.csv']} product not in products.csv`);
  });

  it('keeps every order at its order_dow and order_hour_of_day in UTC, and ends within the week before the end anchor', () => {
    expect(utc.events.filter((e) => new Date(e.event_time).getUTCHours() !== e.order_hour_of_day)).toEqual([]);
    expect(utc.events.filter((e) => new Date(e.event_time).getUTCDay() !== e.order_dow)).toEqual([]);
    const last = (utc.events.at(-1) as CheckoutEvent).event_time;
    expect(utc.events.every((e) => e.event_time <= END)).toBe(true);
    expect(last).toBeGreaterThan(END - 7 * DAY_MS);
  });

  it("spreads users who start after order #1 by their mean days between orders, instead of starting them all in week 0", () => {
    // From orders.csv itself: each user's first listed order, and the mean of their days_since_prior_order.
    const rows = readFileSync(join(SAMPLE, 'orders.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.replace(/"/g, '').split(','));
    const users = new Map<string, { first: string[]; days: number[] }>();
    for (const row of rows) {
      const user = users.get(row[1] as string) ?? { first: row, days: [] };
      if (Number(row[3]) < Number(user.first[3])) user.first = row;
      if (row[6] !== '') user.days.push(Number(row[6]));
      users.set(row[1] as string, user);
    }
    const byOrder = new Map(utc.events.map((e) => [e.order_id, e]));
    const sunday = Math.floor(((utc.events[0] as CheckoutEvent).event_time - 3 * DAY_MS) / (7 * DAY_MS)) * 7 * DAY_MS + 3 * DAY_MS;
    let checked = 0;
    for (const { first, days } of users.values()) {
      const event = byOrder.get(Number(first[0]));
      const n = Number(first[3]);
      if (!event || n === 1) continue;
      const mean = days.reduce((a, b) => a + b, 0) / days.length;
      const aim = (n - 2) * mean + Number(first[6]);
      const day = Math.floor((event.event_time - sunday) / DAY_MS);
      expect(Math.abs(day - aim), `user ${first[1]}, first listed order #${n}`).toBeLessThanOrEqual(3.5);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('keeps weekday and hour in another time zone too', async () => {
    const timeZone = 'America/Chicago';
    const { events } = await replay(timeZone);
    expect(events.map((e) => e.order_id)).toEqual(utc.events.map((e) => e.order_id));
    const wrong = events.filter((e) => {
      const at = local(e.event_time, timeZone);
      return at.hour !== e.order_hour_of_day || at.dow !== e.order_dow;
    });
    expect(wrong).toEqual([]);
    expect(events.every((e) => e.event_time <= END)).toBe(true);
  });
});
