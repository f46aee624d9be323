// The end of a chaos run: stage 1 drained, the workers stopped one by one with SIGTERM, and, if
// partials are left that no stage-2 owner merged, one more worker started and stopped to merge
// them, as the next start of a real deployment would. Every SIGTERM is bounded (hung otherwise).
import { stage2Backlog, waitForDrain } from './_chaos-drain';
import type { CliProcess } from './_chaos-procs';
import { createWorkerSlot, type WorkerSlotOptions, type WorkerSlot } from './_chaos-slot';

const STAGE2_JOIN = /group purchase-trends-stage2\.\S+: joined \(generation of member \S+\), assigned (.*)$/gm;

/** The stage-2 assignment in a worker's latest "joined" line among `text`: owner, not owner, or none such. */
function stage2Assignment(text: string): boolean | undefined {
  const last = [...text.matchAll(STAGE2_JOIN)].pop();
  return last === undefined ? undefined : /stage1-partials\[0\]/.test(last[1] ?? '');
}

export const ownsStage2 = (p: CliProcess | undefined): boolean => (p ? stage2Assignment(p.tail()) === true : false);

/**
 * A worker started to settle is stopped once the group has handed it stage 2. Waits for a
 * "joined" line printed after `mark` that assigns it the partials; without any new line for
 * graceMs, its latest assignment counts.
 */
async function waitForOwnership(slot: WorkerSlot, mark: { proc?: CliProcess; at: number }, o: { ownerWaitMs: number; graceMs: number }): Promise<boolean> {
  const start = Date.now();
  for (;;) {
    const p = slot.current();
    const fresh = p && p === mark.proc ? stage2Assignment(p.since(mark.at)) : p ? stage2Assignment(p.tail()) : undefined;
    if (fresh === true) return true;
    if (fresh === undefined && Date.now() - start > o.graceMs && ownsStage2(p)) return true;
    if (Date.now() - start > o.ownerWaitMs) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * SIGTERM one worker at a time, the stage-2 owner last. Stage 1 sends its partials before it
 * commits, so at lag 0 every partial is in the topic, and a stopping owner merges all of them
 * before it writes its last windows. Stopped together, an owner that stops first closes its
 * windows early and the other may stop before the group hands it stage 2: partials nobody
 * merged, until the next start. The last worker is stopped as soon as the others have exited:
 * their leaving rebalances the group during its stop, which the stop must wait out itself
 * (stage2-handover.ts). Only a worker started to settle (awaitOwner) is given time to join.
 */
export async function stopInTurn(slots: WorkerSlot[], o: { boundMs: number; ownerWaitMs: number; awaitOwner: boolean; note(event: string): void }): Promise<{ seconds: number[]; hung: number }> {
  const order = [...slots].sort((a, b) => Number(ownsStage2(a.current())) - Number(ownsStage2(b.current())));
  const last = order[order.length - 1]!;
  const seconds: number[] = [];
  let hung = 0;
  for (const slot of order) {
    if (slot === last && o.awaitOwner) {
      // Only what it logs after the others have gone tells whether their leaving moved stage 2.
      const mark = { proc: last.current(), at: last.current()?.written() ?? 0 };
      const owner = await waitForOwnership(slot, mark, { ownerWaitMs: o.ownerWaitMs, graceMs: 15_000 });
      o.note(owner ? `worker ${slot.name} owns stage 2; stopping it last` : `worker ${slot.name} did not take stage 2 over within ${o.ownerWaitMs / 1000} s`);
    }
    const at = Date.now();
    if (!(await slot.stop(o.boundMs))) hung++;
    seconds.push(Math.round((Date.now() - at) / 100) / 10);
  }
  return { seconds, hung };
}

export interface Finish {
  drain: { drained: boolean; seconds: number; lag: Record<string, number> };
  stopSeconds: number[];
  /** Workers that outlived the SIGTERM bound. */
  hung: number;
  /** Partials in the topic that no stage-2 owner had merged when both workers were stopped; a settling worker then merged them. */
  unmergedPartials: number;
  settle?: { seconds: number; unmergedAfter: number };
}

export async function finishRun(o: {
  brokers: string; topic: string; slots: WorkerSlot[]; drainTimeoutMs: number; boundMs: number;
  settler: Omit<WorkerSlotOptions, 'name' | 'onUnplanned' | 'onHung'>; note(event: string): void;
}): Promise<Finish> {
  const seconds = (since: number): number => Math.round((Date.now() - since) / 100) / 10;
  const started = Date.now();
  const drain = await waitForDrain(o.brokers, o.topic, o.drainTimeoutMs);
  o.note(drain.drained ? `stage 1 drained: lag ${JSON.stringify(drain.lag)}` : `stage 1 did NOT drain within ${o.drainTimeoutMs / 1000} s: lag ${JSON.stringify(drain.lag)}`);
  const finish: Finish = { drain: { ...drain, seconds: seconds(started) }, stopSeconds: [], hung: 0, unmergedPartials: 0 };
  const stopped = await stopInTurn(o.slots, { boundMs: o.boundMs, ownerWaitMs: 90_000, awaitOwner: false, note: o.note });
  finish.stopSeconds = stopped.seconds;
  finish.hung = stopped.hung;
  o.note(`workers stopped one by one with SIGTERM in ${stopped.seconds.join(' s, ')} s${stopped.hung ? `; ${stopped.hung} did not exit in time` : ''}`);
  finish.unmergedPartials = await stage2Backlog(o.brokers, o.topic);
  if (finish.unmergedPartials === 0) return finish;

  o.note(`${finish.unmergedPartials} partials were left unmerged; starting one more worker to merge them`);
  const at = Date.now();
  const settler = createWorkerSlot({ ...o.settler, name: 'settle', onUnplanned: (e) => o.note(`the settling worker exited on its own (code ${e.code})`), onHung: () => o.note('the settling worker hung') });
  try {
    finish.hung += (await stopInTurn([settler], { boundMs: o.boundMs, ownerWaitMs: 120_000, awaitOwner: true, note: o.note })).hung;
  } finally {
    await settler.stop(5_000);
  }
  finish.settle = { seconds: seconds(at), unmergedAfter: await stage2Backlog(o.brokers, o.topic) };
  o.note(`settling worker done in ${finish.settle.seconds} s; ${finish.settle.unmergedAfter} partials left unmerged`);
  return finish;
}
