import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../../../src/config/config';
import { describeSource, expectedPeak } from '../../../src/runtime/describe';
import { createInstacartSource } from '../../../src/sources/instacart/replay';
import { HOUR_FACTOR, DOW_FACTOR } from '../../../src/sources/seasonality';
import { createSyntheticSource } from '../../../src/sources/synthetic';

const config = (source: Partial<Config['source']>): Config => ({ ...DEFAULT_CONFIG, source: { ...DEFAULT_CONFIG.source, ...source } });

describe('the startup line of a source', () => {
  it('says --rate is the mean over a week and prints the expected peak', async () => {
    const source = createSyntheticSource({ startTime: Date.UTC(2026, 0, 5), ordersPerSecond: 20, maxOrders: 1 });
    const line = await describeSource(source, config({ rate: 20 }));
    // The busiest hour of Instacart's week: 10:00 on a Sunday, ~2.7 times the mean.
    const peak = 20 * Math.max(...HOUR_FACTOR) * Math.max(...DOW_FACTOR);
    expect(expectedPeak(20)).toMatchObject({ day: 'Sunday', hour: 10 });
    expect(expectedPeak(20).rate).toBeCloseTo(peak, 9);
    expect(peak).toBeGreaterThan(50);
    expect(peak).toBeLessThan(60);
    expect(line).toContain('--rate 20 orders/s of wall clock is the mean over a week');
    expect(line).toContain(`peak of about ${peak.toFixed(0)}/s on Sundays 10:00-11:00`);
  });

  it('says which files a replay reads and which period of event time it covers', async () => {
    const dataPath = fileURLToPath(new URL('../../fixtures/instacart-sample', import.meta.url));
    const source = createInstacartSource({ dataPath, anchor: { endMs: Date.UTC(2026, 10, 30, 12) } });
    const line = await describeSource(source, config({ mode: 'instacart', dataPath }));
    const summary = await source.prepare();
    expect(line).toMatch(/^replay of order_products__prior\.csv: 325 orders, 3,140 lines; event time 2026-\d\d-\d\d \d\d:\d\d UTC to 2026-11-\d\d \d\d:\d\d UTC$/);
    expect(line).toContain(new Date(summary.lastEventTime as number).toISOString().slice(0, 16).replace('T', ' '));
  });
});
