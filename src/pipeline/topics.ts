// Topic and group names of the pipeline; the transactions topic name is configurable.

export const DEFAULT_TRANSACTIONS_TOPIC = 'purchase-transactions';
export const PARTIALS_TOPIC_SUFFIX = '.stage1-partials';
export const STAGE1_GROUP = 'purchase-trends-stage1';
export const STAGE2_GROUP = 'purchase-trends-stage2';

export const FEED_TOPIC_SUFFIX = '.feed';

export const partialsTopicFor = (transactionsTopic: string): string => `${transactionsTopic}${PARTIALS_TOPIC_SUFFIX}`;
/** The dashboard's feed of recent orders: a few orders a second, for display only (live-feed.ts). */
export const feedTopicFor = (transactionsTopic: string): string => `${transactionsTopic}${FEED_TOPIC_SUFFIX}`;
/** The feed topic keeps an hour: a reader starts at its end, and older orders are never shown. */
export const FEED_RETENTION_MS = 3_600_000;

/**
 * Groups are per transactions topic, so pipelines on different topics (and tests) never share
 * a group and never rebalance each other.
 */
export const stage1GroupFor = (transactionsTopic: string): string => `${STAGE1_GROUP}.${transactionsTopic}`;
export const stage2GroupFor = (transactionsTopic: string): string => `${STAGE2_GROUP}.${transactionsTopic}`;
