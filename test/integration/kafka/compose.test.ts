// docker-compose.yml as Docker Compose v2 reads it (`docker compose config`, through
// infra/kafka/compose-config.sh, which installs Compose from PyPI when the machine has none).
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RUN_MALLOC_ENV, RUN_NODE_FLAGS } from '../../../bench/_run-heap';
import { tempDir } from '../../helpers/tmp';

const run = promisify(execFile);
const SCRIPT = 'infra/kafka/compose-config.sh';

interface Service {
  image?: string;
  build?: { context: string };
  command?: string[] | null;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  environment?: Record<string, string>;
}

describe('docker-compose.yml', () => {
  it('is accepted by docker compose config and runs Kafka, the topics, producer, stream and dashboard', async () => {
    const token = 'compose-token-0123456789';
    // With the embedded profile, so the single-process workbench service is there too.
    const { stdout } = await run('bash', [SCRIPT, 'docker-compose.yml', '--format', 'json'], { maxBuffer: 8 << 20, env: { ...process.env, PURCHASE_TRENDS_TOKEN: token, COMPOSE_PROFILES: 'embedded' } });
    const services = (JSON.parse(stdout) as { services: Record<string, Service> }).services;
    expect(services.kafka!.image).toMatch(/^apache\/kafka:4\./);
    expect(services.kafka!.environment!.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(services.kafka!.healthcheck!.test.join(' ')).toContain('9092');
    expect(services['kafka-init']!.depends_on!.kafka!.condition).toBe('service_healthy');
    expect(services['kafka-init']!.command!.join(' ')).toMatch(/kafka-topics\.sh[^]*--create --if-not-exists --topic purchase-transactions --partitions 4/);
    for (const [name, role] of [['producer', 'produce'], ['stream', 'stream'], ['dashboard', 'serve']] as const) {
      const service = services[name]!;
      expect(service.build?.context).toBeTruthy();
      expect(service.command![0]).toBe(role);
      expect(service.environment!.KAFKA_BOOTSTRAP_SERVERS).toBe('kafka:9092');
      expect(service.depends_on!['kafka-init']!.condition).toBe('service_completed_successfully');
    }
    // Every process of the workbench runs under npm start's memory settings.
    for (const name of ['producer', 'stream', 'dashboard', 'workbench']) {
      const env = services[name]!.environment!;
      expect(env.NODE_OPTIONS?.split(' ')).toEqual([...RUN_NODE_FLAGS]);
      for (const [variable, value] of Object.entries(RUN_MALLOC_ENV)) expect(env[variable]).toBe(value);
    }
    // The dashboard listens on 0.0.0.0 in its container, so it takes the token, and so does its health check.
    expect(services.dashboard!.environment!.PURCHASE_TRENDS_TOKEN).toBe(token);
    expect(services.dashboard!.healthcheck!.test.join(' ')).toContain("Authorization: 'Bearer ' + process.env.PURCHASE_TRENDS_TOKEN");
  }, 120_000);

  it('is refused without PURCHASE_TRENDS_TOKEN, saying how to make one', async () => {
    const env = { ...process.env };
    delete env.PURCHASE_TRENDS_TOKEN;
    const result = await run('bash', [SCRIPT, 'docker-compose.yml', '--quiet'], { env }).then(() => 'accepted', (e: { stderr: string }) => e.stderr);
    expect(result).toMatch(/required variable PURCHASE_TRENDS_TOKEN is missing a value: set PURCHASE_TRENDS_TOKEN to an access token of 16 or more characters/);
  }, 120_000);

  it('is a real check: a service depending on one that does not exist is refused', async () => {
    const dir = await tempDir('compose');
    const broken = join(dir, 'docker-compose.yml');
    await writeFile(broken, 'services:\n  stream:\n    image: busybox\n    depends_on: [kafka]\n');
    const result = await run('bash', [SCRIPT, broken, '--quiet']).then(() => 'accepted', (e: { stderr: string }) => e.stderr);
    expect(result).toMatch(/depends on undefined service "?kafka"?/);
  }, 120_000);
});
