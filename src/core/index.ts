// The door of core/: errors, clocks, logs, retries and the parsing of durations: what every folder uses.
// Other folders import from here; files of this folder import each other directly.
export { createManualClock, systemClock } from './clock';
export type { Clock, ManualClock } from './clock';
export { describeError, isWorkbenchError, WorkbenchError } from './errors';
export type { WorkbenchErrorOptions } from './errors';
export { createLog, silentLog } from './log';
export type { Log, LogLevel } from './log';
export { withRetry } from './retry';
export { parseDuration } from './units';
