#!/usr/bin/env node
// Runs the TypeScript CLI through tsx in this same process (no child to orphan), so there is
// no build step between a change and a run. It exits as soon as main returns: a part that
// failed to stop must not keep the process alive.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../app/main.ts');
process.exit(await main(process.argv.slice(2), process.env));
