/**
 * Level 2, causal relevance: does removing the explanation's top-k tokens hurt the prediction more
 * than removing k random other tokens? Plus ERASER comprehensiveness and sufficiency.
 *
 * @module
 */
import { AbortError, AdapterCapabilityError } from '../../errors/index.js';
import { comprehensiveness } from '../../faithfulness/comprehensiveness.js';
import { sufficiency } from '../../faithfulness/sufficiency.js';
import { meanOf, stdOf } from '../../internal/moments.js';
import { createRng } from '../../random/createRng.js';
import type { ModelAdapter } from '../../types/adapter.js';
import type { CausalDetails, LevelResult } from '../types.js';
import { num, pick, topPositions } from './common.js';
import { fmt, type LevelInput, passThrough, skipped } from './level.js';

/** Probability of `target` from one output row (softmax for logits; sigmoid for one output). */
export function targetProbability(adapter: ModelAdapter, raw: ArrayLike<number>, offset: number, target: number): number {
  const C = adapter.info.numClasses;
  if (C === 1) {
    const v = raw[offset]!;
    const p = adapter.info.outputKind === 'logits' ? 1 / (1 + Math.exp(-v)) : v;
    return target === 1 ? p : 1 - p;
  }
  if (adapter.info.outputKind === 'probabilities') return raw[offset + target]!;
  let max = -Infinity;
  for (let c = 0; c < C; c++) max = Math.max(max, raw[offset + c]!);
  let s = 0;
  for (let c = 0; c < C; c++) s += Math.exp(raw[offset + c]! - max);
  return Math.exp(raw[offset + target]! - max) / s;
}

/** Target probability with each set of positions removed (batched). */
async function removedProbabilities(input: LevelInput, sets: readonly number[][]): Promise<number[]> {
  const { adapter, tokens, removal } = input;
  const d = adapter.info.embeddingDim;
  const out: number[] = [];
  let base: Float64Array | undefined;
  if (removal === 'baseline') base = Float64Array.from((await adapter.embed(tokens)).data);
  const maskId = adapter.info.specialTokens?.mask;
  if (removal === 'mask' && maskId === undefined) throw new AdapterCapabilityError(input.fn, 'info.specialTokens.mask', "removal 'mask' needs a mask token");
  for (let start = 0; start < sets.length; start += input.batchSize) {
    if (input.signal?.aborted) throw new AbortError(input.fn, input.signal.reason);
    const chunk = sets.slice(start, start + input.batchSize);
    const rows: Float64Array[] = [];
    const masks: number[][] = [];
    for (const set of chunk) {
      const drop = new Set(set);
      if (removal === 'delete') {
        const ids = tokens.filter((_, i) => !drop.has(i));
        rows.push(Float64Array.from((await adapter.embed(ids)).data));
        if (input.inputMask) masks.push(input.inputMask.filter((_, i) => !drop.has(i)));
      } else if (removal === 'mask') {
        rows.push(Float64Array.from((await adapter.embed(tokens.map((t, i) => (drop.has(i) ? maskId! : t)))).data));
        if (input.inputMask) masks.push(input.inputMask);
      } else {
        const e = Float64Array.from(base!);
        for (const i of set) e.fill(0, i * d, (i + 1) * d);
        rows.push(e);
        if (input.inputMask) masks.push(input.inputMask);
      }
    }
    const n = rows[0]!.length / d;
    const data = new Float64Array(rows.length * n * d);
    rows.forEach((r, b) => data.set(r, b * n * d));
    const res = await adapter.forward(
      { data, shape: [rows.length, n, d] },
      input.inputMask ? { inputMask: { data: Float64Array.from(masks.flat()), shape: [rows.length, n] } } : {},
    );
    for (let b = 0; b < rows.length; b++) out.push(targetProbability(adapter, res.outputs.data, b * adapter.info.numClasses, input.target));
  }
  return out;
}

