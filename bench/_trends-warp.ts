// A global volume shock that keeps every share: the synthetic stream's own orders, with their
// event times squeezed (or stretched) by the shock's factor while it lasts and shifted after
// it. Baskets, products and their mix are untouched; only the orders per minute change.
import type { VolumeShock } from './_trends-suite';

interface Segment {
  /** Input time where the segment begins, output time it maps to, and input ms per output ms. */
  input: number;
  output: number;
  factor: number;
}

export interface TimeWarp {
  /** Output (bench) event time of an order generated at input time t. */
  toOutput(t: number): number;
  /** Input time that maps to output time t: where the generator must run to. */
  toInput(t: number): number;
}

export function createTimeWarp(shocks: readonly VolumeShock[]): TimeWarp {
  const sorted = [...shocks].sort((a, b) => a.from - b.from);
  const segments: Segment[] = [{ input: Number.NEGATIVE_INFINITY, output: Number.NEGATIVE_INFINITY, factor: 1 }];
  let shift = 0; // input − output, before the next shock
  for (const s of sorted) {
    if (s.factor <= 0 || s.to <= s.from) throw new Error(`volume shock ${JSON.stringify(s)}: expected a positive factor and to > from`);
    segments.push({ input: s.from + shift, output: s.from, factor: s.factor });
    shift += (s.to - s.from) * (s.factor - 1);
    segments.push({ input: s.to + shift, output: s.to, factor: 1 });
  }
  const find = (key: 'input' | 'output', t: number): Segment => {
    let found = segments[0]!;
    for (const s of segments) if (s[key] <= t) found = s;
    return found;
  };
  return {
    toOutput(t) {
      const s = find('input', t);
      return s.input === Number.NEGATIVE_INFINITY ? t : s.output + (t - s.input) / s.factor;
    },
    toInput(t) {
      const s = find('output', t);
      return s.output === Number.NEGATIVE_INFINITY ? t : s.input + (t - s.output) * s.factor;
    },
  };
}
