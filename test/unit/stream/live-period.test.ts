// Which store answers for a free period: the live windows, the history, the live hour blocks,
// a part of either, or none with why.
import { describe, expect, it } from 'vitest';
import { choosePeriodSource } from '../../../src/stream/live-period';

const H = 3_600_000;
const T = Date.UTC(2026, 10, 24, 0);
// Live: hour blocks from T+10h, windows with products from T+15h, up to T+16h; history T+2h to T+15h50.
const reach = { liveWindowsFrom: T + 15 * H, liveBlocksFrom: T + 10 * H, liveTo: T + 16 * H, history: { from: T + 2 * H, to: T + 15.8 * H } };

describe('choosePeriodSource', () => {
  it('prefers the live windows, then the history over hour blocks unless the period is whole hours', () => {
    expect(choosePeriodSource({ from: T + 15.2 * H, to: T + 20 * H }, reach)).toEqual({ source: 'live', grain: 'windows', whole: true });
    expect(choosePeriodSource({ from: T + 11.5 * H, to: T + 12.25 * H }, reach)).toEqual({ source: 'history', grain: 'windows', whole: true });
    expect(choosePeriodSource({ from: T + 11 * H, to: T + 13 * H }, reach)).toEqual({ source: 'live', grain: 'hour blocks', whole: true });
    // Up to now: the history lags the live view, so the hour blocks hold it whole.
    expect(choosePeriodSource({ from: T + 11.5 * H, to: T + 17 * H }, reach)).toEqual({ source: 'live', grain: 'hour blocks', whole: true });
  });

  it('takes a part when no store holds the whole period, and says why when none holds any', () => {
    expect(choosePeriodSource({ from: T, to: T + 5 * H }, reach)).toEqual({ source: 'history', grain: 'windows', whole: false });
    expect(choosePeriodSource({ from: T, to: T + 12 * H }, { ...reach, history: null })).toEqual({ source: 'live', grain: 'hour blocks', whole: false });
    const none = choosePeriodSource({ from: T - 5 * H, to: T }, reach);
    expect(none).toEqual({ source: 'none', reason: 'no data between 2026-11-23 19:00 UTC and 2026-11-24 00:00 UTC: the live view holds 2026-11-24 10:00 UTC to 2026-11-24 16:00 UTC and the Parquet history covers 2026-11-24 02:00 UTC to 2026-11-24 15:48 UTC' });
  });
});
