import { describe, expect, it } from 'vitest';
import { classifyRise, windowRank } from '../../../../src/domain/trend/classify';
import { departmentRemainder, explainedByDepartment } from '../../../../src/domain/trend/departments';

describe('department remainder', () => {
  it('leaves out a product whose change is its own, and keeps products that move with the department', () => {
    // Department: 1,000 expected lines; product A (100 expected) tripled, the rest as expected.
    const surge = departmentRemainder({ x: 1_200, mu: 1_000 }, [{ x: 300, mu: 100 }], 1);
    expect(surge).toEqual({ x: 900, mu: 900, dominated: false, normal: 1_000 });
    // The whole department doubled, product A with it: A is in line, nothing is left out.
    const shift = departmentRemainder({ x: 2_000, mu: 1_000 }, [{ x: 200, mu: 100 }], 1);
    expect(shift).toEqual({ x: 2_000, mu: 1_000, dominated: false, normal: 2_000 });
  });

  it('says when the products left out are most of the department', () => {
    expect(departmentRemainder({ x: 400, mu: 100 }, [{ x: 360, mu: 60 }], 1).dominated).toBe(true);
  });

  it('allows for dispersion when judging what is out of line', () => {
    // 40 lines against about 20 expected: z ≈ 4.4 at Poisson (left out), 2.2 at dispersion 4 (kept).
    expect(departmentRemainder({ x: 1_020, mu: 1_000 }, [{ x: 40, mu: 20 }], 1).x).toBe(980);
    expect(departmentRemainder({ x: 1_020, mu: 1_000 }, [{ x: 40, mu: 20 }], 4).x).toBe(1_020);
  });
});

describe('explained by a department', () => {
  it('explains a product onset no bigger than the department\'s change, or within chance of it', () => {
    expect(explainedByDepartment({ polarity: 'up', count: 200, expected: 100 }, 2, 1, 0.3)).toBe(true);
    expect(explainedByDepartment({ polarity: 'up', count: 500, expected: 100 }, 2, 1, 0.3)).toBe(false);
    expect(explainedByDepartment({ polarity: 'down', count: 18, expected: 54 }, 0.5, 1, 0.3)).toBe(true); // 0.33 vs 0.5: within chance
    expect(explainedByDepartment({ polarity: 'down', count: 0, expected: 500 }, 0.5, 1, 0.3)).toBe(false);
  });
});

describe('classifying a rise', () => {
  const facts = { topK: 20, rankJump: 3, isNew: false };
  it('names new entrants, rank movers and surges by what they do to the top K', () => {
    expect(classifyRise({ ...facts, rank: 8, baselineRank: 35 })).toBe('new-entrant');
    expect(classifyRise({ ...facts, rank: 8, baselineRank: null })).toBe('new-entrant');
    expect(classifyRise({ ...facts, rank: 300, baselineRank: 900, isNew: true })).toBe('new-entrant');
    expect(classifyRise({ ...facts, rank: 3, baselineRank: 9 })).toBe('rank-mover');
    expect(classifyRise({ ...facts, rank: 3, baselineRank: 5 })).toBe('surge');
    expect(classifyRise({ ...facts, rank: 40, baselineRank: 90 })).toBe('surge');
  });

  it('ranks a product in a window by orders, ties by id', () => {
    const products = new Map([[5, { orders: 10 }], [2, { orders: 10 }], [9, { orders: 30 }], [1, { orders: 1 }]].map(([id, p]) => [id as number, { name: '', departmentId: 1, ...(p as { orders: number }) }]));
    expect([9, 2, 5, 1].map((id) => windowRank(products, id, products.get(id)!.orders))).toEqual([1, 2, 3, 4]);
  });
});
