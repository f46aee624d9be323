// What the running pipeline tells whoever watches it (the Prometheus metrics, metrics.ts), as
// plain callbacks: the workers know nothing of how it is counted or exported.

export interface PipelineObserver {
  /** A flush that wrote something: stage 1 (raw Parquet written, offsets committed) or stage 2 (windows written). */
  flushed(stage: 'stage1' | 'stage2', ms: number): void;
  /** Stage 2 closed a window: the clock's time at closing minus the window's end in event time. */
  windowClosed(lagMs: number): void;
}
