import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, planRun, type Config } from '../../../src/index';

const HOST = { pid: 4242, now: 1_700_000_000_000, interactive: true };
const withSource = (source: Partial<Config['source']>, rest: Partial<Config> = {}): Config =>
  ({ ...structuredClone(DEFAULT_CONFIG), ...rest, source: { ...DEFAULT_CONFIG.source, ...source } });

describe('planRun: the host-dependent and derived settings, made once before the parts start', () => {
  it('puts the checkpoints under the data folder unless --checkpoint-dir names another', () => {
    const moved = { ...structuredClone(DEFAULT_CONFIG), store: { ...DEFAULT_CONFIG.store, dataDir: '/srv/trends/' } };
    expect(planRun(moved, HOST).checkpointDir).toBe('/srv/trends/checkpoints');
    expect(planRun({ ...moved, checkpointDir: '/shared/ckpt' }, HOST).checkpointDir).toBe('/shared/ckpt');
  });

  it('paces a backfill at once, a live source at its speed-up, and caps a replay at --rate', () => {
    expect(planRun(withSource({ backfill: true, speedup: 60 }), HOST).pacing).toEqual({ mode: 'backfill', speedup: 1 });
    expect(planRun(withSource({ speedup: 30 }), HOST).pacing).toEqual({ mode: 'live', speedup: 30 });
    expect(planRun(withSource({ mode: 'instacart', rate: 500, speedup: 2 }), HOST).pacing).toEqual({ mode: 'live', speedup: 2, maxRate: 500 });
  });

  it('calls a source bounded when it ends on its own', () => {
    expect(planRun(withSource({}), HOST).boundedSource).toBe(false);
    expect(planRun(withSource({ maxOrders: 10 }), HOST).boundedSource).toBe(true);
    expect(planRun(withSource({ backfill: true }), HOST).boundedSource).toBe(true);
    expect(planRun(withSource({ mode: 'instacart' }), HOST).boundedSource).toBe(true);
  });

  it('redraws progress only on a terminal with --progress on', () => {
    expect(planRun(withSource({}), HOST).interactiveProgress).toBe(true);
    expect(planRun(withSource({}), { ...HOST, interactive: false }).interactiveProgress).toBe(false);
    expect(planRun(withSource({}, { progress: false }), HOST).interactiveProgress).toBe(false);
  });

  it('gives each replica process its own stage-2 group', () => {
    const a = planRun(withSource({}), HOST).replicaGroupId;
    expect(a).toBe('purchase-trends-view-4242-1700000000000');
    expect(planRun(withSource({}), { ...HOST, pid: 4243 }).replicaGroupId).not.toBe(a);
  });
});
