// Time comes from a clock that is passed in, so tests can drive it by hand.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Calls `tick` every `ms` until the returned function is called. A timer never keeps the process alive. */
  every(ms: number, tick: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    (timer as { unref?: () => void }).unref?.();
    return () => clearInterval(timer);
  },
};

export interface ManualClock extends Clock {
  /** Moves time forward and wakes the sleepers whose time has come. */
  advance(ms: number): void;
  set(epochMs: number): void;
}

export function createManualClock(start = 0): ManualClock {
  let now = start;
  let sleepers: Array<{ at: number; wake: () => void }> = [];
  const timers = new Set<{ next: number; ms: number; tick: () => void }>();
  const release = (): void => {
    const due = sleepers.filter((s) => s.at <= now);
    sleepers = sleepers.filter((s) => s.at > now);
    due.forEach((s) => s.wake());
    // Each timer fires once per period that has passed, in time order, as real timers would.
    for (;;) {
      const next = [...timers].filter((t) => t.next <= now).sort((a, b) => a.next - b.next)[0];
      if (!next) break;
      next.next += next.ms;
      next.tick();
    }
  };
  return {
    now: () => now,
    sleep: (ms) => new Promise((wake) => {
      sleepers.push({ at: now + ms, wake });
    }),
    every(ms, tick) {
      const timer = { next: now + ms, ms, tick };
      timers.add(timer);
      return () => void timers.delete(timer);
    },
    advance(ms) {
      now += ms;
      release();
    },
    set(epochMs) {
      now = epochMs;
      release();
    },
  };
}
