// The level of an open episode now: counts and expected counts (at the pre-change share)
// averaged over the last few minutes with an exponential weight, so that a message says what
// the subject does now, per minute, and not what one short window happened to hold.

/** Half-life of "now". */
export const RECENT_HALF_LIFE_MS = 5 * 60_000;

export interface EpisodeLevel {
  start(count: number, expected: number, minutes: number, at: number): void;
  add(count: number, expected: number, minutes: number, at: number): void;
  /** Count over expected now; Infinity when nothing was expected. */
  readonly ratio: number;
  /** The weighted count and expected count behind the ratio. */
  readonly count: number;
  readonly expected: number;
  /** Per minute, now. */
  readonly observedPerMinute: number;
  readonly expectedPerMinute: number;
}

export function createEpisodeLevel(halfLifeMs = RECENT_HALF_LIFE_MS): EpisodeLevel {
  let count = 0;
  let expected = 0;
  let minutes = 0;
  let at = Number.NEGATIVE_INFINITY;
  return {
    start(c, e, m, t) {
      [count, expected, minutes, at] = [c, e, m, t];
    },
    add(c, e, m, t) {
      const keep = t > at ? 2 ** (-(t - at) / halfLifeMs) : 1;
      count = count * keep + c;
      expected = expected * keep + e;
      minutes = minutes * keep + m;
      at = Math.max(at, t);
    },
    get ratio() {
      return expected > 0 ? count / expected : Number.POSITIVE_INFINITY;
    },
    get count() {
      return count;
    },
    get expected() {
      return expected;
    },
    get observedPerMinute() {
      return minutes > 0 ? count / minutes : 0;
    },
    get expectedPerMinute() {
      return minutes > 0 ? expected / minutes : 0;
    },
  };
}
