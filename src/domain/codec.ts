// Wire format of a checkout event: UTF-8 JSON. Decoding validates, so a malformed
// message becomes a precise error that names where it came from.
import { validateCheckout, type CheckoutEvent } from './event';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const encodeCheckout = (event: CheckoutEvent): Uint8Array => encoder.encode(JSON.stringify(event));

export type Decoded = { ok: true; event: CheckoutEvent } | { ok: false; reason: string };

export function decodeCheckout(bytes: Uint8Array | string): Decoded {
  let value: unknown;
  try {
    value = JSON.parse(typeof bytes === 'string' ? bytes : decoder.decode(bytes));
  } catch (error) {
    return { ok: false, reason: `not valid UTF-8 JSON (${(error as Error).message})` };
  }
  const checked = validateCheckout(value);
  return checked.ok ? { ok: true, event: checked.value } : { ok: false, reason: checked.errors.slice(0, 5).join('; ') };
}
