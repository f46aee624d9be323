// Slices of stage 2's windows for the trend detector, so that a change is judged every
// sliceMs of event time, wherever it starts inside a window, and not only when its window
// closes. Stage 2 has per-window counts (orders per product, lines per department) that
// grow as partials merge; a slice is the growth of an open window between two points the
// watermark passed, and the rest when the window closes. So the slices of a window add up to
// the window exactly, and a slice's products and its orders (the detector's exposure) are cut
// at the same moment, which keeps the share test fair even when an order arrives a little
// after its slice was cut. Only tumbling windows are sliced: hopping ones overlap, and the
// detector reads them whole, weighted (detector.ts, windowWeight).
import type { WindowAgg } from '../domain/index';
import type { WindowCounts } from '../domain/trend/index';

export interface WindowSlicer {
  /** Slices of open windows up to the newest slice boundary the watermark has passed, oldest first. */
  progress(openWindows: readonly WindowAgg[], watermark: number): WindowCounts[];
  /** What a closed window holds beyond its slices so far. */
  close(window: WindowAgg): WindowCounts;
}

interface Cut {
  at: number;
  orders: number;
  products: Map<number, number>;
  departments: Map<number, number>;
}

const noCut = (start: number): Cut => ({ at: start, orders: 0, products: new Map(), departments: new Map() });

function sliceOf(w: WindowAgg, cut: Cut, end: number): WindowCounts {
  const slice: WindowCounts = { start: cut.at, end, orders: w.orders - cut.orders, products: new Map(), departments: new Map() };
  for (const [id, p] of w.products) {
    const orders = p.orders - (cut.products.get(id) ?? 0);
    if (orders > 0) slice.products.set(id, { name: p.name, departmentId: p.departmentId, orders });
  }
  for (const [id, d] of w.departments) {
    const lines = d.lines - (cut.departments.get(id) ?? 0);
    if (lines > 0) slice.departments.set(id, { name: d.name, lines });
  }
  return slice;
}

function cutOf(w: WindowAgg, at: number): Cut {
  const cut = noCut(at);
  cut.orders = w.orders;
  for (const [id, p] of w.products) cut.products.set(id, p.orders);
  for (const [id, d] of w.departments) cut.departments.set(id, d.lines);
  return cut;
}

export function createWindowSlicer(options: { sliceMs: number }): WindowSlicer {
  const { sliceMs } = options;
  if (!(sliceMs > 0)) throw new Error(`slice length must be a positive number of ms, got ${sliceMs}`);
  const cuts = new Map<number, Cut>();
  return {
    progress(openWindows, watermark) {
      const out: WindowCounts[] = [];
      for (const w of [...openWindows].sort((a, b) => a.start - b.start)) {
        const cut = cuts.get(w.start) ?? noCut(w.start);
        // The newest boundary inside the window that the watermark has passed.
        const boundary = Math.min(w.end - 1, watermark);
        const at = w.start + Math.floor((boundary - w.start) / sliceMs) * sliceMs;
        if (at <= cut.at) continue;
        out.push(sliceOf(w, cut, at));
        cuts.set(w.start, cutOf(w, at));
      }
      return out;
    },
    close(w) {
      const cut = cuts.get(w.start) ?? noCut(w.start);
      cuts.delete(w.start);
      return sliceOf(w, cut, w.end);
    },
  };
}
