// The door of runtime/: the composition of a running pipeline from a run plan, and its metrics.
// Other folders import from here; files of this folder import each other directly.
export { openStore } from './adapters';
export { runningGraceMs, startCompactionIfAsked } from './compaction-hook';
export { currentHost } from './host';
export { createPipelineMetrics, partsMetricsSources } from './metrics';
export type { PipelineMetrics } from './metrics';
export { startParts, stopParts, waitUntilConsumed } from './parts';
export type { Parts } from './parts';
export { runStage1Child } from './stage1-child';
export { forkStage1Worker } from './worker-process';
