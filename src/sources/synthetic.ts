// The synthetic checkout stream: seeded and deterministic, ~50k products with Zipf-like
// popularity, Instacart-shaped baskets, reorders and week seasonality, and injected scenarios.
// Scenario decisions hash (order, product) instead of drawing from the main generator, so a
// run with a scenario equals the same run without it everywhere outside the scenario.
import {
  createSyntheticCatalogue, type Catalogue, type Product, type CheckoutEvent, type OrderLine, unitPrice, createRandom, createWeightedSampler, mix, unitFrom, type Random,
} from '../domain/index';
import { DEFAULT_POPULARITY, rankProducts } from './popularity';
import { createPurchaseHistories, type PurchaseHistories } from './purchase-histories';
import { labelScenario, scenariosAt, type Scenario, type ScenarioLabel } from './scenarios';
import { demandFactor, PEAK_DEMAND } from './seasonality';
import type { EventSource } from './types';

export interface SyntheticOptions {
  seed?: number;
  catalogue?: Catalogue;
  /** Event time of the stream's start, epoch ms. */
  startTime: number;
  /** Mean orders per second of event time, averaged over a week when seasonality is on. */
  ordersPerSecond: number;
  /** Stop before this event time (exclusive), or after maxOrders, whichever first. */
  endTime?: number;
  maxOrders?: number;
  seasonality?: boolean;
  scenarios?: Scenario[];
  users?: number;
  /** Popularity at rank r is ∝ 1 / (r + zipfOffset)^zipfExponent; defaults in popularity.ts (0.83, 1.7). */
  zipfExponent?: number;
  zipfOffset?: number;
  /**
   * Noisy, bursty demand (default 0, none): orders come in clumps of 1 + Poisson(burstiness)
   * identical baskets (group and repeat checkouts), and demand wobbles from minute to minute
   * by a lognormal factor with σ = 0.25 × burstiness. The mean rate stays ordersPerSecond.
   */
  burstiness?: number;
  /**
   * Read before each order: a factor on ordersPerSecond from then on (default 1). Lets the
   * soak benchmark slow the stream to what the pipeline sustains, in one continuous stream.
   */
  rateFactor?: () => number;
}

export interface SyntheticSource extends EventSource {
  readonly labels: ScenarioLabel[];
  /** The same events as events(), synchronously: for tests, notebooks and benchmarks. */
  generate(): Generator<CheckoutEvent>;
}

/** Chance a line is drawn from the customer's history: with the first orders, ~59% of lines are reorders. */
const REORDER_RATE = 0.77;
const HISTORY_LIMIT = 40;
/** Mean basket less one; customers' own means spread as a gamma(2): median basket ~8, mean ~10. */
const MEAN_EXTRA_ITEMS = 9.1;

