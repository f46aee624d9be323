#!/usr/bin/env node
// A stage-1 worker process of `purchase-trends stream|run --workers N`: started by that process
// (src/runtime/worker-process.ts) and driven over its IPC channel; not a command of its own.
import { register } from 'tsx/esm/api';

register();
const { runWorkerProcess } = await import('../app/stage1-worker.ts');
process.exit(await runWorkerProcess());
