// Wire format of a checkout event: UTF-8 JSON by default, or Avro's binary single-object
// encoding (codec-avro.ts). Decoding tells the two apart by the first byte and validates either,
// so a malformed message becomes a precise error that names where it came from.
import { decodeAvroCheckout, encodeAvroCheckout, isAvroCheckout } from './codec-avro';
import { validateCheckout, type CheckoutEvent } from './event';

/** How checkout values are written; a consumer reads both. */
export type CheckoutFormat = 'json' | 'avro';
export const CHECKOUT_FORMATS: readonly CheckoutFormat[] = ['json', 'avro'];

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const encodeCheckout = (event: CheckoutEvent, format: CheckoutFormat = 'json'): Uint8Array =>
  format === 'avro' ? encodeAvroCheckout(event) : encoder.encode(JSON.stringify(event));

export type Decoded = { ok: true; event: CheckoutEvent } | { ok: false; reason: string };

export function decodeCheckout(bytes: Uint8Array | string): Decoded {
  let value: unknown;
  if (typeof bytes !== 'string' && isAvroCheckout(bytes)) {
    const read = decodeAvroCheckout(bytes);
    if (!read.ok) return read;
    value = read.value;
  } else {
    try {
      value = JSON.parse(typeof bytes === 'string' ? bytes : decoder.decode(bytes));
    } catch (error) {
      return { ok: false, reason: `not valid UTF-8 JSON (${(error as Error).message})` };
    }
  }
  const checked = validateCheckout(value);
  return checked.ok ? { ok: true, event: checked.value } : { ok: false, reason: checked.errors.slice(0, 5).join('; ') };
}