export function createSyntheticSource(options: SyntheticOptions): SyntheticSource {
  const {
    seed = 42, startTime, ordersPerSecond, endTime = Number.POSITIVE_INFINITY, maxOrders = Number.POSITIVE_INFINITY,
    seasonality = true, scenarios = [], users = 206_209, zipfExponent = DEFAULT_POPULARITY.exponent, zipfOffset = DEFAULT_POPULARITY.offset, burstiness = 0,
    rateFactor,
  } = options;
  const catalogue = options.catalogue ?? createSyntheticCatalogue({ seed });
  const products = catalogue.products;
  // Popularity ranks are seeded (popularity.ts), not tied to id.
  const { byRank, weights: zipfWeights } = rankProducts(products, createRandom(mix(seed, 1)), { exponent: zipfExponent, offset: zipfOffset });
  const zipfTotal = zipfWeights.reduce((a, b) => a + b, 0);
  const drawProduct = createWeightedSampler(zipfWeights);
  const drawProbability = new Map(byRank.map((p, rank) => [p.id, (zipfWeights[rank] as number) / zipfTotal]));
  const drawUser = createWeightedSampler(Array.from({ length: users }, (_, i) => 1 / (i + 1) ** 0.5));
  const departmentSamplers = new Map<number, { items: Product[]; draw: (u: number) => number }>();
  const departmentSampler = (departmentId: number) => {
    let sampler = departmentSamplers.get(departmentId);
    if (!sampler) {
      const items = byRank.filter((p) => p.departmentId === departmentId);
      sampler = { items, draw: createWeightedSampler(items.map((p) => drawProbability.get(p.id) as number)) };
      departmentSamplers.set(departmentId, sampler);
    }
    return sampler;
  };

  const toLine = (product: Product, position: number, reordered: boolean, orderId: number): OrderLine => {
    const u = unitFrom(orderId, product.id, 7);
    const discounted = unitFrom(orderId, product.id, 8) < 0.08;
    return {
      product_id: product.id, product_name: product.name,
      aisle_id: product.aisleId, aisle: catalogue.aisle(product.aisleId)?.name ?? 'missing',
      department_id: product.departmentId, department: catalogue.department(product.departmentId)?.name ?? 'missing',
      quantity: u < 0.8 ? 1 : u < 0.95 ? 2 : 3,
      unit_price: unitPrice(product.id, product.aisleId, product.departmentId),
      discount: discounted ? 0.1 : 0,
      reordered, add_to_cart_order: position,
    };
  };

  function applyScenarios(orderId: number, t: number, basket: Map<number, boolean>): void {
    const now = scenariosAt(scenarios, t);
    for (const id of now.hidden) basket.delete(id);
    const size = Math.max(basket.size, 1);
    for (const { productId, factor } of now.products) {
      if (factor < 1) {
        if (basket.has(productId) && unitFrom(orderId, productId, 1) >= factor) basket.delete(productId);
      } else if (!basket.has(productId)) {
        const q = 1 - (1 - (drawProbability.get(productId) ?? 0)) ** size;
        if (unitFrom(orderId, productId, 2) < Math.min(1, ((factor - 1) * q) / (1 - q))) basket.set(productId, false);
      }
    }
    for (const [departmentId, factor] of now.departments) {
      const inDepartment = [...basket.keys()].filter((id) => catalogue.product(id)?.departmentId === departmentId);
      if (factor < 1) {
        for (const id of inDepartment) if (unitFrom(orderId, id, 3) >= factor) basket.delete(id);
        continue;
      }
      const extra = createRandom(mix(orderId, departmentId, 4));
      const sampler = departmentSampler(departmentId);
      for (let n = extra.poisson((factor - 1) * inDepartment.length); n > 0; n--) {
        basket.set((sampler.items[sampler.draw(extra.next())] as Product).id, false);
      }
    }
    for (const { productId, share } of now.entrants) {
      if (unitFrom(orderId, productId, 5) < share) basket.set(productId, false);
    }
  }

  /**
   * The stream starts in the middle of customers' lives, as Instacart's data does: a customer
   * first seen has a number of earlier orders and a history of products to reorder, both
   * drawn from their own id so that they do not disturb the main sequence.
   */
  function joinUser(userId: number, histories: PurchaseHistories): void {
    const own = createRandom(mix(seed, userId, 11));
    const earlier = own.next() < 0.15 ? 0 : own.int(1, 40);
    const past: number[] = [];
    for (let n = earlier === 0 ? 0 : own.int(5, 25); n > 0; n--) {
      const id = (byRank[drawProduct(own.next())] as Product).id;
      if (!past.includes(id)) past.push(id);
    }
    histories.setOrderNumber(userId, earlier);
    histories.write(userId, past);
  }

  function* generate(): Generator<CheckoutEvent> {
    const random = createRandom(seed);
    const histories = createPurchaseHistories(users, HISTORY_LIMIT, byRank.reduce((max, p) => Math.max(max, p.id), 0));
    const peakRate = (ordersPerSecond * (seasonality ? PEAK_DEMAND : 1) * (burstiness > 0 ? WOBBLE_CAP : 1)) / (1 + burstiness);
    let t = startTime;
    for (let orderId = 1; orderId <= maxOrders; ) {
      // Thinning: candidate arrivals at the peak rate, kept in proportion to demand now.
      t += (-Math.log(1 - random.next()) / (rateFactor ? peakRate * rateFactor() : peakRate)) * 1000;
      if (t >= endTime) return;
      if (seasonality && random.next() * PEAK_DEMAND > demandFactor(t)) continue;
      if (burstiness > 0 && random.next() * WOBBLE_CAP > wobble(seed, burstiness, t)) continue;

      const userId = drawUser(random.next()) + 1;
      if (histories.orderNumber(userId) < 0) joinUser(userId, histories);
      const orderNumber = histories.orderNumber(userId) + 1;
      histories.setOrderNumber(userId, orderNumber);
      const past = histories.read(userId);
      const wanted = 1 + random.poisson(MEAN_EXTRA_ITEMS * basketFactor(userId));
      const basket = new Map<number, boolean>(); // product id → reordered
      for (let tries = 0; basket.size < wanted && tries < wanted * 3; tries++) {
        const reorder = past.length > 0 && random.next() < REORDER_RATE;
        const id = reorder ? (past[random.int(0, past.length - 1)] as number) : (byRank[drawProduct(random.next())] as Product).id;
        if (!basket.has(id)) basket.set(id, reorder || past.includes(id));
      }
      const eventTime = Math.floor(t);
      applyScenarios(orderId, eventTime, basket);
      if (basket.size === 0) continue;

      const lines: OrderLine[] = [];
      for (const [id, reordered] of basket) {
        lines.push(toLine(catalogue.product(id) as Product, lines.length + 1, reordered, orderId));
        if (!past.includes(id)) past.push(id);
      }
      histories.write(userId, past);
      const date = new Date(eventTime);
      const event: CheckoutEvent = {
        event_id: `syn-${seed}-${orderId}`, event_time: eventTime, order_id: orderId, user_id: userId,
        order_number: orderNumber, order_dow: date.getUTCDay(), order_hour_of_day: date.getUTCHours(),
        days_since_prior_order: orderNumber === 1 ? null : priorDays(unitFrom(userId, orderNumber, 6)),
        lines,
      };
      yield event;
      orderId++;
      for (let copies = burstiness > 0 ? createRandom(mix(seed, orderId, 12)).poisson(burstiness) : 0; copies > 0 && orderId <= maxOrders; copies--, orderId++) {
        const copyNumber = histories.orderNumber(userId) + 1;
        histories.setOrderNumber(userId, copyNumber);
        yield { ...event, event_id: `syn-${seed}-${orderId}`, order_id: orderId, order_number: copyNumber, days_since_prior_order: 0 };
      }
    }
  }

  const total = Number.isFinite(maxOrders) ? maxOrders : undefined;
  return {
    kind: 'synthetic',
    catalogue,
    total,
    labels: scenarios.map(labelScenario),
    generate,
    async *events() {
      yield* generate();
    },
  };
}

const WOBBLE_CAP = 3;

/** The minute's demand wobble of a bursty stream: lognormal, mean 1, from a hash of the minute. */
function wobble(seed: number, burstiness: number, t: number): number {
  const minute = Math.floor(t / 60_000);
  const z = Math.sqrt(-2 * Math.log(Math.max(unitFrom(seed, minute, 13), 1e-12))) * Math.cos(2 * Math.PI * unitFrom(seed, minute, 14));
  const sigma = 0.25 * burstiness;
  return Math.min(WOBBLE_CAP, Math.exp(sigma * z - (sigma * sigma) / 2));
}

/** A customer's usual basket against the mean: gamma(2) with mean 1, from their id. */
function basketFactor(userId: number): number {
  return -(Math.log(1 - unitFrom(userId, 9)) + Math.log(1 - unitFrom(userId, 10))) / 2;
}

/** Instacart's days_since_prior_order has peaks at a week and at the 30-day cap. */
function priorDays(u: number): number {
  if (u < 0.12) return 30;
  if (u < 0.3) return 7;
  return Math.floor(((u - 0.3) / 0.7) * 29);
}
