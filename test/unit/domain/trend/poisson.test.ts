import { describe, expect, it } from 'vitest';
import {
  createCusumBank, DOWN_RATIOS, poissonLlr, readCusums, recoveryStep, stepCusums, UP_RATIOS,
} from '../../../../src/domain/trend/poisson';
import { createRandom } from '../../../../src/index';

describe('Poisson log-likelihood ratio', () => {
  it('is x·ln r − mu·(r − 1), zero at r = 1 and largest at r = x / mu', () => {
    expect(poissonLlr(0, 10, 0.1)).toBeCloseTo(9, 12);
    expect(poissonLlr(20, 10, 2)).toBeCloseTo(20 * Math.log(2) - 10, 12);
    expect(poissonLlr(7, 3, 1)).toBe(0);
    const at = (r: number) => poissonLlr(30, 10, r);
    expect(at(3)).toBeGreaterThan(at(2.9));
    expect(at(3)).toBeGreaterThan(at(3.1));
  });
});

describe('CUSUM bank', () => {
  it('stays near zero while counts are as expected, and reaches a threshold soon after a doubling', () => {
    const random = createRandom(3);
    const bank = createCusumBank(UP_RATIOS);
    let peak = 0;
    for (let w = 0; w < 2_000; w++) peak = Math.max(peak, stepCusums(bank, UP_RATIOS, random.poisson(20), 20, 1));
    expect(peak).toBeLessThan(12);
    // A doubling of 20 a window carries 20·(2 ln 2 − 1) ≈ 7.7 per window at r = 2: two windows reach 12.
    let windows = 0;
    while (readCusums(bank).statistic < 12 && windows < 50) {
      stepCusums(bank, UP_RATIOS, random.poisson(40), 20, 1);
      windows++;
    }
    expect(windows).toBeGreaterThanOrEqual(1);
    expect(windows).toBeLessThanOrEqual(4);
    const reading = readCusums(bank);
    expect(reading.runCount / reading.runExpected).toBeGreaterThan(1.5);
  });

  it('resets a statistic and its run at zero', () => {
    const bank = createCusumBank(DOWN_RATIOS);
    stepCusums(bank, DOWN_RATIOS, 2, 10, 1);
    expect(readCusums(bank).statistic).toBeGreaterThan(0);
    stepCusums(bank, DOWN_RATIOS, 30, 10, 1);
    expect(readCusums(bank)).toEqual({ statistic: 0, runCount: 0, runExpected: 0 });
  });

  it('divides evidence by the dispersion and multiplies it by the window weight', () => {
    const plain = createCusumBank(UP_RATIOS);
    const dispersed = createCusumBank(UP_RATIOS);
    const halved = createCusumBank(UP_RATIOS);
    stepCusums(plain, UP_RATIOS, 40, 10, 1);
    stepCusums(dispersed, UP_RATIOS, 40, 10, 2);
    stepCusums(halved, UP_RATIOS, 40, 10, 1, 0.5);
    expect(readCusums(dispersed).statistic).toBeCloseTo(readCusums(plain).statistic / 2, 12);
    expect(readCusums(halved).statistic).toBeCloseTo(readCusums(plain).statistic / 2, 12);
    expect(readCusums(plain).statistic).toBeCloseTo(40 * Math.log(4) - 30, 12);
  });
});

describe('recovery evidence', () => {
  it('grows when counts are back at the expectation and not while they stay at the episode level', () => {
    let back = 0;
    let still = 0;
    for (let w = 0; w < 5; w++) {
      back = recoveryStep(back, 10, 10, 3, 1);
      still = recoveryStep(still, 30, 10, 3, 1);
    }
    expect(back).toBeCloseTo(5 * (10 * (3 - 1) - 10 * Math.log(3)), 10);
    expect(still).toBe(0);
  });

  it('can recover from a drop to nothing', () => {
    expect(recoveryStep(0, 10, 10, 0, 1)).toBeGreaterThan(5);
  });
});
