#!/usr/bin/env node
// Raw Parquet encoding in a worker thread of `purchase-trends run|stream` (src/store/raw-encoder-thread.ts):
// started by that process's stage 1, one thread for the run; not a command of its own.
import { importBundled } from './_bundle.js';

const { runRawEncoderThread } = await importBundled('app/raw-encoder-thread.ts', 'raw-encoder-thread');
runRawEncoderThread();
