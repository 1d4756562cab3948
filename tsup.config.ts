import { defineConfig } from 'tsup';

/**
 * One entry per public subpath. The core entries never import `@tensorflow/*`;
 * only `tfjs` does, and TensorFlow.js stays external (an optional peer).
 */
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    agreement: 'src/agreement/index.ts',
    attention: 'src/attention/index.ts',
    faithfulness: 'src/faithfulness/index.ts',
    attribution: 'src/attribution/index.ts',
    benchmark: 'src/benchmark/index.ts',
    testing: 'src/testing/index.ts',
    data: 'src/data/index.ts',
    io: 'src/io/index.ts',
    report: 'src/report/index.ts',
    tfjs: 'src/backends/tfjs/index.ts',
    onnx: 'src/backends/onnx/index.ts',
    // the `faithcheck` command (package.json "bin"; Node only, never imported by the library)
    cli: 'src/cli/main.ts',
    counterfactual: 'src/counterfactual/index.ts',
    verify: 'src/verify/index.ts',
    // worker_threads entry of attentionFlowParallel, found by URL next to the calling bundle
    flowWorker: 'src/attention/flowWorker.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  splitting: true,
  treeshake: true,
  external: [/^@tensorflow\//, /^onnxruntime-/, /^@stdlib\//, /^node:/, 'ml-matrix', 'javascript-lp-solver'],
});
