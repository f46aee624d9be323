// The reference column: the static threshold of the original design, on one-minute windows
// merged from the detector's slices.
import { emptyCounts, type TrendSignal, type WindowCounts } from '../src/index';

const MINUTE = 60_000;

/**
 * The original design alerted when the top product passed 2000 transactions in a window.
 * At its default 200 orders per second and one-minute windows, that is a product in one
 * order in six; scaled to a stream's mean rate, the threshold stays one order in six.
 */
export const staticThresholdFor = (ordersPerSecond: number): number => Math.round(2000 * ((ordersPerSecond * 60) / (200 * 60)));

/** The static rule as signals: a product is "up" while its window count is above the threshold. */
export function createStaticThreshold(threshold: number) {
  const above = new Map<number, number>(); // product → onset time
  return (w: WindowCounts): TrendSignal[] => {
    const out: TrendSignal[] = [];
    const signal = (id: number, name: string, kind: TrendSignal['kind'], x: number): TrendSignal => ({
      kind, level: 'product', subjectId: id, subjectName: name, departmentId: null, polarity: 'up', direction: 'surge',
      severity: 'warning', windowStart: w.start, at: w.end, observed: x, baseline: threshold,
      changePct: ((x - threshold) / threshold) * 100, ratio: x / threshold, evidence: 1, rank: null, baselineRank: null,
      message: `${name}: ${x} transactions in the window, above the static threshold of ${threshold}`,
    });
    for (const [id, p] of w.products) {
      if (p.orders <= threshold) continue;
      out.push(signal(id, p.name, above.has(id) ? 'ongoing' : 'onset', p.orders));
      above.set(id, w.end);
    }
    for (const [id] of above) {
      const x = w.products.get(id)?.orders ?? 0;
      if (x > threshold) continue;
      out.push(signal(id, w.products.get(id)?.name ?? String(id), 'recovered', x));
      above.delete(id);
    }
    return out;
  };
}

/** Merges consecutive slices into one-minute windows, handed over as each minute ends. */
export function createMinuteMerger(onMinute: (w: WindowCounts) => void) {
  let current: WindowCounts | undefined;
  const flush = (): void => {
    if (current) onMinute(current);
    current = undefined;
  };
  return {
    add(slice: WindowCounts): void {
      const start = slice.start - (slice.start % MINUTE);
      if (current && current.start !== start) flush();
      current ??= emptyCounts(start, start + MINUTE);
      current.orders += slice.orders;
      for (const [id, p] of slice.products) {
        const q = current.products.get(id);
        if (q) q.orders += p.orders;
        else current.products.set(id, { ...p });
      }
    },
    finish: flush,
  };
}
