// The soak as one module for bin/bench.js to bundle (bin/_bundle.js): the soak measures the memory
// of the `run` job, which runs bundled, not through tsx's loader (~30 MB more in every process).
export { run } from './soak';
export { runBenchmark } from './_runner';
export { missingMallocEnv, missingNodeFlags } from './_run-heap';
