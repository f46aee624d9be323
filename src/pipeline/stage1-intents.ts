// Where stage 1 cut its output since the last commit, one small record per partition,
// written BEFORE the output it announces. After a crash, a worker that replays a partition
// from its committed offset cuts at exactly the same offsets again:
// - raw: the pending flush's last offset, so part-<p>-<first>-<last> gets the same name and is
//   rewritten, never overlapped by a file with other bounds;
// - partials: every range already handed to stage 2 ends at a recorded cut, so a replayed
//   partial either repeats one exactly (stage 2 drops it by offset range) or is new.
import type { Store } from '../store/index';

export interface PartitionIntent {
  /** The committed offset this record counts from. */
  from: number;
  /** Last offsets of the partials handed to stage 2 since `from`, in order. */
  cuts: number[];
  /** Last offset of the raw flush under way, or null. */
  raw: number | null;
}

export interface ReplayPlan {
  /** Offsets after which a partial must end while replaying. */
  cuts: Set<number>;
  /** The raw flush must end exactly here, or null when free. */
  raw: number | null;
  /** What to record from now on: the plan itself, until the next commit. */
  intent: PartitionIntent;
}

export interface IntentLog {
  /** The plan for a partition whose consumption starts at `firstOffset` (its committed offset). */
  plan(partition: number, firstOffset: number): Promise<ReplayPlan>;
  save(partition: number, intent: PartitionIntent): Promise<void>;
}

const fresh = (from: number): ReplayPlan => ({ cuts: new Set(), raw: null, intent: { from, cuts: [], raw: null } });

/** Intents under <checkpoints>/stage1/<topic>/; without a checkpoint store (the in-process log dies with the process) nothing is kept. */
export function createIntentLog(store: Store | undefined, topic: string, warn: (message: string) => void): IntentLog {
  const path = (partition: number): string => `stage1/${topic}/partition-${partition}.json`;
  if (!store) return { plan: async (_p, firstOffset) => fresh(firstOffset), save: async () => undefined };
  return {
    async plan(partition, firstOffset) {
      if (!(await store.exists(path(partition)))) return fresh(firstOffset);
      const saved = JSON.parse(new TextDecoder().decode(await store.read(path(partition)))) as PartitionIntent;
      const cuts = saved.cuts.filter((c) => c >= firstOffset);
      let raw = saved.raw !== null && saved.raw >= firstOffset ? saved.raw : null;
      if (raw !== null && saved.from !== firstOffset) {
        // Only if the log lost records between the commit and here (retention): bounds cannot match.
        warn(`${topic}[${partition}]: a raw flush ${saved.from}-${raw} was pending but consumption starts at ${firstOffset}; cutting afresh`);
        raw = null;
      }
      return { cuts: new Set(cuts), raw, intent: { from: firstOffset, cuts, raw } };
    },
    async save(partition, intent) {
      await store.write(path(partition), new TextEncoder().encode(JSON.stringify(intent)));
    },
  };
}
