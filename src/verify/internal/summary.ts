/**
 * The dataset summary, recomputed from the per-example results (so shards merge exactly).
 *
 * @module
 */
import { meanOf, stdOf } from '../../internal/moments.js';
import { sortedBootstrapMeans } from '../../internal/resampling.js';
import type { LevelSummary, MetricSummary, Verdict, VerifyDatasetSummary, VerifyExampleResult } from '../types.js';
import { exampleSeed, num } from './common.js';


function counts(verdicts: readonly Verdict[]): Record<Verdict, number> {
  const out = { supported: 0, inconclusive: 0, contradicted: 0, skipped: 0 };
  for (const v of verdicts) out[v]++;
  return out;
}

/** Mean ± std, 95 % percentile bootstrap CI of the mean (seeded), fraction significant. */
function metric(values: readonly number[], significant: readonly boolean[] | null, seed: number, resamples: number): MetricSummary {
  const n = values.length;
  let ci: [number | null, number | null] = [null, null];
  if (n > 0 && resamples > 0) {
    const means = sortedBootstrapMeans(values, resamples, seed);
    const at = (q: number): number => means[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))]!;
    ci = [num(at(0.025)), num(at(0.975))];
  }
  return {
    n,
    mean: num(meanOf(values)),
    std: num(stdOf(values)),
    ci95: ci,
    fractionSignificant: significant === null || n === 0 ? null : significant.filter(Boolean).length / n,
  };
}

/** Build the summary of `examples` (sorted by index) with bootstrap streams derived from `seed`. */
export function summarize(examples: readonly VerifyExampleResult[], seed: number, resamples: number): VerifyDatasetSummary {
  const results = examples.map((e) => e.result);
  let stream = 0;
  const m = (values: number[], sig: boolean[] | null): MetricSummary => metric(values, sig, exampleSeed(seed, -1 - stream++), resamples);
  const collect = <T>(items: readonly (T | null)[], get: (t: T) => number | null, test?: (t: T) => boolean): MetricSummary => {
    const values: number[] = [];
    const sig: boolean[] = [];
    for (const it of items) {
      if (it === null) continue;
      const v = get(it);
      if (v === null || !Number.isFinite(v)) continue;
      values.push(v);
      sig.push(test ? test(it) : false);
    }
    return m(values, test ? sig : null);
  };

  // consistency: τ and top-k overlap per reference
  const consistency = results.map((r) => r.levels.consistency.details);
  const cMetrics: Record<string, MetricSummary> = {};
  const names = ['saliency', 'integratedGradients', 'leaveOneOut'] as const;
  for (const name of names) {
    const refs = consistency.map((d) => d?.references.find((r) => r.name === name) ?? null);
    if (refs.every((r) => r === null)) continue;
    const alpha = results[0]!.thresholds.alpha;
    cMetrics[`tau.${name}`] = collect(refs, (r) => r.tau, (r) => r.tau !== null && r.tau > 0 && r.pValue !== null && r.pValue <= alpha);
    cMetrics[`topKOverlap.${name}`] = collect(refs, (r) => r.topKOverlap);
  }
  const causal = results.map((r) => r.levels.causal.details);
  const alphaOf = (i: number): number => results[i]!.thresholds.alpha;
  const causalIdx = causal.map((d, i) => (d === null ? null : { d, i }));
  const kMetrics: Record<string, MetricSummary> = {
    topDrop: collect(causalIdx, (x) => x.d.topDrop),
    effectSize: collect(causalIdx, (x) => x.d.effectSize),
    pValue: collect(causalIdx, (x) => x.d.pValue, (x) => x.d.pValue <= alphaOf(x.i)),
    comprehensiveness: collect(causalIdx, (x) => x.d.comprehensiveness),
    sufficiency: collect(causalIdx, (x) => x.d.sufficiency),
  };
  const cf = results.map((r, i) => (r.levels.counterfactual.details === null ? null : { d: r.levels.counterfactual.details, t: r.thresholds, i }));
  const fMetrics: Record<string, MetricSummary> = {
    permutationMedianTvd: collect(cf, (x) => x.d.permutationMedianTvd, (x) => x.d.permutationMedianTvd >= x.t.permutationTvd),
    permutationFlipRate: collect(cf, (x) => x.d.permutationFlipRate),
    adversarialMaxJsd: collect(cf, (x) => x.d.adversarialMaxJsd, (x) => x.d.adversarialMaxJsd >= x.d.jsdThreshold),
    maxAttention: collect(cf, (x) => x.d.maxAttention),
  };
  const level = (key: 'consistency' | 'causal' | 'counterfactual', metrics: Record<string, MetricSummary>): LevelSummary => ({
    verdicts: counts(results.map((r) => r.levels[key].verdict)),
    metrics,
  });
  return {
    examples: results.length,
    overall: counts(results.map((r) => r.overall)),
    levels: { consistency: level('consistency', cMetrics), causal: level('causal', kMetrics), counterfactual: level('counterfactual', fMetrics) },
  };
}

/** Sort and coalesce `[start, end)` ranges; throws on overlap via the returned flag. */
export function coalesce(ranges: readonly (readonly [number, number])[]): { ranges: [number, number][]; overlap: boolean } {
  const sorted = ranges.filter(([a, b]) => b > a).map(([a, b]) => [a, b] as [number, number]).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  let overlap = false;
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a < last[1]) overlap = true;
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return { ranges: out, overlap };
}
