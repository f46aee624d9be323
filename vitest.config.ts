import { defineConfig } from 'vitest/config';

// Tests run in UTC so that hour partitions and hour-of-day figures are the same everywhere.
process.env.TZ = 'UTC';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
