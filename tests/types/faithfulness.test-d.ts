/**
 * Type tests of the perturbation attributions and the faithfulness metrics: compiled by `npm run typecheck`,
 * never run. Each `@ts-expect-error` line must be a type error.
 */
import { expectTypeOf } from 'vitest';
import { leaveOneOut, occlusion, shapleyValueSampling, type LeaveOneOutResult, type ShapleyResult } from '../../src/attribution/perturbation.js';
import {
  comprehensiveness,
  decisionFlip,
  deletionCurve,
  sensitivityMax,
  type AopcResult,
  type CurveResult,
  type DecisionFlipResult,
  type SensitivityMaxResult,
} from '../../src/index.js';
import type { ModelAdapter } from '../../src/types/index.js';

declare const adapter: ModelAdapter;
const tokens = [2, 5, 6];
const scores = new Float64Array(3);

expectTypeOf(leaveOneOut(adapter, tokens, { mode: 'mask', output: 'tvd' })).toEqualTypeOf<Promise<LeaveOneOutResult>>();
expectTypeOf(shapleyValueSampling(adapter, tokens, { nSamples: 5, seed: 1 })).toEqualTypeOf<Promise<ShapleyResult>>();
// @ts-expect-error mode is 'delete' | 'mask' | 'baseline'
leaveOneOut(adapter, tokens, { mode: 'zero' });
// @ts-expect-error occlusion takes `removal`, not `mode`
occlusion(adapter, tokens, { mode: 'delete' });
// @ts-expect-error scale is 'probability' | 'logOdds' | 'raw'
occlusion(adapter, tokens, { scale: 'logit' });

expectTypeOf(deletionCurve(adapter, tokens, scores, { order: 'lerf', removal: 'mask' })).toEqualTypeOf<Promise<CurveResult>>();
expectTypeOf(comprehensiveness(adapter, tokens, scores, { variant: 'ferret', onlyPositive: false })).toEqualTypeOf<Promise<AopcResult>>();
expectTypeOf(decisionFlip(adapter, tokens, scores)).toEqualTypeOf<Promise<DecisionFlipResult>>();
// @ts-expect-error decisionFlip follows the argmax, not a target
decisionFlip(adapter, tokens, scores, { target: 1 });
// @ts-expect-error variant is 'eraser' | 'ferret'
comprehensiveness(adapter, tokens, scores, { variant: 'quantus' });
expectTypeOf(sensitivityMax(adapter, tokens, async (a, t) => (await leaveOneOut(a, t)).scores)).toEqualTypeOf<Promise<SensitivityMaxResult>>();
// @ts-expect-error sensitivityMax needs an explanation function, not a score vector
sensitivityMax(adapter, tokens, scores);
