/**
 * Type tests: compiled by `npm run typecheck` (tsc includes tests/), never run. Each `@ts-expect-error` line
 * must be a type error, so a signature that stops guiding its users breaks the build.
 */
import { expectTypeOf } from 'vitest';
import {
  attentionFlow,
  attentionFlowParallel,
  attentionRollout,
  createRng,
  kendallTau,
  kendallTauTest,
  spearmanTest,
  toNested,
  type CorrelationTestResult,
  type FloatTensor,
  type ForwardResult,
  type ModelAdapter,
  type NestedNumbers,
  type Rng,
} from '../../src/index.js';
import { checkAdapterConformance, type ConformanceReport } from '../../src/testing/index.js';

const stack = [[[[0.5, 0.5], [0.5, 0.5]]]];

// rollout / flow: fixed result types, typed options
expectTypeOf(attentionRollout(stack)).toEqualTypeOf<FloatTensor>();
expectTypeOf(attentionRollout({ data: new Float32Array(4), dims: [1, 1, 2, 2] }, { headFusion: 'max', outputs: [0] })).toEqualTypeOf<FloatTensor>();
// @ts-expect-error headFusion is 'mean' | 'max' | 'min'
attentionRollout(stack, { headFusion: 'avg' });
// @ts-expect-error residual is a boolean
attentionRollout(stack, { residual: 1 });
expectTypeOf(attentionFlow(stack, { outputs: [0], normalize: false })).toEqualTypeOf<FloatTensor>();
expectTypeOf(attentionFlowParallel(stack, { workers: 2 })).toEqualTypeOf<Promise<FloatTensor>>();
// @ts-expect-error solver is a fixed set of names
attentionFlow(stack, { solver: 'networkx' });

// agreement: a number, or a named test result; the flag never changes the return type
expectTypeOf(kendallTau([1, 2, 3], new Float64Array([3, 2, 1]))).toEqualTypeOf<number>();
expectTypeOf(kendallTau([1, 2, 3], [1, 2, 3], { variant: 'c' })).toEqualTypeOf<number>();
expectTypeOf(kendallTauTest([1, 2, 3], [1, 3, 2])).toEqualTypeOf<CorrelationTestResult>();
expectTypeOf(spearmanTest([1, 2], [2, 1], { alternative: 'less' })).toEqualTypeOf<CorrelationTestResult>();
expectTypeOf<CorrelationTestResult>().toMatchTypeOf<{ statistic: number; pValue: number; n: number }>();
// @ts-expect-error variant is 'b' | 'c'
kendallTau([1, 2], [1, 2], { variant: 'a' });
// @ts-expect-error alternative is 'two-sided' | 'less' | 'greater'
spearmanTest([1, 2], [2, 1], { alternative: 'two_sided' });

// helpers
expectTypeOf(createRng(1)).toEqualTypeOf<Rng>();
expectTypeOf(createRng(1).permutation(3)).toEqualTypeOf<Int32Array>();
expectTypeOf(toNested({ data: new Float64Array(4), shape: [2, 2] })).toEqualTypeOf<NestedNumbers>();

// the adapter contract: a plain object satisfies it; the optional capabilities stay optional
const minimal: ModelAdapter = {
  info: { numClasses: 2, outputKind: 'probabilities', embeddingDim: 1 },
  embed: async (tokens) => ({ data: Float64Array.from(tokens), shape: [tokens.length, 1] }),
  forward: async (embeddings): Promise<ForwardResult> => ({ outputs: { data: new Float64Array(2 * embeddings.shape[0]!), shape: [embeddings.shape[0]!, 2] } }),
};
expectTypeOf(minimal.gradient).toEqualTypeOf<ModelAdapter['gradient']>();
expectTypeOf(checkAdapterConformance(minimal)).toEqualTypeOf<Promise<ConformanceReport>>();
// @ts-expect-error forward is required
const missingForward: ModelAdapter = { info: minimal.info, embed: minimal.embed };
// @ts-expect-error outputKind is 'probabilities' | 'logits'
const badInfo: ModelAdapter = { ...minimal, info: { numClasses: 2, outputKind: 'softmax', embeddingDim: 1 } };
void missingForward;
void badInfo;
