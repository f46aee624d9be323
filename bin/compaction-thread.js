#!/usr/bin/env node
// A compaction pass in a worker thread of `purchase-trends run|stream` (src/runtime/compaction-thread.ts):
// started by that process's --compact-every schedule, one thread a pass; not a command of its own.
import { importBundled } from './_bundle.js';

const { runCompactionThread } = await importBundled('app/compaction-thread.ts', 'compaction-thread');
await runCompactionThread();
