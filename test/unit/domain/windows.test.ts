import { describe, expect, it } from 'vitest';
import { alignDown, checkWindowSpec, hopping, lastWindowEnd, tumbling, windowStartsFor, windowsFor } from '../../../src/domain/windows';

describe('windows', () => {
  it('aligns tumbling windows to the epoch, start inclusive and end exclusive', () => {
    const spec = tumbling(60_000);
    expect(windowsFor(0, spec)).toEqual([{ start: 0, end: 60_000 }]);
    expect(windowsFor(59_999, spec)).toEqual([{ start: 0, end: 60_000 }]);
    expect(windowsFor(60_000, spec)).toEqual([{ start: 60_000, end: 120_000 }]);
    expect(windowStartsFor(1_700_000_123_456, spec)).toEqual([1_700_000_100_000]);
  });

  it('puts a time into size/advance hopping windows, oldest first', () => {
    const spec = hopping(60_000, 20_000);
    expect(windowStartsFor(65_000, spec)).toEqual([20_000, 40_000, 60_000]);
    expect(windowStartsFor(60_000, spec)).toEqual([20_000, 40_000, 60_000]);
    expect(windowStartsFor(59_999, spec)).toEqual([0, 20_000, 40_000]);
    expect(lastWindowEnd(65_000, spec)).toBe(120_000);
  });

  it('floors negative times too', () => {
    expect(alignDown(-1, 1000)).toBe(-1000);
    expect(windowStartsFor(-1, tumbling(1000))).toEqual([-1000]);
  });

  it('rejects specs it cannot align', () => {
    expect(checkWindowSpec(hopping(60_000, 25_000))).toMatch(/multiple of its advance/);
    expect(checkWindowSpec(hopping(10_000, 20_000))).toMatch(/must not exceed/);
    expect(checkWindowSpec(tumbling(0))).toMatch(/positive/);
    expect(checkWindowSpec(hopping(60_000, 15_000))).toBeUndefined();
  });
});
