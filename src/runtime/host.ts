// The facts about this process that a run plan needs (config/run-plan.ts), read in one place.
import { availableParallelism } from 'node:os';
import type { HostFacts } from '../config/index';

export const currentHost = (): HostFacts => ({ pid: process.pid, now: Date.now(), interactive: process.stderr.isTTY === true, cores: availableParallelism() });
