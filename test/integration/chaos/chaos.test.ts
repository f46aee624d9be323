// The chaos suite, small: `npm run bench -- chaos --orders 20000 --kills 3` as a test. It starts
// its own Kafka and HDFS on other ports (base 19100, so that a chaos bench on its default ports
// can run beside it), never touching the shared services the other tests use, and kills workers,
// its broker and its NameNode while two `stream` workers and the producer run.
import { describe, expect, it } from 'vitest';
import { describeChaos, errorLines } from '../../../bench/chaos';
import { runChaos } from '../../../bench/_chaos-run';

describe('chaos suite', () => {
  it('keeps every order exactly once and the aggregates reconciled through worker, broker and NameNode crashes, and nothing hangs', async () => {
    const f = await runChaos({ orders: 20_000, kills: 3, portBase: 19_100 });
    const story = [...describeChaos(f), ...f.timeline.map((t) => `${t.atS}s ${t.event}`), ...f.unplannedExits.map((e) => `exit: ${e.slot}#${e.start} ${e.lastLine}`),
      ...(await errorLines(f.runDir)).map((line) => `log: ${line}`)].join('\n');
    expect({ lost: f.lost, duplicated: f.duplicated, unexpected: f.unexpected, reconciled: f.reconciled, hung: f.hung }, story)
      .toEqual({ lost: 0, duplicated: 0, unexpected: 0, reconciled: true, hung: 0 });
    // The chaos really happened, and the producer saw the broker restart through.
    expect({ kills: f.kills, brokerRestarts: f.brokerRestarts, namenodeRestarts: f.namenodeRestarts, producerExit: f.producer.exitCode }, story)
      .toEqual({ kills: 3, brokerRestarts: 1, namenodeRestarts: 1, producerExit: 0 });
    expect(f.lines).toBeGreaterThan(150_000);
  }, 1_200_000);
});
