import { defineConfig } from 'vitest/config';

/**
 * Three projects: `core` (runtime tests, never loads TensorFlow.js), `prop` (fast-check property
 * tests) and `tfjs` (the TensorFlow.js backend, WASM backend, and tests/onnx, which compares ONNX
 * Runtime with it). `npm test` runs all three.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          include: ['tests/**/*.test.ts'],
          // benchmarks (`npm run bench`) run in this project only
          benchmark: { include: ['bench/**/*.bench.ts'] },
          exclude: ['tests/tfjs/**', 'tests/onnx/**', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'prop',
          include: ['tests/**/*.test-prop.ts'],
          benchmark: { include: [] },
          exclude: ['tests/tfjs/**', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'tfjs',
          // tests/onnx compares the ONNX Runtime adapter with the tfjs one: same process, same worker
          include: ['tests/tfjs/**/*.test.ts', 'tests/onnx/**/*.test.ts'],
          setupFiles: ['tests/tfjs/helpers/quiet.ts'],
          benchmark: { include: [] },
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // one worker: the WASM backend is process-global state
          fileParallelism: false,
        },
      },
    ],
  },
});
