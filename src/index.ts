/**
 * faithcheck — is this attention explanation real?
 *
 * The root entry holds every framework-free primitive. TensorFlow.js lives only in `faithcheck/tfjs`.
 *
 * @packageDocumentation
 */
export * from './agreement/index.js';
export * from './attention/index.js';
export * from './benchmark/index.js';
export * from './attribution/index.js';
export * from './counterfactual/index.js';
export * from './errors/index.js';
export * from './faithfulness/index.js';
export * from './io/index.js';
export * from './random/index.js';
export * from './tensor/index.js';
export * from './verify/index.js';
export type * from './types/index.js';
