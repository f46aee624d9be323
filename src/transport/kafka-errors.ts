// Turns Kafka client errors (kafkajs, @platformatic/kafka) into WorkbenchErrors that say what
// failed, where and what to do. A client's retriable flag is kept, so the one retry loop
// (src/core/retry.ts) decides on it alone. Hints for broker error codes are a table, not ifs.
import { WorkbenchError } from '../core/index';

/** What a user can do about a broker error code (kafkajs calls the code `type`). */
const HINTS: Record<string, string> = {
  UNKNOWN_TOPIC_OR_PARTITION: 'the topic does not exist on the broker; create it or let the workbench create it (it needs permission to)',
  TOPIC_AUTHORIZATION_FAILED: 'this client may not use the topic; check the broker ACLs',
  GROUP_AUTHORIZATION_FAILED: 'this client may not use the consumer group; check the broker ACLs',
  CLUSTER_AUTHORIZATION_FAILED: 'this client may not create topics or use idempotence; check the broker ACLs',
  MESSAGE_TOO_LARGE: 'a batch is larger than the broker accepts (message.max.bytes); send smaller batches',
  RECORD_LIST_TOO_LARGE: 'a batch is larger than the broker accepts (message.max.bytes); send smaller batches',
  INVALID_REPLICATION_FACTOR: 'the broker has fewer brokers than the replication factor asks for',
  POLICY_VIOLATION: 'the broker refused the topic settings',
  NOT_ENOUGH_REPLICAS: 'too few in-sync replicas for acks=all; check min.insync.replicas and the brokers',
  OUT_OF_ORDER_SEQUENCE_NUMBER: 'the idempotent producer lost its sequence; restart the producer',
  UNSUPPORTED_VERSION: 'the broker does not speak a protocol version kafkajs needs',
};

/** The group no longer counts this member (or this generation) as the owner of its partitions. */
const MEMBERSHIP_ERRORS = new Set(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS', 'FENCED_INSTANCE_ID']);

const CONNECTION_ERRORS = new Set(['KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSBrokerNotFound', 'KafkaJSRequestTimeoutError', 'PLT_KFK_NETWORK', 'PLT_KFK_TIMEOUT']);

interface KafkaJsLike {
  name?: string;
  message?: string;
  /** The broker's error code name: kafkajs's `type`, @platformatic/kafka's `apiId`. */
  type?: string;
  apiId?: string;
  /** @platformatic/kafka's class of error (PLT_KFK_NETWORK, ...) and retry flag. */
  code?: string;
  canRetry?: boolean;
  retriable?: boolean;
  cause?: unknown;
  /** @platformatic/kafka gathers the failures of its retries (the last one last). */
  errors?: unknown[];
}

/** The innermost cause: clients wrap the real failure in retry, crash and multiple-errors errors. */
function rootCause(error: unknown): KafkaJsLike {
  let current = error as KafkaJsLike;
  for (let depth = 0; depth < 10 && current && typeof current === 'object'; depth++) {
    const next = current.cause ?? current.errors?.[current.errors.length - 1];
    if (!next || typeof next !== 'object') break;
    current = next as KafkaJsLike;
  }
  return current ?? {};
}

const typeOf = (e: KafkaJsLike): string | undefined => e.type ?? e.apiId;

export const isConnectionFailure = (error: unknown): boolean => {
  const root = rootCause(error);
  const outer = (error ?? {}) as KafkaJsLike;
  return CONNECTION_ERRORS.has(root.name ?? '') || CONNECTION_ERRORS.has(root.code ?? '') || CONNECTION_ERRORS.has(outer.code ?? '')
    || /ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|Connection timeout|Connection closed/i.test(root.message ?? '');
};

/**
 * A WorkbenchError for a kafkajs failure while doing `action`. A WorkbenchError passes
 * through unchanged, so handlers' own errors keep their code and place. The message carries
 * the innermost kafkajs message, so no cause is attached (it would only repeat it).
 */
export function kafkaError(error: unknown, action: string, brokers: string, where?: string): WorkbenchError {
  if (error instanceof WorkbenchError) return error;
  const outer = (error ?? {}) as KafkaJsLike;
  const root = rootCause(error);
  const detail = root.message ?? outer.message ?? String(error);
  const retriable = outer.retriable ?? outer.canRetry ?? root.retriable ?? root.canRetry;
  if (isConnectionFailure(error)) {
    return new WorkbenchError('UNREACHABLE',
      `Kafka unreachable at ${brokers} while ${action} (${detail}). Start the local broker with "npm run services -- up kafka", or point --brokers / KAFKA_BOOTSTRAP_SERVERS at a running one`,
      { where: where ?? brokers, retriable: retriable ?? true });
  }
  if (MEMBERSHIP_ERRORS.has(typeOf(root) ?? '')) {
    return new WorkbenchError('PARTITIONS_LOST',
      `Kafka at ${brokers} took this member's partitions away while ${action} (${detail}); they are replayed from their last commit by their next owner`,
      { where: where ?? brokers, retriable: false });
  }
  const type = typeOf(root);
  const hint = type ? HINTS[type] : undefined;
  return new WorkbenchError('TRANSPORT_FAILED',
    `Kafka at ${brokers} failed while ${action}: ${detail}${hint ? ` (${hint})` : ''}`,
    { where: where ?? brokers, retriable: retriable ?? false });
}
