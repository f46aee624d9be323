// The public API of the workbench: what the runner (app/), the server, the benchmarks and the
// notebooks import. Grouped by folder; each folder's index.ts is its door. Internals stay out.

// core: errors, clocks, logs, retries and the parsing of durations: what every folder uses
export { createLog, describeError, isWorkbenchError, silentLog, systemClock, WorkbenchError } from './core/index';
export type { Clock, Log } from './core/index';

// domain: the checkout event, its codec, the catalogue, windows and the mergeable aggregates (pure)
export {
  AISLES, alignDown, createRandom, createWeightedSampler, DEPARTMENT_WEIGHT, DEPARTMENTS,
  encodeCheckout, CHECKOUT_FORMATS, CHECKOUT_AVRO_SCHEMA, type CheckoutFormat, instacartAisles, instacartDepartments, lineRevenue, tumbling, unitFrom,
} from './domain/index';
export type { CheckoutEvent, Random } from './domain/index';

// domain/trend: the trend detector: baselines, CUSUMs, alert lifecycle and wording (pure)
export {
  createTrendDetector, createWindowCounter, DEFAULT_ALERT_SETTINGS, emptyCounts, parseSensitivity,
  ratioBanks, ratioSet, rulesFor,
} from './domain/trend/index';
export type { AlertSettings, TrendDetectorOptions, TrendSignal, WindowCounts } from './domain/trend/index';

// sources: where checkout events come from: the synthetic generator and its scenarios
export { createSyntheticSource, labelScenario, rampFactor } from './sources/index';
export type { EventSource, Scenario, ScenarioLabel, SkippedRows } from './sources/index';

// sources/instacart: the replay of the Instacart CSVs
export { createInstacartSource } from './sources/instacart/index';

// transport: the log the events travel on: the in-process log and Kafka, behind one port
export type { MemoryTransport, Transport } from './transport/index';
export { createKafkaTransport, createPlatformaticTransport } from './transport/index';
export type { KafkaCompression, KafkaTransportOptions } from './transport/index';

// store: Parquet on a local folder or on HDFS: layout, tables, history, compaction
export {
  compactClosedHours, compactionInThread, COPY_MIN_GROUP_ROWS, createFsStore, createHistoryReader, DEFAULT_COMPACTION_THREAD_HEAP_MB, createHistoryWriter, createWebHdfsStore,
  encodeRaw, expectedWindowFile, fillRawColumns, MERGED_ROW_GROUP_ROWS, startAutoCompaction, verifyStore,
} from './store/index';
export type { AutoCompaction, CompactionOptions, FileParts, Mismatch, PartitionCompaction, RawColumns, RawRecord, Store, VerifyReport } from './store/index';

// stream: the topology: stage 1, stage 2, partials, alerts and the live read side (pure)
export {
  aisleFigures, aisleProducts, BLOCK_MS, chooseComparisonSource, COMPARE_CHOICES, COMPARE_OFFSET_MS, COMPARE_WORDS, comparisonMessage,
  createAlertDesk, createStage1, createTopologyDriver, DASHBOARD_RANGE_MS, DASHBOARD_RANGES,
  DEFAULT_STREAM_SETTINGS, encodeFeed, encodePartial, PARTIAL_VERSION, choosePeriodSource, isoMinute,
  productWindows, WINDOW_DETAIL_MS,
} from './stream/index';
export type {
  AisleLookup, Alert, AlertEvent, CompareWith, DashboardRange, LiveView, PeriodChoice, ResolvedComparison,
} from './stream/index';

// pipeline: the workers that run the topology on a transport and a store
export { createProducerRun, partialsTopicFor, stage1GroupFor, stage2GroupFor } from './pipeline/index';

// charts: the Vega-Lite specs of the dashboard
export {
  COLORS, DASHBOARD_VIEWS, dashboardSnapshot, dashboardViewSpec, departmentsSpec, hourlySpec,
  topProductsSpec, VIEW_DATASETS, volumeSpec,
} from './charts/index';
export type { DashboardSelection, DashboardSnapshot, DashboardViewName } from './charts/index';

// report: PDF and Excel reports, their model, schedule and notebook display helpers
export {
  baselineVsActualSpec, buildReportModel, CONTENT_TYPES, createReportSchedule,
  DEFAULT_REPORT_SETTINGS, departmentChoices, describePeriodBasis, formatChange, formatCount,
  formatMoney, formatTime, historyExtent, newestWindowEnd, periodCharts, periodFigures, periodView, readPlotlyBundle,
  readReportRows, renderReport, reportBaseName, reportFromStore, resolvePeriod, rowsFromWindows,
  scheduledBaseName, scopeProblem, showMarkdown, showPlotly, showVegaLite, writeReportFiles,
} from './report/index';
export type { AggregatedRows, BaselinePoint, PeriodView, ReportFormat, ReportModel } from './report/index';

// query: SQL over the Parquet history (DuckDB)
export { createQueryEngine, toCsv, toHtmlTable, toJson, toTable } from './query/index';
export type { QueryEngine, QueryResult } from './query/index';

// config: the Config, the settings table users fill it from, and the run plan
export { DEFAULT_CONFIG, exposureProblem, planRun, SETTINGS } from './config/index';
export type { Command, Config, QueryFormat } from './config/index';

// runtime: the composition of a running pipeline from a run plan, and its metrics
export {
  createPipelineMetrics, currentHost, forkStage1Worker, openStore, partsMetricsSources, runningGraceMs, startCompactionIfAsked, startParts, stopParts,
  waitUntilConsumed,
} from './runtime/index';
export { runStage1Child } from './runtime/index';
export type { Parts, PipelineMetrics } from './runtime/index';

// baskets (#16 item 4): "bought together" over the live view's pair counts (stream/basket-answer.ts)
export { boughtTogetherAnswer, productPartnersAnswer } from './stream/index';
export type { BoughtTogether, NamedPartner, ProductPartners } from './stream/index';
