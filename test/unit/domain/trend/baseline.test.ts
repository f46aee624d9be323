import { describe, expect, it } from 'vitest';
import { createDispersion, createShareBaseline } from '../../../../src/domain/trend/baseline';
import { createRandom } from '../../../../src/index';

const MINUTE = 60_000;

describe('share baseline', () => {
  it('is count over orders, whatever the volume of each window', () => {
    const b = createShareBaseline({ halfLifeMs: 60 * MINUTE });
    for (let w = 1; w <= 100; w++) {
      const orders = w % 2 ? 100 : 5_000; // a volume that swings 50-fold
      b.advance(w * MINUTE);
      b.learnExposure(orders);
      b.learn(7, orders * 0.02);
    }
    expect(b.share(7)).toBeCloseTo(0.02, 12);
    expect(b.share(8)).toBe(0);
    expect(b.size).toBe(1);
  });

  it('forgets with the configured half-life', () => {
    const b = createShareBaseline({ halfLifeMs: 10 * MINUTE });
    let t = 0;
    const learn = (share: number) => {
      t += MINUTE;
      b.advance(t);
      b.learnExposure(1_000);
      b.learn(1, 1_000 * share);
    };
    for (let w = 0; w < 500; w++) learn(0.1);
    for (let w = 0; w < 10; w++) learn(0.3);
    // One half-life of windows at the new share moves the estimate about half-way (windows are discrete).
    expect(b.share(1)).toBeGreaterThan(0.19);
    expect(b.share(1)).toBeLessThan(0.215);
  });

  it('survives a very long run (its scale is renormalised)', () => {
    const b = createShareBaseline({ halfLifeMs: MINUTE });
    for (let w = 1; w <= 5_000; w++) {
      b.advance(w * MINUTE);
      b.learnExposure(10);
      b.learn(1, 1);
    }
    expect(b.share(1)).toBeCloseTo(0.1, 10);
    expect(Number.isFinite(b.exposure)).toBe(true);
  });

  it('holds a catalogue past its first block exactly as sums kept one by one would', () => {
    // The reference: the same arithmetic over a plain Map, written out here.
    const halfLifeMs = 30 * MINUTE;
    const b = createShareBaseline({ halfLifeMs });
    const reference = new Map<number, number>();
    let scale = 1;
    let exposure = 0;
    let last: number | undefined;
    const random = createRandom(11);
    const ids = Array.from({ length: 3_000 }, (_, i) => 100_000 + ((i * 7_919) % 50_000));
    for (let w = 1; w <= 40; w++) {
      const end = w * 15_000;
      b.advance(end);
      if (last !== undefined) scale *= 2 ** ((end - last) / halfLifeMs);
      last = end;
      b.learnExposure(7_500);
      exposure += 7_500 * scale;
      for (const id of ids.slice(0, 75 * w)) {
        const count = random.next() < 0.05 ? -1 : Math.floor(random.next() * 4); // a late correction now and then
        b.learn(id, count);
        if (count !== 0) reference.set(id, Math.max(0, (reference.get(id) ?? 0) + count * scale));
        else if (!reference.has(id)) reference.set(id, 0);
      }
    }
    b.setShare(ids[5]!, 0.25);
    reference.set(ids[5]!, 0.25 * exposure);
    expect(b.size).toBe(reference.size);
    expect([...b.ids()]).toEqual([...reference.keys()]);
    for (const id of ids) {
      expect(b.share(id)).toBe((reference.get(id) ?? 0) / exposure);
      expect(b.weightedCount(id)).toBe((reference.get(id) ?? 0) / scale);
    }
    expect(b.share(1)).toBe(0);
  });
});

describe('dispersion', () => {
  const learn = (draw: () => [number, number], windows = 300) => {
    const d = createDispersion({ minResiduals: 1 });
    for (let w = 0; w < windows; w++) {
      for (let i = 0; i < 50; i++) d.observe(...draw());
      d.endWindow();
    }
    return d.value;
  };

  it('is about 1 for Poisson counts', () => {
    const random = createRandom(5);
    expect(learn(() => [random.poisson(20), 20])).toBeCloseTo(1, 1);
  });

  it('is about 2 for counts that come in pairs', () => {
    const random = createRandom(6);
    expect(learn(() => [2 * random.poisson(10), 20])).toBeGreaterThan(1.8);
    expect(learn(() => [2 * random.poisson(10), 20])).toBeLessThan(2.2);
  });

  it('reads clumps of identical baskets of a small product whole (1 + Poisson(1) baskets a clump: 2.5)', () => {
    // A quarter of an order expected a slice, in clumps of K = 1 + Poisson(1): E[K²] / E[K] = 5 / 2.
    const random = createRandom(8);
    const clumped = (): [number, number] => {
      let x = 0;
      for (let c = random.poisson(0.25 / 2); c > 0; c--) x += 1 + random.poisson(1);
      return [x, 0.25];
    };
    const d = createDispersion({ minResiduals: 1, cap: 25, rate: 0.03 });
    for (let w = 0; w < 2_000; w++) {
      for (let i = 0; i < 200; i++) d.observe(...clumped());
      d.endWindow();
    }
    expect(d.value).toBeGreaterThan(2.3);
    expect(d.value).toBeLessThan(2.7);
  });

  it('never reads below 1, and one wild count moves it only by its cap', () => {
    const random = createRandom(7);
    const d = createDispersion({ minResiduals: 1, cap: 25, rate: 0.03 });
    for (let w = 0; w < 200; w++) {
      d.observe(random.poisson(10), 10);
      d.endWindow();
    }
    const before = d.value;
    d.observe(1_000, 10);
    d.endWindow();
    expect(d.value - before).toBeLessThanOrEqual(0.03 * 25 + 1e-9);
    expect(createDispersion({ initial: 0.2 }).value).toBe(1);
  });
});
