import { describe, expect, it } from 'vitest';
import { addOrder, createWindowAgg } from '../../../src/domain/index';
import { simpleRuleCandidates } from '../../../src/stream/alert-simple-rule';
import { line, order } from '../../helpers/events';

const MINUTE = 60_000;

/** A window of one minute: one order per [product, price], and `times` orders of the last one. */
function windowOf(start: number, sales: Array<[id: number, price: number, times?: number]>) {
  const w = createWindowAgg(start, start + MINUTE);
  for (const [id, price, times = 1] of sales) for (let i = 0; i < times; i++) addOrder(w, order(start + 1 + i, [line(id, { unit_price: price })]));
  return w;
}

describe('the simple alert rule ranks with the one ranker', () => {
  it('calls a product that climbs into the top 10 from 26th a rank mover (its rank among every product of the window before)', () => {
    const steady = Array.from({ length: 25 }, (_, i): [number, number] => [i + 1, 100 - i]);
    const before = windowOf(0, [...steady, [30, 1]]);
    const now = windowOf(MINUTE, [...steady, [30, 100, 3]]);
    const mover = simpleRuleCandidates({ window: now, topByRevenue: [], topByUnits: [] }, before).find((c) => c.subjectId === 30);
    // Ranked against the earlier top 20 only, as stage 2's lists were, it had no previous rank and no alert.
    expect(mover).toMatchObject({ direction: 'rank-mover', baseline: 26, observed: 1, unit: 'rank' });
  });
});
