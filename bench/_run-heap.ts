// The V8 heap setting of the `run` job (package.json's `start`), which the soak runs under too,
// so that it measures what `npm start` uses. Why a limit at all: with the default one (4 GB here)
// V8 lets the old generation grow to up to 4× what survived the last full collection; under
// 2 GB it scales that factor down to 1.3-2.0 (V8's MemoryController::MaxGrowingFactor: 1.6 at
// 1 GB). The soak's live heap levels off at ~130-145 MB, so 1 GB is ~7× that: a ceiling the
// pipeline never reaches, not a squeeze (full collections every ~3 s instead of ~7 s, mutator
// utilisation 0.95-0.97 against 0.97-0.98).
export const RUN_HEAP_FLAG = '--max-old-space-size=1024';

/** Whether node already runs with a heap limit chosen by whoever started it. */
export const hasHeapLimit = (execArgv: readonly string[], nodeOptions: string | undefined): boolean =>
  [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((flag) => flag.startsWith('--max-old-space-size'));
