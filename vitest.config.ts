import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The compiled server (dist/) is built once for the tests that start it.
    globalSetup: ['tests/build-dist-once.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Native addons (hnswlib, jieba, onnxruntime) are safest in forked processes.
    pool: 'forks',
  },
});
