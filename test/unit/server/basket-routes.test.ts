// GET /api/pairs and /api/products/<id>/partners over a topology fed through the driver,
// checked against a plain count of the same orders.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, startServer, type RunningServer } from '../../../server/app';
import { createTopologyDriver, tumbling, type CheckoutEvent } from '../../../src/index';
import { basketOrders, countBaskets, plainLift } from '../../helpers/baskets';
import { line, order } from '../../helpers/events';

const T0 = Date.UTC(2026, 10, 24, 9);
let events: CheckoutEvent[] = [];
let server: RunningServer;

beforeAll(async () => {
  const driver = createTopologyDriver({ partitions: 2, start: T0, settings: { window: tumbling(60_000), allowedLatenessMs: 0 } });
  events = basketOrders(400, T0, 4 * 60_000, 25, 9);
  events.forEach((e) => driver.pipe(e));
  // Orders of one product each, after the four minutes, on both partitions: the watermark passes
  // the fourth window's end and it closes as in a live run (their own window stays open).
  for (let i = 0; i < 6; i++) driver.pipe(order(T0 + 4 * 60_000 + 30_000, [line(99)]));
  driver.punctuate();
  expect(driver.closed).toHaveLength(4);
  server = await startServer(createApp({ view: driver.stage2.view, onUpdate: () => () => undefined, info: {} }), '127.0.0.1', 0);
});
afterAll(() => server.close());

const json = async (path: string) => {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, body: (await response.json()) as any };
};

describe('basket endpoints', () => {
  it('GET /api/pairs gives the top products\' partners with support, confidence and lift', async () => {
    const { status, body } = await json('/api/pairs?range=all&products=3&partners=2&pairs=4');
    expect(status).toBe(200);
    const plain = countBaskets(events);
    expect(body).toMatchObject({ range: 'all', orders: 400, exact: true, errorBound: 0 });
    const top = [...plain.ordersWith].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 3);
    expect(body.products.map((p: { productId: number; orders: number }) => [p.productId, p.orders])).toEqual(top);
    for (const product of body.products) {
      expect(product.partners).toHaveLength(2);
      for (const p of product.partners) expect(p.lift).toBeCloseTo(plainLift(plain, p.productId, p.partnerId), 12);
    }
    expect(body.pairs).toHaveLength(4);
    expect(body.pairs[0].pairOrders).toBe(Math.max(...plain.pairs.values()));
  });

  it('GET /api/products/<id>/partners lists one product\'s partners, its planted partner first', async () => {
    const { status, body } = await json('/api/products/7/partners?range=all&k=3');
    expect(status).toBe(200);
    const plain = countBaskets(events);
    expect(body).toMatchObject({ productId: 7, name: 'Product 7', orders: plain.ordersWith.get(7) });
    expect(body.partners[0]).toMatchObject({ partnerId: 3, partnerName: 'Product 3', pairOrders: plain.pairs.get('3-7') });
    expect(body.partners[0].confidence).toBe(plain.pairs.get('3-7')! / plain.ordersWith.get(7)!);
  });

  it('the live XLSX export carries the same partners in its Bought Together sheet', async () => {
    const response = await fetch(`${server.url}/export/report.xlsx?range=all`);
    expect(response.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Bought Together')!;
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => (sheet.getRow(i + 2).values as unknown[]).slice(1) as [number, string, number, string, number, number, number, number]);
    expect(rows.length).toBeGreaterThanOrEqual(10);
    const plain = countBaskets(events);
    for (const [productId, , partnerId, , , , , lift] of rows) expect(lift).toBeCloseTo(plainLift(plain, productId, partnerId), 12);
  });

  it('refuses bad input with a 400 that names it', async () => {
    expect(await json('/api/products/x/partners')).toMatchObject({ status: 400, body: { error: expect.stringContaining('"x"') } });
    expect(await json('/api/pairs?range=2h')).toMatchObject({ status: 400, body: { error: expect.stringContaining('"range"') } });
    expect(await json('/api/pairs?k=3')).toMatchObject({ status: 400, body: { error: expect.stringContaining('unknown query parameter "k"') } });
    expect(await json('/api/pairs?products=0')).toMatchObject({ status: 400, body: { error: expect.stringContaining('"products"') } });
  });
});
