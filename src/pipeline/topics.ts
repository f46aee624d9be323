// Topic and group names of the pipeline; the transactions topic name is configurable.

export const DEFAULT_TRANSACTIONS_TOPIC = 'purchase-transactions';
export const PARTIALS_TOPIC_SUFFIX = '.stage1-partials';
export const STAGE1_GROUP = 'purchase-trends-stage1';
export const STAGE2_GROUP = 'purchase-trends-stage2';

export const partialsTopicFor = (transactionsTopic: string): string => `${transactionsTopic}${PARTIALS_TOPIC_SUFFIX}`;

/**
 * Groups are per transactions topic, so pipelines on different topics (and tests) never share
 * a group and never rebalance each other.
 */
export const stage1GroupFor = (transactionsTopic: string): string => `${STAGE1_GROUP}.${transactionsTopic}`;
export const stage2GroupFor = (transactionsTopic: string): string => `${STAGE2_GROUP}.${transactionsTopic}`;
