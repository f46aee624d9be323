// The door of pipeline/: the workers that run the topology on a transport and a store.
// Other folders import from here; files of this folder import each other directly.
export { ALERT_ROOT, attachAlertSink } from './alert-sink';
export type { AlertSink } from './alert-sink';
export type { PipelineObserver } from './observer';
export { ensureLocalFolder, probeWritable } from './preflight';
export { createProducerRun } from './producer';
export type { Pacing, ProducerRun } from './producer';
export { createProgress } from './progress';
export { createStage1Worker, DEFAULT_MAX_BUFFERED_ORDERS } from './stage1-worker';
export type { Stage1Worker } from './stage1-worker';
export { createStage2Service } from './stage2-service';
export type { Stage2Service } from './stage2-service';
export { DEFAULT_TRANSACTIONS_TOPIC, feedTopicFor, partialsTopicFor, stage1GroupFor, stage2GroupFor } from './topics';
