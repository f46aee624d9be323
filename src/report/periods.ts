// Which windows a report counts, and how its period splits in halves for trends.
// Hopping windows overlap, so every order sits in several of them: summing them would count
// it several times. Of overlapping windows only those aligned to their own size are kept;
// windows are aligned to the epoch, so those tile time exactly like tumbling windows.
import type { AggregatedRows } from './rows';

export interface Coverage {
  windows: number;
  windowMs: number | null;
  /** Start of the first window and end of the last, or null when there is none. */
  first: number | null;
  last: number | null;
}

export interface Selection {
  rows: AggregatedRows;
  coverage: Coverage;
  starts: number[];
}

type Windowed = { windowStart: number; windowEnd: number };

/** Windows that lie wholly inside [from, to). */
export function selectWindows(all: AggregatedRows, from: number, to: number): Selection {
  const inside = (r: Windowed): boolean => r.windowStart >= from && r.windowEnd <= to;
  const windows = new Map<number, number>();
  for (const r of [...all.hours, ...all.departments, ...all.products]) if (inside(r)) windows.set(r.windowStart, r.windowEnd);
  const sizes = [...windows].map(([start, end]) => end - start);
  const windowMs = sizes.length ? Math.max(...sizes) : null;
  let starts = [...windows.keys()].sort((a, b) => a - b);
  const overlapping = starts.some((s, i) => i > 0 && windowMs !== null && s - starts[i - 1]! < windowMs);
  if (overlapping && windowMs) starts = starts.filter((s) => s % windowMs === 0);
  const kept = new Set(starts);
  const keep = <R extends Windowed>(rows: R[]): R[] => rows.filter((r) => inside(r) && kept.has(r.windowStart));
  const rows = { products: keep(all.products), departments: keep(all.departments), hours: keep(all.hours), departmentHours: keep(all.departmentHours ?? []), pairs: keep(all.pairs ?? []) };
  const first = starts[0] ?? null;
  const lastStart = starts[starts.length - 1];
  return {
    rows, starts,
    coverage: { windows: starts.length, windowMs, first, last: lastStart === undefined ? null : windows.get(lastStart)! },
  };
}

export interface Halves {
  /** Windows starting at or after mid are in the second half. */
  mid: number;
  firstWindows: number;
  secondWindows: number;
}

/** The two halves of the covered windows; null with fewer than two windows. */
export function splitHalves(selection: Pick<Selection, 'starts'>): Halves | null {
  const { starts } = selection;
  if (starts.length < 2) return null;
  const firstWindows = Math.floor(starts.length / 2);
  return { mid: starts[firstWindows]!, firstWindows, secondWindows: starts.length - firstWindows };
}