/** Run the causal level. */
export async function causalLevel(input: LevelInput): Promise<LevelResult<CausalDetails>> {
  const { scorable, k, thresholds: t } = input;
  if (scorable.length < 2) return skipped('fewer than 2 scorable positions: nothing to compare the top tokens with');
  const e = pick(input.scores, scorable, input.abs);
  const top = topPositions(e, scorable, k);
  const topSet = new Set(top);
  const others = scorable.filter((p) => !topSet.has(p));
  // random k-subsets of the other positions (of all scorable positions when too few remain)
  const pool = others.length >= k ? others : scorable;
  const rng = createRng(input.seed);
  const sets: number[][] = [top];
  for (let r = 0; r < input.randomDraws; r++) {
    const perm = rng.permutation(pool.length);
    sets.push(Array.from(perm.subarray(0, k), (i) => pool[i]!).sort((a, b) => a - b));
  }
  const probs = await removedProbabilities(input, sets);
  const p0 = input.probabilities[input.target]!;
  const topDrop = p0 - probs[0]!;
  const randomDrops = probs.slice(1).map((p) => p0 - p);
  const randomMean = meanOf(randomDrops);
  const randomStd = stdOf(randomDrops);
  const R = randomDrops.length;
  const greaterEq = randomDrops.filter((x) => x >= topDrop).length;
  const lessEq = randomDrops.filter((x) => x <= topDrop).length;
  const pValue = (1 + greaterEq) / (R + 1);
  const pValueLess = (1 + lessEq) / (R + 1);
  const effect = randomStd > 0 ? (topDrop - randomMean) / randomStd : topDrop === randomMean ? NaN : Math.sign(topDrop - randomMean) * Infinity;
  const common = passThrough(input);
  const scoresForAopc = Float64Array.from(input.scores, (v) => (input.abs ? Math.abs(v) : v));
  const comp = await comprehensiveness(input.adapter, input.tokens, scoresForAopc, { ...common, removal: input.removal });
  const suff = await sufficiency(input.adapter, input.tokens, scoresForAopc, { ...common, removal: input.removal });
  const details: CausalDetails = {
    k,
    topPositions: top,
    topDrop,
    randomDrops,
    randomMean,
    randomStd: num(randomStd) ?? 0,
    effectSize: Number.isNaN(effect) ? null : Number.isFinite(effect) ? effect : effect > 0 ? 1e308 : -1e308,
    pValue,
    pValueLess,
    comprehensiveness: comp.aopc,
    sufficiency: suff.aopc,
  };
  const numbers =
    `removing the top ${k} token${k === 1 ? '' : 's'} lowers p(target) by ${fmt(topDrop)}, ${R} random sets of ${k} other token${k === 1 ? '' : 's'} by ${fmt(randomMean)} ± ${fmt(randomStd)} ` +
    `(effect size ${fmt(details.effectSize, 2)}, p = ${fmt(pValue)}); comprehensiveness ${fmt(comp.aopc)}, sufficiency ${fmt(suff.aopc)}`;
  if (R + 1 < 1 / t.alpha) {
    return { verdict: 'inconclusive', reasons: [`${R} random draws cannot reach p ≤ ${t.alpha}`, numbers], missing: null, details };
  }
  const effectOk = details.effectSize !== null && details.effectSize >= t.effectSize;
  if (pValue <= t.alpha && effectOk && topDrop > 0) {
    return { verdict: 'supported', reasons: [`the explained tokens matter more than random ones: ${numbers}`], missing: null, details };
  }
  if (pValueLess <= t.alpha) {
    return { verdict: 'contradicted', reasons: [`removing the explained tokens hurts the prediction less than removing random tokens: ${numbers}`], missing: null, details };
  }
  const why = pValue > t.alpha ? `the difference from random tokens is not significant` : `the effect is small (below ${t.effectSize} standard deviations)`;
  return { verdict: 'inconclusive', reasons: [`${why}: ${numbers}`], missing: null, details };
}
