/**
 * Type tests of `faithcheck/counterfactual` and `faithcheck/verify`: compiled by `npm run typecheck`,
 * never run. Each `@ts-expect-error` line must be a type error.
 */
import { expectTypeOf } from 'vitest';
import {
  adversarialAttention,
  permutationTest,
  seedVariance,
  type AdversarialAttentionResult,
  type CounterfactualResult,
  type SeedVarianceResult,
} from '../../src/counterfactual/index.js';
import type { ModelAdapter } from '../../src/types/adapter.js';
import { mergeResults, verifyDataset, verifyExplanation, type Verdict, type VerifyDatasetResult, type VerifyExplanationResult } from '../../src/verify/index.js';

declare const adapter: ModelAdapter;

expectTypeOf(permutationTest(adapter, [1, 2, 3])).resolves.toEqualTypeOf<CounterfactualResult>();
expectTypeOf(adversarialAttention(adapter, [1, 2, 3], { method: 'gradient-free', candidates: 3 })).resolves.toEqualTypeOf<AdversarialAttentionResult>();
expectTypeOf(seedVariance([adapter, adapter], [[1, 2]])).resolves.toEqualTypeOf<SeedVarianceResult>();
// @ts-expect-error method is 'auto' | 'gradient' | 'gradient-free'
void adversarialAttention(adapter, [1, 2], { method: 'spsa' });
// @ts-expect-error nPermutations is a number
void permutationTest(adapter, [1, 2], { nPermutations: '10' });

expectTypeOf(verifyExplanation(adapter, [1, 2, 3], { explanation: 'rollout', levels: ['causal'] })).resolves.toEqualTypeOf<VerifyExplanationResult>();
expectTypeOf(verifyExplanation(adapter, [1, 2, 3], { explanation: new Float64Array(3) })).resolves.toEqualTypeOf<VerifyExplanationResult>();
expectTypeOf<VerifyExplanationResult['levels']['causal']['verdict']>().toEqualTypeOf<Verdict>();
// @ts-expect-error levels are 'consistency' | 'causal' | 'counterfactual'
void verifyExplanation(adapter, [1, 2], { levels: ['agreement'] });
expectTypeOf(verifyDataset(adapter, [[1, 2]], { explanation: (t) => t.map(() => 1), range: [0, 1] })).resolves.toEqualTypeOf<VerifyDatasetResult>();
expectTypeOf(mergeResults).returns.toEqualTypeOf<VerifyDatasetResult>();
