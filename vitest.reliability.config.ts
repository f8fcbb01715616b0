import { defineConfig } from 'vitest/config';

/**
 * The full reliability suite (`npm run test:reliability`): every scenario at full size. Files run one after
 * another so that the wall-time-paced scenarios (faults, crash points) never compete with the CPU-bound
 * storm, and each printed figure line is measured on an otherwise idle suite.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
