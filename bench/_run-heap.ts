// The memory settings of the `run` job (package.json's `start`), which the soak runs under too,
// so that it measures what `npm start` uses. A hand-started `purchase-trends run` takes the same
// through its environment (see the README, "Memory and retention").
//
// V8 flags. What survives a full collection in the soak levels off at 125-170 MB (`--trace-gc`).
// - `--max-old-space-size=512`, about 3× that live set: a ceiling the pipeline does not reach.
//   A limit also makes V8 less greedy: with the default one (4 GB here) it lets the old
//   generation grow to up to 4× the live set before the next full collection; under 2 GB it
//   scales that factor down (V8's MemoryController::MaxGrowingFactor: 1.6 at 1 GB, 1.4 at 512 MB).
// - `--max-semi-space-size=4`: the young generation is two semi-spaces, 16 MB each by default;
//   the pipeline's short-lived objects (parsed orders, partial windows) die young in 4 MB too.
// malloc (glibc): array buffers and node's own allocations live there.
// - MALLOC_ARENA_MAX=2: one arena per thread that allocates (up to 8 per core) each keeps its
//   own free space; two are enough for node's main thread and its helpers.
// - MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_ at 128 KiB: blocks from 128 KiB up get
//   their own mapping, given back when freed (by default the threshold rises up to 32 MB after
//   such a block is freed, so later large buffers fragment the heap), and free space at the
//   heap's top is given back from 128 KiB on.
export const RUN_NODE_FLAGS = ['--max-old-space-size=512', '--max-semi-space-size=4'] as const;
export const RUN_MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
  MALLOC_TRIM_THRESHOLD_: '131072',
};

const flagName = (flag: string): string => flag.split('=', 1)[0]!.replace(/_/g, '-');

/** The run job's node flags that whoever started node did not set (on the command line or in NODE_OPTIONS). */
export const missingNodeFlags = (execArgv: readonly string[], nodeOptions: string | undefined): string[] => {
  const given = new Set([...execArgv, ...(nodeOptions ?? '').split(/\s+/)].filter(Boolean).map(flagName));
  return RUN_NODE_FLAGS.filter((flag) => !given.has(flagName(flag)));
};

/** The malloc variables not set in `env`; a value set by whoever started node is kept. */
export const missingMallocEnv = (env: Readonly<Record<string, string | undefined>>): Record<string, string> =>
  Object.fromEntries(Object.entries(RUN_MALLOC_ENV).filter(([name]) => env[name] === undefined));
