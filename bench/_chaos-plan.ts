// When the chaos suite strikes, decided up front from a seed so a run can be repeated: the
// producer sends N orders at a steady rate over a window W, and everything happens inside W.
import { createRandom } from '../src/index';

export interface ChaosPlan {
  /** Orders per second of wall clock the producer sends. */
  rate: number;
  /** How long the producer runs, ms. */
  windowMs: number;
  /** Worker SIGKILLs: when (ms after the producer starts) and which of the two workers. */
  kills: Array<{ atMs: number; slot: number }>;
  /** The broker's SIGKILL; services.sh restarts it at once. */
  brokerKillAtMs: number;
  /** The NameNode's SIGKILL; services.sh restarts it after the outage. */
  namenodeKillAtMs: number;
}

/** Long enough for a broker restart (~20 s) and a 30 s NameNode outage with its restart, one after the other. */
const BASE_WINDOW_S = 100;
const PER_KILL_S = 5;

export function planChaos(options: { orders: number; kills: number; seed: number; rate?: number }): ChaosPlan {
  const { orders, kills, seed } = options;
  const rate = options.rate ?? Math.ceil(orders / (BASE_WINDOW_S + PER_KILL_S * kills));
  const windowMs = Math.round((orders / rate) * 1000);
  const random = createRandom(seed);
  const planned = Array.from({ length: kills }, () => ({ atMs: Math.round(windowMs * (0.05 + 0.9 * random.next())), slot: random.next() < 0.5 ? 0 : 1 }));
  return {
    rate, windowMs,
    kills: planned.sort((a, b) => a.atMs - b.atMs),
    brokerKillAtMs: Math.round(windowMs * 0.2),
    namenodeKillAtMs: Math.round(windowMs * 0.5),
  };
}
