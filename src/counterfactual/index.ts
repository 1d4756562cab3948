/**
 * `faithcheck/counterfactual` — counterfactual attention tests (Jain & Wallace; Wiegreffe & Pinter):
 * inject different attention through the adapter's attention overrides and measure whether the
 * output notices. Permutation, uniform, random and zeroed-peak attention, the adversarial search for
 * very different attention with the same output, and the seed-to-seed calibration it is read against.
 *
 * @packageDocumentation
 */
export { ADVERSARIAL_ATTENTION_DEFAULTS, adversarialAttention } from './adversarialAttention.js';
export type { AdversarialAttentionOptions, AdversarialAttentionResult, AdversarialCandidates } from './adversarialAttention.js';
export { PERMUTATION_TEST_DEFAULTS, permutationTest } from './permutationTest.js';
export type { PermutationTestOptions } from './permutationTest.js';
export { RANDOM_ATTENTION_DEFAULTS, randomAttention } from './randomAttention.js';
export type { RandomAttentionOptions } from './randomAttention.js';
export { seedVariance } from './seedVariance.js';
export type { SeedVarianceOptions, SeedVarianceResult } from './seedVariance.js';
export { uniformAttention } from './uniformAttention.js';
export { zeroTopAttention } from './zeroTopAttention.js';
export type { CounterfactualBase, CounterfactualOptions, CounterfactualProgress, CounterfactualResult } from './types.js';
