// The door of stream/: the topology: stage 1, stage 2, partials, alerts and the live read side (pure).
// Other folders import from here; files of this folder import each other directly.
export { SIMPLE_RULE_LABEL } from './alert-simple-rule';
export type { Alert, AlertSource } from './alert-types';
export { createAlertDesk } from './alerts';
export type { AlertDesk, AlertEvent, AlertEventType } from './alerts';
export type { AlertStage } from './alerts-stage';
export { createTopologyDriver } from './driver';
export { boughtTogetherAnswer, productPartnersAnswer } from './basket-answer';
export type { BoughtTogether, NamedPartner, ProductPartners } from './basket-answer';
export { aisleFigures, aisleProducts } from './live-aisles';
export type { AisleLookup } from './live-aisles';
export {
  chooseComparisonSource, COMPARE_CHOICES, COMPARE_OFFSET_MS, COMPARE_WORDS, compareFigures, comparisonMessage, currentFigures,
} from './live-compare';
export type { CompareWith, ComparisonDeltas, ComparisonSummary, Delta, PeriodFigures, ResolvedComparison } from './live-compare';
export type { BasketRange } from './live-baskets';
export { decodeFeed, encodeFeed } from './live-feed';
export type { FeedOrder } from './live-feed';
export { choosePeriodSource, isoMinute } from './live-period';
export type { PeriodChoice, PeriodReach } from './live-period';
export { productWindows } from './live-product';
export type { DashboardKpis, DepartmentShare, HourVolume } from './live-query';
export { BLOCK_MS, WINDOW_DETAIL_MS } from './live-closed';
export { DASHBOARD_RANGE_MS, DASHBOARD_RANGES } from './live-ranges';
export type { DashboardRange } from './live-ranges';
export { rankTrending } from './live-rank';
export type { ProductFigures, TrendingProduct } from './live-rank';
export type { RetainedWindow } from './live-retained';
export type { LiveView } from './live-view';
export { volumeUnitFor } from './live-volume';
export type { VolumeSeries } from './live-volume';
export { decodePartial, encodePartial } from './partial';
export type { Stage1Partial } from './partial';
export { PARTIAL_VERSION } from './partial-codec';
export { DEFAULT_STREAM_SETTINGS } from './settings';
export type { StreamSettings } from './settings';
export type { ClosedWindow, Correction, MergerCheckpoint } from './stage2';
export { createStage1, createStage2, recordWhere } from './topology';
export type { Stage2 } from './topology';
