/**
 * `faithcheck/testing` — for adapter authors and tests: the adapter conformance suite, plain-array
 * toy models with exact gradients (the Integrated Gradients paper's toy functions, a linear model,
 * a one-layer attention classifier) and relative-tolerance matchers. Imports no test framework.
 *
 * @packageDocumentation
 */
export { checkAdapterConformance } from './checkAdapterConformance.js';
export { describeAdapterConformance } from './describeAdapterConformance.js';
export type { ConformanceTestRunner, DescribeAdapterConformanceOptions } from './describeAdapterConformance.js';
export { linearModelAdapter } from './linearModelAdapter.js';
export type { LinearModelAdapterOptions } from './linearModelAdapter.js';
export { isClose, maxRelativeError } from './matchers.js';
export type { Comparable, IsCloseOptions, MaxRelativeErrorOptions } from './matchers.js';
export { oneLayerAttentionAdapter } from './oneLayerAttentionAdapter.js';
export type { AdditiveAttentionParams, ClassifierParams, OneLayerAttentionAdapterOptions } from './oneLayerAttentionAdapter.js';
export { randomOneLayerAttentionAdapter } from './randomOneLayerAttentionAdapter.js';
export type { RandomOneLayerAttentionAdapterOptions } from './randomOneLayerAttentionAdapter.js';
export { toyFunctionAdapter } from './toyFunctionAdapter.js';
export type { ToyFunction, ToyFunctionName } from './toyFunctionAdapter.js';
export type {
  ConformanceCheckName,
  ConformanceCheckResult,
  ConformanceOptions,
  ConformanceReport,
  ModelAdapterWithAttention,
  ModelAdapterWithGradient,
} from './types.js';
