// Compaction passes in a worker thread (bin/compaction-thread.js, the real entry, bundled as the
// run job loads it): what a reader sees is the same after the pass, the thread's log lines reach
// this thread's log, a stop asked before the pass merges nothing, and a pass that fails (a
// NameNode that does not answer, a heap outgrown) fails with a clear error instead of taking the
// process down.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compactionInThread, createFsStore, DEFAULT_CONFIG, type Log } from '../../../src/index';
import { runCompactionThread } from '../../../src/store/index';
import { DATASETS, FIXTURE_HOUR, readerView, writeSmallFiles } from '../../helpers/history-fixture';
import { tempDir } from '../../helpers/tmp';
import { closedPort } from '../../helpers/ports';

const ENTRY = fileURLToPath(new URL('../../../bin/compaction-thread.js', import.meta.url));
const HOUR = 3_600_000;
const request = { closedBefore: FIXTURE_HOUR + HOUR, targetBytes: 128 * 1024 * 1024, datasets: DATASETS };

function recordingLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string): void => void lines.push(`${level} ${message}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}


describe('compaction in a worker thread', () => {
  it('merges the closed hour there: the reader sees the same rows in fewer files, and its log lines come here', async () => {
    const dataDir = await tempDir('compaction-thread');
    const store = createFsStore({ root: dataDir });
    await writeSmallFiles(store); // hours 09 and 10
    const before = await readerView(store);
    const filesOf = async (hour: string) => (await store.list('purchase-analytics')).filter((f) => f.path.includes(`hour=${hour}`)).length;
    const [small09, small10] = [await filesOf('09'), await filesOf('10')];
    const log = recordingLog();

    const pass = compactionInThread({ entry: ENTRY, store: { ...DEFAULT_CONFIG.store, kind: 'fs', dataDir }, log });
    const results = await pass(request, new AbortController().signal);

    // Hour 09 only (10 is not closed): one file per aggregate dataset, one per raw source partition.
    expect(results.every((r) => r.partition.includes('hour=09') && !r.error)).toBe(true);
    expect(results.reduce((n, r) => n + r.merged.reduce((m, f) => m + f.inputs.length, 0), 0)).toBe(small09);
    expect(await filesOf('09')).toBe(7);
    expect(await filesOf('10')).toBe(small10);
    expect(await readerView(store)).toEqual(before);
    expect(log.lines.filter((l) => l.startsWith('info compacted '))).toHaveLength(7);
  });

  it('merges nothing when the stop came before the pass', async () => {
    const dataDir = await tempDir('compaction-thread-stop');
    const store = createFsStore({ root: dataDir });
    await writeSmallFiles(store);
    const files = (await store.list('purchase-analytics')).length;
    const stopping = new AbortController();
    stopping.abort();
    const pass = compactionInThread({ entry: ENTRY, store: { ...DEFAULT_CONFIG.store, kind: 'fs', dataDir }, log: recordingLog() });
    expect(await pass(request, stopping.signal)).toEqual([]);
    expect((await store.list('purchase-analytics')).length).toBe(files);
  });

  it('fails the pass, naming the NameNode, when HDFS does not answer', async () => {
    const namenode = `http://127.0.0.1:${await closedPort()}`;
    const pass = compactionInThread({ entry: ENTRY, store: { ...DEFAULT_CONFIG.store, kind: 'hdfs', namenode }, log: recordingLog() });
    const error = await pass(request, new AbortController().signal).then(() => undefined, (e: unknown) => e as Error & { retriable: boolean });
    expect(error?.message).toContain(namenode);
    expect(error?.retriable).toBe(true);
  }, 30_000);

  it('fails only the pass when the thread outgrows its heap', async () => {
    const dataDir = await tempDir('compaction-thread-heap');
    await writeSmallFiles(createFsStore({ root: dataDir }));
    const pass = compactionInThread({ entry: ENTRY, store: { ...DEFAULT_CONFIG.store, kind: 'fs', dataDir }, log: recordingLog(), heapMb: 1 });
    await expect(pass(request, new AbortController().signal)).rejects.toMatchObject({ code: 'WORKER_FAILED', retriable: true, message: expect.stringMatching(/compaction thread failed: .*memory limit/) });
  }, 30_000);

  it('is not a command: started outside a worker thread it says what starts it', async () => {
    await expect(runCompactionThread()).rejects.toThrow(/started as a worker thread by the compaction of run and stream/);
  });
});
