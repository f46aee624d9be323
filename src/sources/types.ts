// A source yields checkout events in event-time order (never decreasing event_time).
import type { Catalogue } from '../domain/catalogue';
import type { CheckoutEvent } from '../domain/event';

export interface EventSource {
  readonly kind: 'synthetic' | 'instacart';
  readonly catalogue: Catalogue;
  /** How many events the source will yield, when it knows (for progress bars). */
  readonly total: number | undefined;
  events(): AsyncIterable<CheckoutEvent>;
}

/** What to do with a record that cannot be read: a setting, not code. */
export type BadRecordPolicy = 'skip' | 'fail';

/** A record that was skipped, with where it was. */
export interface RejectedRecord {
  where: string;
  reason: string;
  raw?: string;
}
