// The transport contract against a real Apache Kafka broker (npm test starts one; see infra/README.md).
import { describe, expect, it } from 'vitest';
import { createKafkaTransport, isWorkbenchError } from '../../../src/index';
import { transportContract } from '../../contract/transport.contract';
import { KAFKA_BROKERS } from './helpers';

transportContract('kafka', () => createKafkaTransport({ brokers: KAFKA_BROKERS }), { settleMs: 1_000 });

describe('kafka transport', () => {
  it('names the address when the broker cannot be reached, and fails fast', async () => {
    const started = Date.now();
    const error = await createKafkaTransport({ brokers: ['127.0.0.1:9'] }).then(() => undefined, (e: unknown) => e);
    expect(isWorkbenchError(error) && error.code).toBe('UNREACHABLE');
    expect((error as Error).message).toMatch(/^Kafka unreachable at 127\.0\.0\.1:9 /);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
