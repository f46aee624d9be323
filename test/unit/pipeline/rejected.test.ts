// Rejected records are kept whole: a text (JSON) value as text, a binary (Avro) one as base64 of
// exactly its bytes, each with where it came from and why.
import { describe, expect, it } from 'vitest';
import { writeRejected } from '../../../src/pipeline/rejected';
import { createFsStore, createSyntheticSource, encodeCheckout } from '../../../src/index';
import { tempDir } from '../../helpers/tmp';

describe('writeRejected', () => {
  it('keeps a JSON value as text and an Avro value byte for byte', async () => {
    const store = createFsStore({ root: await tempDir('rejected') });
    const [event] = [...createSyntheticSource({ seed: 2, startTime: Date.UTC(2026, 10, 30), ordersPerSecond: 5, maxOrders: 1, seasonality: false }).generate()];
    const avro = encodeCheckout(event!, 'avro').subarray(0, 40); // cut short: rejected as "ends early"
    const text = new TextEncoder().encode('{"event_id": "x", "order_dow": 9}');
    const path = await writeRejected(store, 'checkouts', 2, [
      { where: 'checkouts/2@7', offset: 7, reason: 'order_dow: expected an integer in [0, 6], got 9', value: text },
      { where: 'checkouts/2@8', offset: 8, reason: 'an Avro checkout that ends early', value: avro },
    ]);
    expect(path).toBe('purchase-analytics/rejected/checkouts/part-2-7-8.jsonl');
    const lines = new TextDecoder().decode(await store.read(path)).trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines[0]).toEqual({ where: 'checkouts/2@7', reason: 'order_dow: expected an integer in [0, 6], got 9', value: '{"event_id": "x", "order_dow": 9}' });
    expect(lines[1]).toMatchObject({ where: 'checkouts/2@8', reason: 'an Avro checkout that ends early' });
    expect(lines[1]!.value).toBeUndefined();
    expect([...Buffer.from(lines[1]!.valueBase64!, 'base64')]).toEqual([...avro]);
  });
});
