// The one error type of the workbench. Every failure a user can see carries a code,
// whether retrying can help, and where it happened (file:line, topic/offset, URL, path).

export type ErrorCode =
  | 'BAD_EVENT'
  | 'BAD_CSV_ROW'
  | 'BAD_FLAG'
  | 'BAD_CONFIG'
  | 'MISSING_INPUT'
  | 'UNREACHABLE'
  | 'STORE_FAILED'
  | 'TRANSPORT_FAILED'
  | 'BAD_PARQUET'
  | 'BAD_CHECKPOINT'
  | 'PARTITIONS_LOST'
  | 'BAD_PARTIAL'
  | 'BAD_QUERY'
  | 'QUERY_TIMEOUT'
  | 'WORKER_FAILED';

/** Codes where a retry of the same call may succeed. A data table, not a chain of ifs. */
const RETRIABLE: Record<ErrorCode, boolean> = {
  BAD_EVENT: false,
  BAD_CSV_ROW: false,
  BAD_FLAG: false,
  BAD_CONFIG: false,
  MISSING_INPUT: false,
  UNREACHABLE: true,
  STORE_FAILED: true,
  TRANSPORT_FAILED: true,
  BAD_PARQUET: false,
  BAD_CHECKPOINT: false,
  // The group moved this member's partitions elsewhere: not an error to retry, nor a failure of
  // the process; the new owner replays from the last commit.
  PARTITIONS_LOST: false,
  BAD_PARTIAL: false,
  BAD_QUERY: false,
  QUERY_TIMEOUT: false,
  // A stage-1 worker process of `stream --workers N` died: the run stops (exit 1) naming it.
  WORKER_FAILED: false,
};

export interface WorkbenchErrorOptions {
  cause?: unknown;
  retriable?: boolean;
  /** Where it happened: "orders.csv:17", "purchase-transactions[2]@1042", a URL or a path. */
  where?: string;
}

export class WorkbenchError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly where: string | undefined;

  constructor(code: ErrorCode, message: string, options: WorkbenchErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WorkbenchError';
    this.code = code;
    this.retriable = options.retriable ?? RETRIABLE[code];
    this.where = options.where;
  }
}

export const isWorkbenchError = (error: unknown): error is WorkbenchError =>
  error instanceof WorkbenchError;

/** A short text for any thrown value, without a stack trace. */
export const describeError = (error: unknown): string => {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
};
