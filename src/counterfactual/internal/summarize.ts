/**
 * Turn counterfactual candidates into a {@link CounterfactualResult}: evaluate them in batches, then
 * output change and decision flip per candidate.
 *
 * @module
 */
import { meanOf } from '../../internal/moments.js';
import type { CounterfactualBase, CounterfactualResult } from '../types.js';
import { argmax, type Context, evaluateCandidates, median, tvdOf } from './context.js';

/** The fields every result shares, from the context. */
export function baseOf(ctx: Context): CounterfactualBase {
  return {
    target: ctx.target,
    predicted: ctx.predicted,
    outputs: Float64Array.from(ctx.outputs),
    probabilities: Float64Array.from(ctx.probabilities),
    layers: Int32Array.from(ctx.layers),
    heads: Int32Array.from(ctx.heads),
    keys: Int32Array.from(ctx.keys),
    attention: { data: Float64Array.from(ctx.original), shape: [ctx.layers.length, ctx.heads.length, ctx.Q, ctx.n] },
    maxAttention: ctx.maxAttention,
  };
}

/** Evaluate `candidates` (`[R, n]` each) and summarise the output changes. */
export async function summarize(ctx: Context, candidates: readonly Float64Array[]): Promise<CounterfactualResult> {
  const S = candidates.length;
  const K = ctx.classes;
  const dist = await evaluateCandidates(ctx, candidates, { base: 0, total: S });
  const tvd = new Float64Array(S);
  const targetChange = new Float64Array(S);
  const flipped = new Uint8Array(S);
  let flips = 0;
  for (let s = 0; s < S; s++) {
    const row = dist.subarray(s * K, (s + 1) * K);
    tvd[s] = tvdOf(row, ctx.probabilities);
    targetChange[s] = row[ctx.target]! - ctx.probabilities[ctx.target]!;
    if (argmax(row) !== ctx.predicted) {
      flipped[s] = 1;
      flips++;
    }
  }
  return {
    ...baseOf(ctx),
    samples: S,
    counterfactualOutputs: { data: dist, shape: [S, K] },
    tvd,
    medianTvd: median(tvd),
    meanTvd: meanOf(tvd),
    targetChange,
    flipped,
    flipRate: S === 0 ? NaN : flips / S,
  };
}
