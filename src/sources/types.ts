// A source yields checkout events in event-time order (never decreasing event_time).
import type { Catalogue, CheckoutEvent } from '../domain/index';
import type { ScenarioLabel } from './scenarios';

export interface EventSource {
  readonly kind: 'synthetic' | 'instacart';
  readonly catalogue: Catalogue;
  /** How many events the source will yield, when it knows (for progress bars). */
  readonly total: number | undefined;
  events(): AsyncIterable<CheckoutEvent>;
  /** The changes injected into the stream (synthetic scenarios), written next to the data as ground truth. */
  readonly labels?: readonly ScenarioLabel[];
}

/** What to do with a record that cannot be read: a setting, not code. */
export type BadRecordPolicy = 'skip' | 'fail';

/** Why a source row was skipped, in a few words: what skip counts are grouped by. */
export type SkipReason =
  | 'malformed row' | 'repeated order_id' | 'repeated order_number' | 'order not in orders.csv'
  | 'product not in products.csv' | 'unknown aisle or department' | 'repeated catalogue id';

/** A record that was skipped, with where it was. */
export interface RejectedRecord {
  where: string;
  reason: string;
  /** The group it is counted in (default 'malformed row'). */
  kind?: SkipReason;
  raw?: string;
}
