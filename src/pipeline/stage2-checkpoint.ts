// What stage 2 has made final: every window ending at or before `writtenUpTo` is written and
// will not be written again. With the partials offset it commits (never past a partial that
// feeds a window not yet written), this lets a restarted or new stage-2 owner replay the
// partials topic without double counting or losing a window.
import type { Store } from '../store/types';

export interface Stage2Checkpoint {
  /** Ends of windows written for good; -Infinity when none. */
  load(): Promise<number>;
  save(writtenUpTo: number): Promise<void>;
}

export function createStage2Checkpoint(store: Store | undefined, partialsTopic: string): Stage2Checkpoint {
  const path = `stage2/${partialsTopic}.json`;
  if (!store) return { load: async () => Number.NEGATIVE_INFINITY, save: async () => undefined };
  return {
    async load() {
      if (!(await store.exists(path))) return Number.NEGATIVE_INFINITY;
      const saved = JSON.parse(new TextDecoder().decode(await store.read(path))) as { writtenUpTo: number | null };
      return saved.writtenUpTo ?? Number.NEGATIVE_INFINITY;
    },
    async save(writtenUpTo) {
      const value = Number.isFinite(writtenUpTo) ? writtenUpTo : null;
      await store.write(path, new TextEncoder().encode(JSON.stringify({ writtenUpTo: value, at: new Date().toISOString() })));
    },
  };
}
