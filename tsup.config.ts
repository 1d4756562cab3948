import { defineConfig } from 'tsup';

/**
 * One entry per public subpath. The core entries never import `@tensorflow/*`;
 * only `tfjs` does, and TensorFlow.js stays external (an optional peer).
 */
export default defineConfig({
  entry: {
    index: 'src/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  splitting: true,
  treeshake: true,
  external: [/^@tensorflow\//, /^node:/, 'ml-matrix', 'javascript-lp-solver'],
});
