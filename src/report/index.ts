// The door of report/: PDF and Excel reports, their model, schedule and notebook display helpers.
// Other folders import from here; files of this folder import each other directly.
export { periodFigures } from './compare-period';
export { periodCharts, periodView } from './period-view';
export type { PeriodView } from './period-view';
export { formatChange, formatCount, formatMoney, formatTime } from './format';
export { CONTENT_TYPES, renderReport, reportBaseName, reportFromStore, writeReportFiles } from './generate';
export { historyExtent, newestWindowEnd, readReportRows } from './history';
export { buildReportModel, departmentChoices } from './model';
export { scopeProblem } from './scope';
export type { ReportModel } from './model';
export { readPlotlyBundle, showMarkdown, showPlotly, showVegaLite } from './notebook';
export { rowsFromWindows } from './rows';
export type { AggregatedRows } from './rows';
export { checkCron, createReportSchedule, scheduledBaseName } from './schedule';
export {
  DEFAULT_REPORT_SETTINGS, describePeriodBasis, parseFormats, parseTimeSpec, resolvePeriod,
  TIME_SYNTAX,
} from './settings';
export type { ReportFormat, ReportSettings, TimeSpec } from './settings';
export { baselineVsActualSpec } from './trend-chart';
export type { BaselinePoint } from './trend-chart';
