import { describe, expect, it } from 'vitest';
import { durationText, trendMessage, type MessageFacts } from '../../../../src/domain/trend/messages';
import type { TrendDirection } from '../../../../src/domain/trend/index';

const T0 = Date.UTC(2026, 10, 23, 10, 5);
const facts = (over: Partial<MessageFacts> = {}): MessageFacts => ({
  level: 'product', name: 'Bananas', direction: 'surge', polarity: 'up', phase: 'changed', observed: 30, baseline: 10,
  sinceRatio: 3, since: T0, at: T0 + 10 * 60_000, minChange: 0.3, rank: null, baselineRank: null, topK: 20, isNew: false, ...over,
});

/** The signed percentage a message prints, and the words it uses for a direction. */
const printedPct = (m: string): number => {
  const match = /([+−±])(\d+)%/.exec(m);
  if (!match) throw new Error(`no percentage in "${m}"`);
  return match[1] === '±' ? 0 : (match[1] === '−' ? -1 : 1) * Number(match[2]);
};
const UP_WORDS = /surged|climbed|entered the top|higher/;
const DOWN_WORDS = /dropped|lower/;

describe('alert messages', () => {
  it('never puts a direction word next to numbers that point the other way', () => {
    const directions: Array<[TrendDirection, 'up' | 'down']> = [['surge', 'up'], ['rank-mover', 'up'], ['new-entrant', 'up'], ['drop', 'down']];
    let checked = 0;
    for (const [direction, polarity] of directions) {
      for (const phase of ['changed', 'new-level', 'over'] as const) {
        for (const observed of [0, 0.4, 3.3, 9.96, 10, 10.04, 12, 30, 300]) {
          const m = trendMessage(facts({ direction, polarity, phase, observed, baseline: 10, sinceRatio: polarity === 'up' ? 2.5 : 0.4, rank: 3, baselineRank: 9 }));
          const pct = printedPct(m);
          if (UP_WORDS.test(m)) expect(pct, m).toBeGreaterThan(0);
          if (DOWN_WORDS.test(m)) expect(pct, m).toBeLessThan(0);
          checked++;
        }
      }
    }
    expect(checked).toBe(4 * 3 * 9);
    // The case the issue found: a critical surge with nothing sold reads as easing, with its real numbers.
    const easing = trendMessage(facts({ level: 'department', name: 'beverages', observed: 0, baseline: 3.4 }));
    expect(easing).toBe('Department beverages: the surge that began at 10:05 UTC is easing; now 0.0 lines/min vs 3.4 expected (−100%)');
  });

  it('gives rates per minute with their unit, and the ratio since the change began only when it agrees', () => {
    expect(trendMessage(facts())).toBe('Bananas surged: 30 orders/min vs 10 expected (+200%), ×3.0 since 10:05 UTC');
    expect(trendMessage(facts({ direction: 'drop', polarity: 'down', observed: 2, sinceRatio: 0.2 }))).toBe('Bananas dropped: 2.0 orders/min vs 10 expected (−80%), ×0.20 since 10:05 UTC');
    expect(trendMessage(facts({ sinceRatio: 0.9 }))).not.toContain('since 10:05');
    expect(trendMessage(facts({ level: 'department', name: 'frozen' }))).toMatch(/^Department frozen surged: 30 lines\/min/);
    expect(trendMessage(facts({ direction: 'new-entrant', isNew: true, observed: 4.2, baseline: 0, rank: 12 }))).toBe('Bananas is new and selling, #12 in the top 20: 4.2 orders/min since 10:05 UTC');
  });

  it('reports a lasting shift as a new level, not as back to normal', () => {
    const m = trendMessage(facts({ phase: 'new-level', at: T0 + 2 * 3_600_000 }));
    expect(m).toBe('Bananas is at a new level, higher: now ×3.0 for 2 h (30 orders/min vs 10 before 10:05 UTC, +200%)');
    expect(m).not.toMatch(/normal/);
    expect(trendMessage(facts({ direction: 'drop', polarity: 'down', phase: 'new-level', observed: 4, at: T0 + 125 * 60_000 })))
      .toBe('Bananas is at a new level, lower: now ×0.40 for 2 h 5 min (4.0 orders/min vs 10 before 10:05 UTC, −60%)');
  });

  it('says back to normal only within the minimum change of the level before the change', () => {
    expect(trendMessage(facts({ phase: 'over', observed: 11, at: T0 + 25 * 60_000 })))
      .toBe('Bananas is back to normal: 11 orders/min vs 10 before the surge began at 10:05 UTC (+10%), after 25 min');
    const below = trendMessage(facts({ phase: 'over', observed: 2 }));
    expect(below).toBe('Bananas: the surge that began at 10:05 UTC is over; now 2.0 orders/min vs 10 before it (−80%)');
    expect(trendMessage(facts({ phase: 'over', observed: 13.5, minChange: 0.3 }))).not.toMatch(/normal/);
  });

  it('writes durations a person reads at a glance', () => {
    expect([0, 59_000, 25 * 60_000, 60 * 60_000, 125 * 60_000, 50 * 3_600_000].map(durationText)).toEqual(['0 min', '1 min', '25 min', '1 h', '2 h 5 min', '2 d 2 h']);
  });
});
