import { describe, expect, it } from 'vitest';
import { parseSoakOptions } from '../../../bench/_soak-options';
import { createPace } from '../../../bench/_soak-pace';
import { compactionSplit, curveFigures, type SoakSample } from '../../../bench/_soak-samples';

const HOUR = 3_600_000;

describe('soak benchmark', () => {
  it('slows the stream so that its hours of event time fit the wall-clock budget', () => {
    // 24 h in 50 min at 1,000 orders/s of wall clock: 3M orders over 86,400 s is ~35 orders/s.
    const pace = createPace({ rate: 500, startWall: 0, budgetMs: 50 * 60_000, endTime: 24 * HOUR, warmupMs: 10_000 });
    pace.update(0, 0, 0);
    pace.update(5_000, 5_000, 10 * 60_000);
    expect(pace.factor).toBe(1); // still warming up
    pace.update(10_000, 10_000, 20 * 60_000);
    expect(pace.factor * 500).toBeCloseTo((1_000 * 0.85 * (50 * 60 - 10)) / (24 * 3600 - 1200), 1);
    const fast = createPace({ rate: 500, startWall: 0, budgetMs: 50 * 60_000, endTime: HOUR, warmupMs: 0 });
    fast.update(0, 0, 0);
    fast.update(1_000, 50_000, 0);
    expect(fast.factor).toBe(1); // the pipeline keeps up with the full rate
  });

  it('says whether memory levelled off: halves by event time and the slope of the second', () => {
    const sample = (eventHours: number, rssMb: number): SoakSample => ({ wallSeconds: 0, eventHours, orders: 0, rssMb, heapMb: 0, arrayBuffersMb: 0, logMb: 0, eventRate: 0 });
    const flat = curveFigures([sample(0, 150), sample(6, 380), sample(12, 390), sample(18, 385), sample(24, 390)]);
    expect(flat).toMatchObject({ rssMbStart: 150, rssMbMax: 390, rssMbEnd: 390, rssMbMaxFirstHalf: 380, rssMbMaxSecondHalf: 390 });
    expect(Math.abs(flat.rssMbPerEventHourSecondHalf)).toBeLessThan(0.5);
    expect(curveFigures([sample(0, 100), sample(12, 200), sample(24, 300)]).rssMbPerEventHourSecondHalf).toBeCloseTo(8.3, 1);
  });

  it('tells RSS while compacting from RSS otherwise, leaving out the start', () => {
    const at = (wallSeconds: number, rssMb: number, compacting: boolean): SoakSample =>
      ({ wallSeconds, eventHours: 0, orders: 0, rssMb, heapMb: 0, arrayBuffersMb: 0, logMb: 0, eventRate: 0, compacting });
    const samples = [at(0, 900, true), at(10, 380, false), at(20, 470, true), at(30, 390, false), at(40, 430, true), at(50, 370, false), at(60, 450, true)];
    expect(compactionSplit(samples, 10)).toEqual({
      compacting: { samples: 3, median: 450, p90: 450, max: 470 },
      notCompacting: { samples: 3, median: 380, p90: 380, max: 390 },
    });
    expect(compactionSplit(samples.filter((s) => !s.compacting), 0).compacting).toBeNull();
  });

  it('takes its flags by name and refuses anything else with the usage', () => {
    expect(parseSoakOptions(['--hours-of-event-time', '2', '--rate=100', '--serve'])).toMatchObject({ hours: 2, rate: 100, serve: true, maxWallMinutes: 50, compactEveryMinutes: 10 });
    expect(parseSoakOptions(['--compact-every-minutes', '5'])).toMatchObject({ compactEveryMinutes: 5, noCompaction: false });
    expect(() => parseSoakOptions(['--rate', '-1'])).toThrow(/--rate needs a positive number, got "-1"; usage: npm run bench -- soak/);
    expect(() => parseSoakOptions(['--hours', '2'])).toThrow(/unknown soak option "--hours"/);
  });
});
