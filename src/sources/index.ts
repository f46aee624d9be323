// The door of sources/: where checkout events come from: the synthetic generator and its scenarios.
// Other folders import from here; files of this folder import each other directly.
export { labelScenario, rampFactor } from './scenarios';
export type { Scenario, ScenarioLabel } from './scenarios';
export { DOW_FACTOR, HOUR_FACTOR, PEAK_DEMAND, backfillPeriod, backfillSpanMs, meanDemand } from './seasonality';
export { createSkipTally } from './skip-tally';
export type { SkippedRows, SkipTally } from './skip-tally';
export { createSyntheticSource } from './synthetic';
export type { BadRecordPolicy, EventSource, RejectedRecord, SkipReason } from './types';
