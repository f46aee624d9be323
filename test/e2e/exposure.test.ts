// The real CLI beyond loopback: it refuses to start without an access token, and with one
// every route answers 401 without it and 200 with it. Loopback needs none.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const TOKEN = 'e2e-token-0123456789abcdef';

describe('purchase-trends beyond loopback', () => {
  it('refuses to start on --host 0.0.0.0 without a token: exit 2, before binding or writing', async () => {
    const started = Date.now();
    const cli = runCli(['run', '--host', '0.0.0.0', '--port', '0', '--duration', '30']);
    expect(await cli.exited).toBe(2);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(cli.output()).toContain('--host 0.0.0.0 makes the dashboard and API reachable from other machines, so they need an access token: set one with --token or PURCHASE_TRENDS_TOKEN');
    expect(cli.output()).not.toContain('dashboard and API at');
    const short = runCli(['serve', '--host', '0.0.0.0', '--token', 'abc', '--port', '0']);
    expect(await short.exited).toBe(2);
    expect(short.output()).toContain('the access token is too short (3 characters)');
  });

  it('with a token (flag or PURCHASE_TRENDS_TOKEN) every route answers 401 without it and 200 with it', async () => {
    const dir = await tempDir('exposed');
    const cli = runCli(['run', '--host', '0.0.0.0', '--port', '0', '--data-dir', dir, '--rate', '200', '--duration', '20'], { PURCHASE_TRENDS_TOKEN: TOKEN });
    const [, port] = await cli.waitFor(/dashboard and API at http:\/\/0\.0\.0\.0:(\d+)/);
    const url = `http://127.0.0.1:${port}`;
    for (const path of ['/', '/healthz', '/api/summary', '/events']) expect((await fetch(`${url}${path}`)).status, path).toBe(401);
    expect((await fetch(`${url}/api/summary`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${url}/?token=${TOKEN}`)).status).toBe(200);
    expect(cli.output()).toContain('every route needs the access token');
    expect(cli.output()).not.toContain(TOKEN);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  }, 60_000);

  it('on loopback needs no token', async () => {
    const dir = await tempDir('loopback');
    const cli = runCli(['run', '--port', '0', '--data-dir', dir, '--rate', '50', '--duration', '20']);
    const [, url] = await cli.waitFor(/dashboard and API at (http:\/\/127\.0\.0\.1:\d+)/);
    expect((await fetch(`${url}/api/summary`)).status).toBe(200);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  }, 60_000);
});
