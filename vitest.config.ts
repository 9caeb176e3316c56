import { defineConfig } from 'vitest/config';

// CI asks for a JSON copy of the results so that .ci/run can print vitest's own pass/fail counts.
const resultsFile = process.env.VITEST_RESULTS_FILE;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    reporters: resultsFile ? ['default', 'json'] : ['default'],
    outputFile: resultsFile ? { json: resultsFile } : undefined,
  },
});
