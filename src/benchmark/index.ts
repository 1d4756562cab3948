/**
 * Benchmark explanation methods on your model and data: a method × metric table with bootstrap
 * confidence intervals and paired tests (`benchmarkExplanations`), and its markdown form.
 *
 * @module
 */
export { BENCHMARK_DEFAULTS, BENCHMARK_METRIC_DIRECTION, benchmarkExplanations } from './benchmarkExplanations.js';
export type {
  BenchmarkComparison,
  BenchmarkDataset,
  BenchmarkExample,
  BenchmarkExampleResult,
  BenchmarkMetric,
  BenchmarkOptions,
  BenchmarkProgress,
  BenchmarkResult,
  BenchmarkRow,
  BuiltinExplanationMethod,
  ExplainContext,
  ExplainFunction,
  ExplanationMethodSpec,
  MeanInterval,
  BenchmarkMetricSummary,
} from './benchmarkExplanations.js';
export { benchmarkToMarkdown } from './benchmarkToMarkdown.js';
