/**
 * Type tests of faithcheck/attribution: compiled by `npm run typecheck`, never run. Each
 * `@ts-expect-error` line must be a type error.
 */
import { expectTypeOf } from 'vitest';
import {
  attentionScores,
  gradientXInput,
  integratedGradients,
  saliency,
  selectExample,
  smoothGrad,
  type AttentionScoresResult,
  type FloatTensor,
  type GradientXInputResult,
  type IntegratedGradientsResult,
  type ModelAdapter,
  type SaliencyResult,
  type SmoothGradResult,
} from '../../src/index.js';

declare const adapter: ModelAdapter;
const tokens = [2, 7, 9];

// fixed result types; no flag changes them
expectTypeOf(saliency(adapter, tokens)).toEqualTypeOf<Promise<SaliencyResult>>();
expectTypeOf(saliency(adapter, new Int32Array(3), { abs: false, reduce: 'l2' })).toEqualTypeOf<Promise<SaliencyResult>>();
expectTypeOf(gradientXInput(adapter, tokens, { reduce: 'absOfSum', exclude: [0] })).toEqualTypeOf<Promise<GradientXInputResult>>();
expectTypeOf(integratedGradients(adapter, tokens, { method: 'riemannTrapezoid', nSteps: 20, baseline: 'pad' })).toEqualTypeOf<
  Promise<IntegratedGradientsResult>
>();
expectTypeOf(integratedGradients(adapter, tokens, { baseline: [[0, 0], [0, 0], [0, 0]] })).toEqualTypeOf<Promise<IntegratedGradientsResult>>();
expectTypeOf(smoothGrad(adapter, tokens, { base: 'integratedGradients', ntType: 'vargrad', nSteps: 8 })).toEqualTypeOf<Promise<SmoothGradResult>>();
expectTypeOf(attentionScores(adapter, tokens, { method: 'flow', row: 'mean' })).toEqualTypeOf<Promise<AttentionScoresResult>>();
expectTypeOf(selectExample({ data: new Float32Array(4), dims: [2, 2] }, 1)).toEqualTypeOf<FloatTensor>();

// result fields
declare const ig: IntegratedGradientsResult;
expectTypeOf(ig.scores).toEqualTypeOf<Float64Array>();
expectTypeOf(ig.excluded).toEqualTypeOf<Int32Array>();
expectTypeOf(ig.convergenceDelta).toEqualTypeOf<number>();
expectTypeOf(ig.attributions).toEqualTypeOf<FloatTensor>();

// @ts-expect-error method is a fixed set of names (Captum's snake_case is not accepted)
void integratedGradients(adapter, tokens, { method: 'gausslegendre' });
// @ts-expect-error reduce is a fixed set of names
void saliency(adapter, tokens, { reduce: 'mean' });
// @ts-expect-error baseline names are 'zero' | 'pad' | 'mask' | 'unk'
void integratedGradients(adapter, tokens, { baseline: 'cls' });
// @ts-expect-error ntType uses camelCase
void smoothGrad(adapter, tokens, { ntType: 'smoothgrad_sq' });
// @ts-expect-error row is a position, 'mean' or 'max'
void attentionScores(adapter, tokens, { row: 'cls' });
