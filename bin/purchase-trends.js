#!/usr/bin/env node
// Runs the TypeScript CLI in this same process (no child to orphan), as a bundle that is rebuilt
// when a source changed (bin/_bundle.js), so there is no build step between a change and a run.
// It exits as soon as main returns: a part that failed to stop must not keep the process alive.
import { importBundled } from './_bundle.js';

const { main } = await importBundled('app/main.ts', 'purchase-trends');
process.exit(await main(process.argv.slice(2), process.env));
