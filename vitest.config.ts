import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/reliability/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll() waits up to 20 s by default (vitest's 1 s fails on a loaded 2-core machine; only a hang
    // takes 20 s). Tests still finish as soon as the condition holds.
    expect: { poll: { timeout: 20_000 } },
    pool: 'forks',
    coverage: {
      provider: 'v8',
      include: ['src/core/**/*.ts'],
      reporter: ['text-summary'],
      thresholds: { 'src/core/**/*.ts': { lines: 100 } },
    },
  },
});
