// A stage-2 owner that stops while its group rebalances. Two workers stopped together: the one
// that leaves first rebalances the group, the owner loses stage 2 without a flush (onLost) and
// Kafka hands it back a moment later. Stopping in that moment, it would leave with its last
// windows unwritten, and the other would have gone too: partials nobody merged until the next
// start. So a stop first waits for the group's answer, then reads what it hands over.
import type { Clock } from '../core/index';

export interface HandoverOptions {
  clock: Clock;
  /** When waiting ends whatever the group does. */
  deadline: number;
  /** True while a rebalance has taken stage 2 away and the group has not assigned again. */
  rejoining(): boolean;
  owning(): boolean;
  /** Partials handed over and not yet read. */
  lag(): Promise<number>;
}

const POLL_MS = 50;

/**
 * Resolves once no rebalance is under way and, if this member owns stage 2 again, it has read
 * every partial (or at the deadline). A failed lag read ends the wait and is returned, so that
 * the caller still writes the last windows and then reports it.
 */
export async function awaitHandover(o: HandoverOptions): Promise<{ waited: boolean; failure?: unknown }> {
  const { clock, deadline } = o;
  if (!o.rejoining()) return { waited: false };
  while (o.rejoining() && clock.now() < deadline) await clock.sleep(POLL_MS);
  try {
    while (o.owning() && clock.now() < deadline && (await o.lag()) > 0) await clock.sleep(POLL_MS);
  } catch (failure) {
    return { waited: true, failure };
  }
  return { waited: true };
}
