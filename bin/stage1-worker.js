#!/usr/bin/env node
// A stage-1 worker process of `purchase-trends stream|run --workers N`: started by that process
// (src/runtime/worker-process.ts) and driven over its IPC channel; not a command of its own.
import { importBundled } from './_bundle.js';

const { runWorkerProcess } = await importBundled('app/stage1-worker.ts', 'stage1-worker');
process.exit(await runWorkerProcess());
