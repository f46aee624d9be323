// What happens to a row that cannot be read is configuration: 'fail' stops the replay with the
// file and line, 'skip' reports the row to onRejected and goes on.
import { WorkbenchError } from '../../core/index';
import type { BadRecordPolicy, RejectedRecord, SkipReason } from '../index';

/** Reports a bad row at `where` ("orders.csv:17"); throws under the 'fail' policy. */
export type RejectRow = (where: string, reason: string, raw?: string, kind?: SkipReason) => void;

export interface RowRejecter {
  reject: RejectRow;
  /** Rows rejected so far. */
  count(): number;
}

const RAW_LIMIT = 500;

export function createRowRejecter(policy: BadRecordPolicy, onRejected?: (record: RejectedRecord) => void): RowRejecter {
  let rejected = 0;
  const reject: RejectRow = (where, reason, raw, kind = 'malformed row') => {
    if (policy === 'fail') {
      throw new WorkbenchError('BAD_CSV_ROW', `${where}: ${reason} (bad records fail the replay; set them to 'skip' to report and go on)`, { where });
    }
    rejected++;
    const record: RejectedRecord = { where, reason, kind };
    if (raw !== undefined) record.raw = raw.length > RAW_LIMIT ? `${raw.slice(0, RAW_LIMIT)}...` : raw;
    onRejected?.(record);
  };
  return { reject, count: () => rejected };
}
