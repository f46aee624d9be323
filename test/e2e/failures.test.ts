// Failure paths of the real CLI: each one exits non-zero, in bounded time, naming the cause.
// Preflight failures (source, data folder, port) stop before any order is taken or file written.
import { cp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const FIXTURE = new URL('../fixtures/instacart-mini', import.meta.url).pathname;
/** Starting the CLI (tsx, every module) takes 1-3 s on a busy machine; a preflight failure adds little. */
const PREFLIGHT_MS = 10_000;

async function timed(cli: CliRun): Promise<{ code: number; ms: number }> {
  const started = Date.now();
  const code = await cli.exited;
  return { code, ms: Date.now() - started };
}

const listening: Server[] = [];
const sockets: Socket[] = [];
afterAll(async () => {
  sockets.forEach((s) => s.destroy());
  await Promise.all(listening.map((s) => new Promise((r) => s.close(r))));
});
/** A TCP port that accepts connections and never answers: a hung broker. */
async function silentPort(): Promise<{ port: number; connected: Promise<void> }> {
  let connected: () => void = () => undefined;
  const server = createServer((socket) => {
    sockets.push(socket);
    connected();
  });
  listening.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, connected: new Promise((r) => (connected = r)) };
}

describe('failing fast, before any work', () => {
  it('an Instacart folder missing a file: exit 1 naming the file, nothing written', async () => {
    const source = join(await tempDir('fail-source'), 'instacart');
    await cp(FIXTURE, source, { recursive: true });
    await rm(join(source, 'products.csv'));
    const dataDir = join(await tempDir('fail-source-data'), 'data');
    const cli = runCli(['run', '--mode', 'instacart', '--data-path', source, '--data-dir', dataDir, '--port', '0', '--duration', '30']);
    const { code, ms } = await timed(cli);
    expect(code).toBe(1);
    expect(ms).toBeLessThan(PREFLIGHT_MS);
    expect(cli.output()).toMatch(/run failed: Instacart data folder .* lacks products\.csv/);
    await expect(readdir(dataDir)).rejects.toThrow(/ENOENT/);
  });

  it.each([
    ['/proc/nope', /cannot use \/proc\/nope as the --data-dir folder: could not create \/proc\/nope \(ENOENT\)/],
    ['/etc/passwd/sub', /cannot use \/etc\/passwd\/sub as the --data-dir folder: \/etc\/passwd is a file, not a folder/],
  ])('a data folder that cannot be written (%s): exit 1 naming the folder', async (dir, message) => {
    const cli = runCli(['run', '--data-dir', dir, '--port', '0', '--duration', '5']);
    const { code, ms } = await timed(cli);
    expect(code).toBe(1);
    expect(ms).toBeLessThan(PREFLIGHT_MS);
    expect(cli.output()).toMatch(message);
    expect(cli.output()).not.toMatch(/dashboard and API at|producer finished|orders sent/);
  });

  it('a port in use: exit 1 naming host:port and --port, and no file written at all', async () => {
    const { port } = await silentPort();
    const dataDir = join(await tempDir('fail-port'), 'data');
    const cli = runCli(['run', '--data-dir', dataDir, '--port', String(port), '--duration', '30']);
    const { code, ms } = await timed(cli);
    expect(code).toBe(1);
    expect(ms).toBeLessThan(PREFLIGHT_MS);
    expect(cli.output()).toContain(`the dashboard address 127.0.0.1:${port} is already in use by another process; choose another with --port`);
    await expect(readdir(dataDir)).rejects.toThrow(/ENOENT/);
  });
});

describe('failing during the run, and stopping in bounded time', () => {
  it('the store failing mid-run stops the whole process: exit 1 naming the path', async () => {
    const dataDir = await tempDir('fail-store');
    const cli = runCli(['run', '--data-dir', dataDir, '--port', '0', '--rate', '300', '--flush-interval', '1s', '--no-progress']);
    await cli.waitFor(/dashboard and API at/);
    // The history folder becomes a file: every later write fails (ENOTDIR/ENOENT), retrying cannot help.
    await rm(join(dataDir, 'purchase-analytics'), { recursive: true, force: true });
    await writeFile(join(dataDir, 'purchase-analytics'), 'not a folder');
    const { code, ms } = await timed(cli);
    expect(code).toBe(1);
    expect(ms).toBeLessThan(10_000);
    expect(cli.output()).toMatch(/run failed: could not write .*purchase-analytics\/(raw|aggregated)\/.*\.parquet/);
    expect(cli.output()).toMatch(/run stopped: sent \d+ orders/);
  });

  it('the first SIGTERM ends the process within --stop-timeout even when stopping hangs, naming the step', async () => {
    const broker = await silentPort();
    const dataDir = await tempDir('fail-hang');
    const cli = runCli(['stream', '--transport', 'kafka', '--brokers', `127.0.0.1:${broker.port}`, '--data-dir', dataDir, '--stop-timeout', '2s']);
    await broker.connected;
    cli.child.kill('SIGTERM');
    const { code, ms } = await timed(cli);
    expect(code).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(1_900);
    expect(ms).toBeLessThan(5_000);
    expect(cli.output()).toMatch(/stopping \(SIGTERM\) did not finish within 2 s; it was still (connecting to the Kafka brokers|creating topic)/);
  });

  it('a second SIGTERM exits at once with 143', async () => {
    const broker = await silentPort();
    const dataDir = await tempDir('fail-twice');
    const cli = runCli(['stream', '--transport', 'kafka', '--brokers', `127.0.0.1:${broker.port}`, '--data-dir', dataDir]);
    await broker.connected;
    cli.child.kill('SIGTERM');
    await cli.waitFor(/SIGTERM received: flushing and stopping \(at most 15 s/);
    cli.child.kill('SIGTERM');
    const { code, ms } = await timed(cli);
    expect(code).toBe(143);
    expect(ms).toBeLessThan(1_000);
    expect(cli.output()).toContain('second SIGTERM: exiting at once');
  });

  it('--duration holds: a run stops by itself and exits 0 within duration + stop timeout', async () => {
    const dataDir = await tempDir('fail-duration');
    const started = Date.now();
    const cli = runCli(['run', '--data-dir', dataDir, '--port', '0', '--duration', '3', '--rate', '200', '--stop-timeout', '5s']);
    expect(await cli.exited).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
    expect(Date.now() - started).toBeLessThan(3_000 + 5_000 + PREFLIGHT_MS);
    expect(cli.output()).toMatch(/run stopped: sent \d+ orders/);
  });
});
