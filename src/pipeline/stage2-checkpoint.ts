// What stage 2 has made final, recorded before each commit of the partials topic: every window
// ending at or before `writtenUpTo` is written and will not be written again, and the merger's
// checkpoint says from which partials offset on a partial is a correction of a written window,
// and which stage-1 ranges were merged. With the committed offset (never past a partial that
// feeds a window not yet written), a restarted or new stage-2 owner replays the partials topic
// without double counting or losing anything.
import type { MergerCheckpoint } from '../stream/index';
import type { Store } from '../store/index';
import { WorkbenchError } from '../core/index';

export interface Stage2State {
  /** Ends of windows written for good; -Infinity when none. */
  writtenUpTo: number;
  merger: MergerCheckpoint;
}

export interface Stage2Checkpoint {
  load(): Promise<Stage2State | undefined>;
  save(state: Stage2State): Promise<void>;
}

interface SavedState {
  writtenUpTo: number | null;
  merger?: MergerCheckpoint;
  at: string;
}

export function createStage2Checkpoint(store: Store | undefined, partialsTopic: string): Stage2Checkpoint {
  const path = `stage2/${partialsTopic}.json`;
  if (!store) return { load: async () => undefined, save: async () => undefined };
  return {
    async load() {
      if (!(await store.exists(path))) return undefined;
      let saved: SavedState;
      try {
        saved = JSON.parse(new TextDecoder().decode(await store.read(path))) as SavedState;
      } catch (error) {
        throw new WorkbenchError('BAD_CHECKPOINT', `the stage-2 checkpoint ${path} is not readable JSON; restore it from a backup, or remove it only together with the data it describes`, { where: path, cause: error });
      }
      const writtenUpTo = saved.writtenUpTo ?? Number.NEGATIVE_INFINITY;
      return { writtenUpTo, merger: saved.merger ?? { closedUpTo: saved.writtenUpTo, sealed: [], merged: [] } };
    },
    async save({ writtenUpTo, merger }) {
      const saved: SavedState = { writtenUpTo: Number.isFinite(writtenUpTo) ? writtenUpTo : null, merger, at: new Date().toISOString() };
      await store.write(path, new TextEncoder().encode(JSON.stringify(saved)));
    },
  };
}
