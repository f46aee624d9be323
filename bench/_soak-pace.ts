// Paces the soak's stream so that its hours of event time fit the wall-clock budget: the
// pipeline takes what it sustains (the in-process log holds the producer back), and the
// stream's rate of event time is lowered when that is not enough for the full rate.
export interface Pace {
  /** Factor on the full rate, read by the source before each order. */
  readonly factor: number;
  /** Called every sample with the orders consumed and the newest event time produced. */
  update(wallMs: number, consumed: number, eventTime: number): void;
}

/** Slower than measured by this much, so that the run ends inside the budget. */
const MARGIN = 0.85;
/** Orders per second measured over about this many samples. */
const SMOOTHING = 0.3;

export function createPace(options: { rate: number; startWall: number; budgetMs: number; endTime: number; warmupMs?: number }): Pace {
  const { rate, startWall, budgetMs, endTime, warmupMs = 20_000 } = options;
  let factor = 1;
  let sustained: number | undefined;
  let last: { wallMs: number; consumed: number } | undefined;
  return {
    get factor() {
      return factor;
    },
    update(wallMs, consumed, eventTime) {
      if (last && wallMs > last.wallMs) {
        const now = ((consumed - last.consumed) * 1000) / (wallMs - last.wallMs);
        sustained = sustained === undefined ? now : sustained + SMOOTHING * (now - sustained);
      }
      last = { wallMs, consumed };
      const wallLeft = startWall + budgetMs - wallMs;
      const eventLeft = (endTime - eventTime) / 1000;
      // Near the end of the stream a rate computed over the last seconds means little: keep it.
      if (sustained === undefined || wallMs - startWall < warmupMs || eventLeft < 60 || wallLeft <= 0) return;
      const needed = (sustained * MARGIN * wallLeft) / 1000 / eventLeft;
      factor = Math.min(1, Math.max(0.002, needed / rate));
    },
  };
}
