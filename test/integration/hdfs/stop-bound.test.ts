// SIGTERM while the NameNode is away: the last flush cannot finish, and the process still ends
// within the stop bound (15 s by default), with a non-zero exit and a message saying so.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { startTcpProxy } from './tcp-proxy';
import { hdfsTestRoot, NAMENODE } from './webhdfs-direct';

describe('stopping with the store away', () => {
  it('exits non-zero within 15 s of SIGTERM when the flush keeps failing', async () => {
    const root = hdfsTestRoot('stop-bound');
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(NAMENODE).port) });
    const cli = runCli(['run', '--store', 'hdfs', '--namenode', `http://127.0.0.1:${proxy.port}`, '--hdfs-path', root, '--rate', '300', '--port', '0', '--no-progress']);
    await cli.waitFor(/dashboard and API at/);
    await new Promise((r) => setTimeout(r, 1_500));
    await proxy.cut();
    const signalled = Date.now();
    cli.child.kill('SIGTERM');
    const code = await cli.exited;
    const ms = Date.now() - signalled;
    expect(code).toBe(1);
    expect(ms).toBeLessThan(16_500);
    expect(cli.output()).toMatch(/did not finish within 15 s; it was still (draining|stopping)|run failed: .*NameNode/);
  }, 60_000);
});
