// The door of config/: the Config, the settings table users fill it from, and the run plan.
// Other folders import from here; files of this folder import each other directly.
export { DEFAULT_CONFIG } from './config';
export type { Config, QueryFormat } from './config';
export { exposureProblem } from './exposure';
export { planRun } from './run-plan';
export type { HostFacts, RunPlan } from './run-plan';
export { resolveScenario } from './scenario-spec';
export { SETTINGS } from './settings-table';
export type { Command } from './settings-table';
