// The Avro checkout: the fingerprint is the specification's, the bytes are what Apache's own
// JavaScript library (avro-js, not the avsc the codec uses) reads and writes, a consumer takes
// JSON and Avro alike, and a broken or foreign Avro message is refused with what is wrong.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CHECKOUT_AVRO_CANONICAL, CHECKOUT_AVRO_HEADER, CHECKOUT_AVRO_SCHEMA, rabinFingerprint } from '../../../src/domain/codec-avro';
import { decodeCheckout, encodeCheckout } from '../../../src/domain/codec';
import { createSyntheticSource, type CheckoutEvent } from '../../../src/index';

const apache = createRequire(import.meta.url)('avro-js') as { parse(schema: unknown): { toBuffer(v: unknown): Buffer; fromBuffer(b: Buffer): unknown } };
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
const events = [...createSyntheticSource({ seed: 3, startTime: Date.UTC(2026, 10, 30, 9), ordersPerSecond: 50, maxOrders: 300, seasonality: false }).generate()];

describe('Avro checkout codec', () => {
  it('fingerprints as the Avro specification does (CRC-64-AVRO, its published values)', () => {
    const signed = (v: bigint): bigint => BigInt.asIntN(64, v);
    expect(signed(rabinFingerprint(utf8('"null"')))).toBe(7195948357588979594n);
    expect(signed(rabinFingerprint(utf8('"boolean"')))).toBe(-6970731678124411036n);
    expect(signed(rabinFingerprint(utf8('{"name":"foo","type":"fixed","size":15}')))).toBe(1756455273707447556n);
  });

  it('frames each message with the marker C3 01 and the fingerprint of the schema in canonical form', () => {
    // Parsing Canonical Form: full names, only name/type/fields/items, no logical types or spaces.
    expect(CHECKOUT_AVRO_CANONICAL).toBe(
      '{"name":"purchase_trends.Checkout","type":"record","fields":[{"name":"event_id","type":"string"},{"name":"event_time","type":"long"},' +
      '{"name":"order_id","type":"long"},{"name":"user_id","type":"int"},{"name":"order_number","type":"int"},{"name":"order_dow","type":"int"},' +
      '{"name":"order_hour_of_day","type":"int"},{"name":"days_since_prior_order","type":["null","double"]},{"name":"lines","type":{"type":"array","items":' +
      '{"name":"purchase_trends.OrderLine","type":"record","fields":[{"name":"product_id","type":"int"},{"name":"product_name","type":"string"},' +
      '{"name":"aisle_id","type":"int"},{"name":"aisle","type":"string"},{"name":"department_id","type":"int"},{"name":"department","type":"string"},' +
      '{"name":"quantity","type":"int"},{"name":"unit_price","type":"double"},{"name":"discount","type":"double"},{"name":"reordered","type":"boolean"},' +
      '{"name":"add_to_cart_order","type":"int"}]}}}]}',
    );
    const fp = rabinFingerprint(utf8(CHECKOUT_AVRO_CANONICAL));
    expect([...CHECKOUT_AVRO_HEADER]).toEqual([0xc3, 0x01, ...Array.from({ length: 8 }, (_, i) => Number((fp >> BigInt(8 * i)) & 0xffn))]);
    expect([...encodeCheckout(events[0]!, 'avro').subarray(0, 10)]).toEqual([...CHECKOUT_AVRO_HEADER]);
  });

  it('round-trips every order, a first order (no prior days) included, through both formats alike', () => {
    expect(events.some((e) => e.days_since_prior_order === null)).toBe(true);
    for (const event of events) {
      const json = decodeCheckout(encodeCheckout(event, 'json'));
      const binary = decodeCheckout(encodeCheckout(event, 'avro'));
      expect(binary.ok && json.ok).toBe(true);
      expect(plain(binary.ok && binary.event)).toEqual(plain(event));
      expect(plain(binary.ok && binary.event)).toEqual(plain(json.ok && json.event));
    }
  });

  it('writes what Apache avro-js reads, and reads what it writes', () => {
    const type = apache.parse(CHECKOUT_AVRO_SCHEMA);
    // avro-js gives a union's value as {branch: value}, as Avro's JSON encoding does.
    const wrapped = (e: CheckoutEvent) => ({ ...e, days_since_prior_order: e.days_since_prior_order === null ? null : { double: e.days_since_prior_order } });
    expect(events.slice(0, 50).some((e) => e.days_since_prior_order === null)).toBe(true);
    for (const event of events.slice(0, 50)) {
      const ours = encodeCheckout(event, 'avro');
      expect(plain(type.fromBuffer(Buffer.from(ours.subarray(10))))).toEqual(plain(wrapped(event)));
      const theirs = new Uint8Array([...CHECKOUT_AVRO_HEADER, ...type.toBuffer(wrapped(event))]);
      const read = decodeCheckout(theirs);
      expect(read.ok && plain(read.event)).toEqual(plain(event));
    }
  });

  it('takes a third of the bytes of JSON', () => {
    const bytes = (format: 'json' | 'avro') => events.reduce((n, e) => n + encodeCheckout(e, format).length, 0);
    expect(bytes('avro') / bytes('json')).toBeLessThan(0.4);
  });

  it('refuses a short, a long, a foreign and an invalid Avro message with what is wrong', () => {
    const good = encodeCheckout(events[1]!, 'avro');
    expect(decodeCheckout(good.subarray(0, 6))).toEqual({ ok: false, reason: 'an Avro message of 6 bytes, shorter than its 10-byte header' });
    expect(decodeCheckout(good.subarray(0, good.length - 3))).toMatchObject({ ok: false, reason: expect.stringMatching(/ends early|not a valid Avro checkout/) });
    expect(decodeCheckout(new Uint8Array([...good, 0]))).toEqual({ ok: false, reason: `1 byte(s) left over after the Avro checkout ends at byte ${good.length}` });
    const foreign = good.slice();
    foreign[9] = foreign[9]! ^ 0xff;
    expect(decodeCheckout(foreign)).toMatchObject({ ok: false, reason: expect.stringMatching(/^an Avro message of schema fingerprint [0-9a-f]{16}, not the checkout schema this release reads \([0-9a-f]{16}\)$/) });
    const wrongDay: CheckoutEvent = { ...events[2]!, order_dow: 9 };
    expect(decodeCheckout(encodeCheckout(wrongDay, 'avro'))).toMatchObject({ ok: false, reason: expect.stringContaining('order_dow: expected an integer in [0, 6], got 9') });
  });
});
