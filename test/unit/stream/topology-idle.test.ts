import { describe, expect, it } from 'vitest';
import { createTopologyDriver, tumbling } from '../../../src/index';
import { line, order } from '../../helpers/events';

const T0 = Date.UTC(2026, 10, 30, 9);

describe('the topology on an idle stream', () => {
  it('keeps the view at one version for a minute of progress reports (nothing to rebuild)', () => {
    const driver = createTopologyDriver({ partitions: 2, start: T0, settings: { window: tumbling(10_000), allowedLatenessMs: 0 } });
    for (let s = 0; s < 30; s++) driver.pipe(order(T0 + s * 1_000, [line(1 + (s % 3))]));
    // Stage 1 reports every 250 ms; give the idle timeout and the last window time to pass.
    for (let i = 0; i < 4 * 120; i++) driver.advance(250);
    const view = driver.stage2.view;
    const versions = new Set<number>();
    for (let i = 0; i < 4 * 60; i++) {
      driver.advance(250);
      versions.add(view.version);
    }
    expect(versions.size).toBe(1);
  });
});
