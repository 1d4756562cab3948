import { attentionScores } from '../../attribution/attentionScores.js';
import { integratedGradients } from '../../attribution/integratedGradients.js';
import { leaveOneOut } from '../../attribution/leaveOneOut.js';
import { saliency } from '../../attribution/saliency.js';
import type { ReportTable } from '../../report/types.js';
import type { ModelAdapter } from '../../types/adapter.js';
import { METHOD_LABELS } from './explain.js';

/** Index of the largest |score| over positions ≥ 1. */
function top1(scores: ArrayLike<number>): number {
  let best = 1;
  for (let t = 2; t < scores.length; t++) if (Math.abs(scores[t]!) > Math.abs(scores[best]!)) best = t;
  return best;
}

/**
 * The planted-token check: on sequences whose decisive token is known, how often does each explanation
 * rank it first? Returns hits per method.
 */
export async function plantedHits(
  adapter: ModelAdapter,
  sequences: readonly { ids: Int32Array; decisive: readonly number[] }[],
  selfAttention: boolean,
  igSteps: number,
  onStep: (done: number) => void,
): Promise<Record<string, number>> {
  const hits: Record<string, number> = { attention: 0, saliency: 0, integratedGradients: 0, leaveOneOut: 0 };
  if (selfAttention) Object.assign(hits, { rollout: 0, flow: 0 });
  let done = 0;
  for (const { ids, decisive } of sequences) {
    const exclude = [0];
    const scores: Record<string, ArrayLike<number>> = {
      attention: (await attentionScores(adapter, ids, { method: 'raw', exclude })).scores,
      saliency: (await saliency(adapter, ids, { exclude })).scores,
      integratedGradients: (await integratedGradients(adapter, ids, { nSteps: igSteps, baseline: 'mask', exclude })).scores,
      leaveOneOut: (await leaveOneOut(adapter, ids, { exclude })).scores,
    };
    if (selfAttention) {
      scores['rollout'] = (await attentionScores(adapter, ids, { method: 'rollout', exclude })).scores;
      scores['flow'] = (await attentionScores(adapter, ids, { method: 'flow', exclude })).scores;
    }
    for (const [method, s] of Object.entries(scores)) if (decisive.includes(top1(s))) hits[method]!++;
    onStep(++done);
  }
  return hits;
}

/** The report table of the planted-token check for several models. */
export function plantedTable(results: readonly { model: string; hits: Record<string, number>; total: number }[]): ReportTable {
  const methods = ['attention', 'rollout', 'flow', 'saliency', 'integratedGradients', 'leaveOneOut'];
  return {
    title: 'Planted-token check: decisive token ranked first',
    columns: ['model', ...methods.map((m) => METHOD_LABELS[m]!)],
    rows: results.map((r) => [r.model, ...methods.map((m) => (r.hits[m] === undefined ? '–' : `${r.hits[m]}/${r.total}`))]),
    note: 'How to read: the label depends on one planted token whose position is known; a faithful explanation ranks it first in (nearly) every sequence. Rollout and flow need self-attention (– for the attention-RNN).',
  };
}
