import { describe, expect, it } from 'vitest';
import { exposureProblem, isLoopbackHost } from '../../../src/config/exposure';

describe('exposure of the dashboard', () => {
  it('knows loopback addresses from the others', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '128.0.0.1', '::2', 'localhost.example.com']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('needs a token beyond loopback, of at least 16 characters', () => {
    expect(exposureProblem({ host: '127.0.0.1' })).toBeUndefined();
    expect(exposureProblem({ host: '0.0.0.0' })).toMatch(/^--host 0\.0\.0\.0 makes the dashboard and API reachable from other machines, so they need an access token: set one with --token or PURCHASE_TRENDS_TOKEN/);
    expect(exposureProblem({ host: '0.0.0.0', token: 'x'.repeat(16) })).toBeUndefined();
    expect(exposureProblem({ host: '127.0.0.1', token: 'short' })).toMatch(/the access token is too short \(5 characters\); use at least 16/);
  });
});
