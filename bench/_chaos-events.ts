// Carries out a chaos plan while the producer runs: the worker SIGKILLs on one track, and on
// another the broker's SIGKILL (restarted at once by services.sh), then the NameNode's SIGKILL,
// an outage, and its restart by services.sh. The tracks overlap, as failures do.
import type { ChaosPlan } from './_chaos-plan';
import type { WorkerSlot } from './_chaos-slot';
import type { ChaosStack } from './_chaos-stack';

export interface ChaosDone {
  kills: number;
  brokerRestarts: number;
  namenodeRestarts: number;
  namenodeOutageSeconds: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export async function runChaosEvents(options: { plan: ChaosPlan; t0: number; slots: WorkerSlot[]; stack: ChaosStack; outageMs: number; note: (event: string) => void }): Promise<ChaosDone> {
  const { plan, t0, slots, stack, outageMs, note } = options;
  const done: ChaosDone = { kills: 0, brokerRestarts: 0, namenodeRestarts: 0, namenodeOutageSeconds: 0 };

  const killWorkers = async (): Promise<void> => {
    for (const { atMs, slot } of plan.kills) {
      await sleep(t0 + atMs - Date.now());
      // The chosen worker may be between an exit of its own and its restart: take the other, or wait.
      for (let waited = 0; ; waited += 250) {
        const target = [slots[slot]!, slots[1 - slot]!].find((s) => s.current() !== undefined);
        const pid = target?.current()?.child.pid;
        if (target && (await target.kill())) {
          done.kills++;
          note(`SIGKILL worker ${target.name} (pid ${pid}), kill ${done.kills} of ${plan.kills.length}; restarted`);
          break;
        }
        if (waited > 60_000) {
          note('no worker was running for 60 s: a planned kill was skipped');
          break;
        }
        await sleep(250);
      }
    }
  };

  const killServices = async (): Promise<void> => {
    await sleep(t0 + plan.brokerKillAtMs - Date.now());
    note(`SIGKILL Kafka broker (pid ${await stack.kill('kafka')}); restarting it with services.sh`);
    await stack.up('kafka');
    done.brokerRestarts++;
    note('Kafka broker ready again');

    await sleep(Math.max(t0 + plan.namenodeKillAtMs - Date.now(), 5_000));
    const down = Date.now();
    note(`SIGKILL HDFS NameNode (pid ${await stack.kill('namenode')}); down for ${outageMs / 1000} s`);
    await sleep(outageMs);
    note('restarting the NameNode with services.sh');
    await stack.up('hdfs');
    done.namenodeRestarts++;
    done.namenodeOutageSeconds = Math.round((Date.now() - down) / 100) / 10;
    note(`NameNode ready again after ${done.namenodeOutageSeconds} s`);
  };

  await Promise.all([killWorkers(), killServices()]);
  return done;
}
