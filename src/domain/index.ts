// The door of domain/: the checkout event, its codec, the catalogue, windows and the mergeable aggregates (pure).
// Other folders import from here; files of this folder import each other directly.
export {
  addOrder, addToTotals, createWindowAgg, emptyTotals, mergeHourTotals, mergeTotals, mergeWindow, settleProducts,
  windowFromJson,
} from './aggregates';
export type { DepartmentAgg, HourAgg, HourTotals, ProductAgg, Totals, WindowAgg, WindowAggJson } from './aggregates';
export { createCatalogue, createSyntheticCatalogue, instacartAisles, instacartDepartments } from './catalogue';
export type { Aisle, Catalogue, Department, Product } from './catalogue';
export { AISLES, DEPARTMENT_WEIGHT, DEPARTMENTS } from './catalogue-data';
export { CHECKOUT_FORMATS, decodeCheckout, encodeCheckout, type CheckoutFormat } from './codec';
export { CHECKOUT_AVRO_SCHEMA } from './codec-avro';
export { DISTINCT_REGISTERS, DistinctCount } from './distinct';
export { addMoney, lineRevenue, MONEY_SCALE, orderItems, orderRevenue } from './event';
export type { CheckoutEvent, OrderLine } from './event';
export { unitPrice } from './prices';
export { createRandom, createWeightedSampler, mix, unitFrom } from './rng';
export type { Random } from './rng';
export { rankAmong, rankProducts, sumProduct, topProducts } from './top-products';
export type { ProductFigures, ProductSource, ProductStanding, ProductSums, RankBy, RankedProduct } from './top-products';
export { boughtTogether, partnerFigures, partnersOf, topPairs } from './baskets';
export type { BasketFigures, Partner } from './baskets';
export { createPairCounts, DEFAULT_PAIR_CAPACITY, PAIR_ID_LIMIT, PairCounts, pairKey } from './pairs';
export type { PairParts } from './pairs';
export { alignDown, checkWindowSpec, lastWindowEnd, tumbling, windowStartsFor } from './windows';
export type { WindowSpec } from './windows';
