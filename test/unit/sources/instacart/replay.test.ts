import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCheckout, type CheckoutEvent } from '../../../../src/domain/event';
import { unitPrice } from '../../../../src/domain/prices';
import { WorkbenchError } from '../../../../src/core/errors';
import { createInstacartSource, listInstacartFiles, type InstacartOptions } from '../../../../src/sources/instacart/replay';
import type { RejectedRecord } from '../../../../src/sources/types';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/${name}`, import.meta.url));
const MINI = fixture('instacart-mini');
const QUOTED = fixture('instacart-mini-quoted');
const BAD = fixture('instacart-bad-row');
const counts = JSON.parse(readFileSync(join(MINI, 'fixture.json'), 'utf8')) as {
  users: number; orders: number; ordersWithLines: number; lines: number; products: number; evalSets: { prior: number; train: number; test: number };
};
const bad = JSON.parse(readFileSync(join(BAD, 'fixture.json'), 'utf8')) as {
  badRow: { file: string; line: number; orderId: number; productId: number; reason: string };
  whenSkipped: { ordersWithLines: number; lines: number };
};

const ANCHOR = Date.UTC(2026, 0, 4, 0, 0, 0);
const DAY = 86_400;

async function replay(options: Partial<InstacartOptions> & { dataPath: string | undefined }): Promise<CheckoutEvent[]> {
  const events: CheckoutEvent[] = [];
  for await (const event of createInstacartSource({ anchor: { startMs: ANCHOR }, ...options }).events()) events.push(event);
  return events;
}

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the mini fixture with each file rewritten by `edit`. */
function editedCopy(edit: (name: string, text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'instacart-test-'));
  temporary.push(dir);
  for (const { name } of listInstacartFiles(MINI)) writeFileSync(join(dir, name), edit(name, readFileSync(join(MINI, name), 'utf8')));
  return dir;
}

async function caught(run: () => unknown): Promise<WorkbenchError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof WorkbenchError) return error;
    throw error;
  }
  throw new Error('expected a WorkbenchError');
}

describe('instacart replay of the mini fixture', () => {
  let events: CheckoutEvent[] = [];
  beforeAll(async () => {
    events = await replay({ dataPath: MINI });
  });

  it('emits every order that has lines, with all their lines, as valid checkout events', () => {
    expect(events).toHaveLength(counts.ordersWithLines);
    expect(events.reduce((sum, e) => sum + e.lines.length, 0)).toBe(counts.lines);
    expect(new Set(events.map((e) => e.user_id)).size).toBe(counts.users);
    expect(events.filter((e) => !validateCheckout(e).ok)).toEqual([]);
    expect(events.every((e) => e.event_id === `ic-${e.order_id}`)).toBe(true);
    expect(new Set(events.map((e) => e.order_id)).size).toBe(events.length);
  });

  it('emits in non-decreasing event time, in the first week from the start anchor (a Sunday, 00:00 UTC)', async () => {
    const { firstSecond } = await createInstacartSource({ anchor: { startMs: ANCHOR }, dataPath: MINI }).prepare();
    expect(events[0]?.event_time).toBe(ANCHOR + firstSecond * 1000);
    expect(firstSecond).toBeLessThan(7 * DAY);
    expect(events.every((e, i) => i === 0 || e.event_time >= (events[i - 1] as CheckoutEvent).event_time)).toBe(true);
    expect((events.at(-1) as CheckoutEvent).event_time).toBeGreaterThan(ANCHOR + 30 * DAY * 1000);
  });

  it("rebuilds each user's timeline from dow, hour and days since the prior order, keeping dow and hour exactly", () => {
    // Day 0 of the timeline is the anchor's Sunday, so a second of the timeline is (event_time - ANCHOR) / 1000.
    const second = (e: CheckoutEvent): number => (e.event_time - ANCHOR) / 1000;
    const byUser = new Map<number, CheckoutEvent[]>();
    for (const e of events) byUser.set(e.user_id, [...(byUser.get(e.user_id) ?? []), e]);
    let moved = 0;
    for (const orders of byUser.values()) {
      orders.sort((a, b) => a.order_number - b.order_number);
      for (const [i, e] of orders.entries()) {
        const t = second(e);
        expect(Math.floor((t % DAY) / 3600)).toBe(e.order_hour_of_day);
        expect(Math.floor(t / DAY) % 7).toBe(e.order_dow);
        expect(new Date(e.event_time).getUTCDay()).toBe(e.order_dow);
        if (e.order_number === 1) expect(Math.floor(t / DAY)).toBe(e.order_dow);
        const previous = orders[i - 1];
        if (!previous || previous.order_number !== e.order_number - 1) continue;
        expect(t).toBeGreaterThan(second(previous));
        // The weekday wins over days_since_prior_order, by at most 3 days, or a week more when
        // the order would otherwise not come after the previous one.
        const shift = Math.floor(t / DAY) - Math.floor(second(previous) / DAY) - (e.days_since_prior_order as number);
        expect(Math.abs(shift > 3 ? shift - 7 * Math.round(shift / 7) : shift)).toBeLessThanOrEqual(3);
        if (shift !== 0) moved++;
      }
    }
    expect(moved).toBeGreaterThan(0);
  });

  it('keeps the fields of orders.csv and fills lines from the catalogue and the price and quantity models', () => {
    const orders = new Map(readFileSync(join(MINI, 'orders.csv'), 'utf8').trim().split('\n').slice(1).map((row) => {
      const [id, user, , number, dow, hour, days] = row.split(',');
      return [Number(id), { user: Number(user), number: Number(number), dow: Number(dow), hour: Number(hour), days: days === '' ? null : Number(days) }];
    }));
    const fromFile = events.map((e) => orders.get(e.order_id));
    expect(fromFile).toEqual(events.map((e) => ({ user: e.user_id, number: e.order_number, dow: e.order_dow, hour: e.order_hour_of_day, days: e.days_since_prior_order })));
    const source = createInstacartSource({ anchor: { startMs: ANCHOR }, dataPath: MINI });
    const lines = events.flatMap((e) => e.lines);
    const { catalogue } = source;
    expect(lines.map((l) => [l.product_name, l.aisle, l.department, l.unit_price, l.discount])).toEqual(lines.map((l) => [
      catalogue.product(l.product_id)?.name, catalogue.aisle(l.aisle_id)?.name, catalogue.department(l.department_id)?.name,
      unitPrice(l.product_id, l.aisle_id, l.department_id), 0,
    ]));
    expect(lines.every((l) => catalogue.product(l.product_id)?.aisleId === l.aisle_id)).toBe(true);
    const quantities = lines.map((l) => l.quantity);
    expect(new Set(quantities)).toEqual(new Set([1, 2, 3]));
    expect(quantities.filter((q) => q === 1).length / quantities.length).toBeGreaterThan(0.75);
    expect(lines.some((l) => l.reordered) && lines.some((l) => !l.reordered)).toBe(true);
    expect(events.every((e) => e.lines.every((l, i) => l.add_to_cart_order === i + 1))).toBe(true);
  });

  it('loads the real departments and aisles and the fixture products, names with commas and quotes included', () => {
    const { catalogue } = createInstacartSource({ anchor: { startMs: ANCHOR }, dataPath: MINI });
    expect([catalogue.departments.length, catalogue.aisles.length, catalogue.products.length]).toEqual([21, 134, counts.products]);
    expect(catalogue.department(16)?.name).toBe('dairy eggs');
    expect(catalogue.aisle(24)).toEqual({ id: 24, name: 'fresh fruits', departmentId: 4 });
    expect(catalogue.products.some((p) => p.name.includes(',')) && catalogue.products.some((p) => p.name.includes('"'))).toBe(true);
  });

  it('yields the same events from the quoted CRLF copy with unpadded hours', async () => {
    expect(await replay({ dataPath: QUOTED })).toEqual(events);
  });

  it('yields the same events from files without a header row', async () => {
    const dir = editedCopy((_, text) => text.slice(text.indexOf('\n') + 1));
    expect(await replay({ dataPath: dir })).toEqual(events);
  });

  it('yields the same events when an order\'s lines are not contiguous', async () => {
    // Move every order's last line to the end of the file: each order is then two runs.
    const dir = editedCopy((name, text) => {
      if (!name.startsWith('order_products__')) return text;
      const [header, ...rows] = text.trim().split('\n');
      const kept: string[] = [];
      const moved: string[] = [];
      rows.forEach((row, i) => (row.split(',')[0] === rows[i + 1]?.split(',')[0] ? kept : moved).push(row));
      return `${header}\n${kept.join('\n')}\n${moved.join('\n')}\n`;
    });
    expect(await replay({ dataPath: dir })).toEqual(events);
  });

  it('replays the prior or the train orders alone with evalSet', async () => {
    const prior = await replay({ dataPath: MINI, evalSet: 'prior' });
    expect(prior).toHaveLength(counts.evalSets.prior);
    const train = await replay({ dataPath: MINI, evalSet: 'train' });
    expect(train).toHaveLength(counts.evalSets.train);
    expect(new Set([...prior, ...train].map((e) => e.order_id))).toEqual(new Set(events.map((e) => e.order_id)));
  });

  it('ends at or before the end anchor, moved by whole weeks, so no event time is in the future', async () => {
    const end = Date.UTC(2026, 10, 30, 12, 34, 56);
    const ending = await replay({ dataPath: MINI, anchor: { endMs: end } });
    expect(ending.map((e) => e.order_id)).toEqual(events.map((e) => e.order_id));
    const last = (ending.at(-1) as CheckoutEvent).event_time;
    expect(last).toBeLessThanOrEqual(end);
    expect(last).toBeGreaterThan(end - 7 * DAY * 1000);
    const shift = (ending[0] as CheckoutEvent).event_time - (events[0] as CheckoutEvent).event_time;
    expect(shift % (7 * DAY * 1000)).toBe(0);
    expect(ending.map((e) => e.event_time - shift)).toEqual(events.map((e) => e.event_time));
  });

  it('emits the earliest orders only up to limitOrders, and knows its total once prepared', async () => {
    const source = createInstacartSource({ anchor: { startMs: ANCHOR }, dataPath: MINI, limitOrders: 25 });
    expect(source.kind).toBe('instacart');
    expect(source.total).toBeUndefined();
    const summary = await source.prepare();
    expect(summary).toMatchObject({
      orders: counts.orders, ordersWithLines: counts.ordersWithLines, lines: counts.lines, total: 25, rejected: 0,
      lineFiles: ['order_products__prior.csv', 'order_products__train.csv'], firstEventTime: events[0]?.event_time, lastEventTime: events[24]?.event_time,
    });
    expect(source.total).toBe(25);
    const limited: CheckoutEvent[] = [];
    for await (const event of source.events()) limited.push(event);
    expect(limited).toEqual(events.slice(0, 25));
  });

  it('can stop early and iterate again from the start', async () => {
    const source = createInstacartSource({ anchor: { startMs: ANCHOR }, dataPath: MINI });
    const firstFew: number[] = [];
    for await (const event of source.events()) {
      firstFew.push(event.order_id);
      if (firstFew.length === 3) break;
    }
    let again = 0;
    for await (const event of source.events()) {
      expect(event.order_id).toBe(events[again]?.order_id);
      again++;
    }
    expect(firstFew).toEqual(events.slice(0, 3).map((e) => e.order_id));
    expect(again).toBe(events.length);
  });
});

describe('instacart replay of a bad row', () => {
  const where = `${bad.badRow.file}:${bad.badRow.line}`;

  it("fails with the file and line under the 'fail' policy", async () => {
    const error = await caught(() => replay({ dataPath: BAD, badRecords: 'fail' }));
    expect(error.code).toBe('BAD_CSV_ROW');
    expect(error.where).toBe(where);
    expect(error.message).toContain(`${where}: ${bad.badRow.reason}`);
  });

  it("reports the row and replays everything else under 'skip'", async () => {
    const rejected: RejectedRecord[] = [];
    const events = await replay({ dataPath: BAD, badRecords: 'skip', onRejected: (r) => rejected.push(r) });
    expect(rejected).toEqual([{ where, reason: bad.badRow.reason, kind: 'malformed row', raw: `${bad.badRow.orderId},${bad.badRow.productId},two,0` }]);
    expect(events).toHaveLength(bad.whenSkipped.ordersWithLines);
    expect(events.reduce((sum, e) => sum + e.lines.length, 0)).toBe(bad.whenSkipped.lines);
    const hit = events.find((e) => e.order_id === bad.badRow.orderId) as CheckoutEvent;
    expect(hit.lines.map((l) => l.add_to_cart_order)).not.toContain(2);
    expect(hit.lines.some((l) => l.product_id === bad.badRow.productId)).toBe(false);
    expect(hit.lines.length).toBeGreaterThanOrEqual(2);
  });
});

describe('instacart replay inputs', () => {
  it('names the missing folder and the files it should hold', async () => {
    const missing = join(tmpdir(), 'no-such-instacart-folder');
    const error = await caught(() => createInstacartSource({ anchor: { startMs: ANCHOR }, dataPath: missing }));
    expect(error.code).toBe('MISSING_INPUT');
    expect(error.where).toBe(missing);
    expect(error.message).toContain(missing);
    expect(error.message).toContain('orders.csv, order_products__prior.csv (and optionally order_products__train.csv)');
  });

  it('asks for DATA_PATH when no folder is given', async () => {
    const error = await caught(() => createInstacartSource({ anchor: { startMs: ANCHOR }, dataPath: undefined }));
    expect(error.code).toBe('MISSING_INPUT');
    expect(error.message).toContain('DATA_PATH');
  });

  it('names a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'instacart-test-'));
    temporary.push(dir);
    for (const { name } of listInstacartFiles(MINI)) if (name !== 'products.csv') copyFileSync(join(MINI, name), join(dir, name));
    const error = await caught(() => createInstacartSource({ anchor: { startMs: ANCHOR }, dataPath: dir }));
    expect(error.code).toBe('MISSING_INPUT');
    expect(error.where).toBe(join(dir, 'products.csv'));
    expect(error.message).toContain(`${dir} lacks products.csv`);
    // The train file is optional, unless the train orders are asked for.
    rmSync(join(dir, 'order_products__train.csv'));
    copyFileSync(join(MINI, 'products.csv'), join(dir, 'products.csv'));
    expect(createInstacartSource({ anchor: { startMs: ANCHOR }, dataPath: dir }).catalogue.products).toHaveLength(counts.products);
    const train = await caught(() => createInstacartSource({ anchor: { startMs: ANCHOR }, dataPath: dir, evalSet: 'train' }));
    expect(train.message).toContain(`${dir} lacks order_products__train.csv`);
  });

  it('refuses an anchor, a time zone or an eval set it cannot use', async () => {
    expect((await caught(() => createInstacartSource({ anchor: { endMs: 1.5 }, dataPath: MINI }))).message).toBe('replay anchor must be epoch milliseconds, got 1.5');
    const zone = await caught(() => createInstacartSource({ anchor: { startMs: ANCHOR }, dataPath: MINI, timeZone: 'Mars/Olympus' }));
    expect([zone.code, zone.message]).toEqual(['BAD_CONFIG', 'unknown time zone "Mars/Olympus"; expected an IANA name such as UTC, Europe/Paris or America/Chicago']);
    const set = await caught(() => createInstacartSource({ anchor: { startMs: ANCHOR }, dataPath: MINI, evalSet: 'test' as 'all' }));
    expect(set.message).toBe('eval set must be one of prior, train, all, got "test"');
  });
});
