import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['kernel/**/*.test.ts', 'spaces/**/*.test.ts', 'modules/**/*.test.ts', 'examples/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
