// Time comes from a clock that is passed in, so tests can drive it by hand.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface ManualClock extends Clock {
  /** Moves time forward and wakes the sleepers whose time has come. */
  advance(ms: number): void;
  set(epochMs: number): void;
}

export function createManualClock(start = 0): ManualClock {
  let now = start;
  let sleepers: Array<{ at: number; wake: () => void }> = [];
  const release = (): void => {
    const due = sleepers.filter((s) => s.at <= now);
    sleepers = sleepers.filter((s) => s.at > now);
    due.forEach((s) => s.wake());
  };
  return {
    now: () => now,
    sleep: (ms) => new Promise((wake) => {
      sleepers.push({ at: now + ms, wake });
    }),
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
