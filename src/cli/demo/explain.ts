import { kendallTauTest } from '../../agreement/kendallTauTest.js';
import { attentionScores } from '../../attribution/attentionScores.js';
import { integratedGradients } from '../../attribution/integratedGradients.js';
import { leaveOneOut } from '../../attribution/leaveOneOut.js';
import { saliency } from '../../attribution/saliency.js';
import { deletionCurve } from '../../faithfulness/deletionCurve.js';
import { insertionCurve } from '../../faithfulness/insertionCurve.js';
import { createRng } from '../../random/createRng.js';
import type { ReportAttentionLayer, ReportCurve, ReportLevel } from '../../report/types.js';
import type { ModelAdapter } from '../../types/adapter.js';

/** Display names of the methods (keys as in the report). */
export const METHOD_LABELS: Readonly<Record<string, string>> = {
  attention: 'raw attention',
  rollout: 'rollout',
  flow: 'flow',
  saliency: 'saliency',
  integratedGradients: 'IG',
  leaveOneOut: 'leave-one-out',
  random: 'random order',
};
export const ATTENTION_METHODS = ['attention', 'rollout', 'flow'] as const;
export const REFERENCES = ['saliency', 'integratedGradients', 'leaveOneOut'] as const;

/** Settings of the per-example work (the demo's speed/accuracy trade-offs, printed in the report). */
export interface ExplainSettings {
  readonly igSteps: number;
  readonly seed: number;
  /** Tokens shown in the head view. */
  readonly headTokens: number;
}

/** The verdict levels of one example, from verifyExplanation (or a stand-in). */
export interface Verification {
  readonly levels: ReportLevel[];
  /** The raw result, kept in results.json. */
  readonly raw: unknown;
  /** Numbers the terminal tables summarise (NaN when a level did not run). */
  readonly topDrop: number;
  readonly randomDrop: number;
  readonly effectSize: number;
  readonly permutationTvd: number;
  readonly adversarialJsd: number;
  readonly adversarialTvd: number;
}

export type Verifier = (adapter: ModelAdapter, tokens: Int32Array, explanation: 'raw' | 'rollout' | 'flow', seed: number) => Promise<Verification>;

export interface ExplainedExample {
  readonly predicted: number;
  readonly probability: number;
  /** Method → scores (length n). */
  readonly scores: Record<string, number[]>;
  /** `${attentionMethod}|${reference}` and `${refA}|${refB}` → τ-b and p-value over the content tokens. */
  readonly taus: Record<string, { tau: number; p: number }>;
  readonly deletion: ReportCurve[];
  readonly insertion: ReportCurve[];
  /** Deletion AUC per curve method. */
  readonly deletionAuc: Record<string, number>;
  readonly attention?: ReportAttentionLayer;
  readonly verification: Verification;
}

/** τ-b of |a| and |b| over positions 1…n−1 (the [CLS] position 0 excluded, as Jain & Wallace drop SOS/EOS). */
function tau(a: readonly number[], b: readonly number[]): { tau: number; p: number } {
  const x = a.slice(1).map(Math.abs);
  const y = b.slice(1).map(Math.abs);
  const r = kendallTauTest(x, y);
  return { tau: r.statistic, p: r.pValue };
}

/**
 * Everything the demo shows for one example: the attention explanations and the references (saliency,
 * Integrated Gradients, leave-one-out), their τ-b agreement, deletion / insertion curves (explanation,
 * IG, leave-one-out and a seeded random order), one layer's heads, and the verdict levels.
 */
export async function explainExample(
  adapter: ModelAdapter,
  ids: Int32Array,
  explanation: 'raw' | 'rollout' | 'flow',
  selfAttention: boolean,
  settings: ExplainSettings,
  verify: Verifier,
): Promise<ExplainedExample> {
  const exclude = [0];
  const scores: Record<string, number[]> = {};
  const raw = await attentionScores(adapter, ids, { method: 'raw', exclude });
  scores['attention'] = Array.from(raw.scores);
  if (selfAttention) {
    scores['rollout'] = Array.from((await attentionScores(adapter, ids, { method: 'rollout', exclude })).scores);
    scores['flow'] = Array.from((await attentionScores(adapter, ids, { method: 'flow', exclude })).scores);
  }
  const outputs = raw.outputs;
  let predicted = 0;
  for (let c = 1; c < outputs.length; c++) if (outputs[c]! > outputs[predicted]!) predicted = c;
  // gradient references need adapter.gradient (an ONNX model has none: only leave-one-out then)
  if (adapter.gradient !== undefined) {
    scores['saliency'] = Array.from((await saliency(adapter, ids, { exclude })).scores);
    scores['integratedGradients'] = Array.from((await integratedGradients(adapter, ids, { nSteps: settings.igSteps, baseline: 'mask', exclude })).scores);
  }
  scores['leaveOneOut'] = Array.from((await leaveOneOut(adapter, ids, { exclude })).scores);

  const taus: Record<string, { tau: number; p: number }> = {};
  const pairs: [string, string][] = [];
  for (const a of ATTENTION_METHODS) for (const r of REFERENCES) pairs.push([a, r]);
  pairs.push(['saliency', 'integratedGradients'], ['saliency', 'leaveOneOut'], ['integratedGradients', 'leaveOneOut']);
  for (const [a, b] of pairs) if (scores[a] !== undefined && scores[b] !== undefined) taus[`${a}|${b}`] = tau(scores[a]!, scores[b]!);

  const key = explanation === 'raw' ? 'attention' : explanation;
  const rng = createRng(settings.seed);
  const randomScores = Array.from(ids, () => rng.next());
  const magnitude = (s: readonly number[]): Float64Array => Float64Array.from(s, Math.abs);
  const deletion: ReportCurve[] = [];
  const deletionAuc: Record<string, number> = {};
  const curves: [string, readonly number[]][] = [[key, scores[key]!], ['integratedGradients', scores['integratedGradients']!], ['leaveOneOut', scores['leaveOneOut']!], ['random', randomScores]];
  for (const [method, s] of curves.filter(([, v]) => v !== undefined)) {
    const cv = await deletionCurve(adapter, ids, magnitude(s), { exclude, target: predicted, removal: 'delete' });
    deletion.push({ method: METHOD_LABELS[method] ?? method, fractions: Array.from(cv.fractions), values: Array.from(cv.values) });
    deletionAuc[method] = cv.auc;
  }
  const insertion: ReportCurve[] = [];
  for (const [method, s] of [
    [key, scores[key]!],
    ['random', randomScores],
  ] as const) {
    const cv = await insertionCurve(adapter, ids, magnitude(s), { exclude, target: predicted, removal: 'delete' });
    insertion.push({ method: METHOD_LABELS[method] ?? method, fractions: Array.from(cv.fractions), values: Array.from(cv.values) });
  }

  let attention: ReportAttentionLayer | undefined;
  if (selfAttention) {
    const [L, H, Q, n] = raw.attention.shape as [number, number, number, number];
    const m = Math.min(n, settings.headTokens);
    const data: number[] = [];
    const base = (L - 1) * H * Q * n;
    for (let h = 0; h < H; h++) for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) data.push(raw.attention.data[base + (h * Q + i) * n + j]!);
    attention = { layer: L, heads: H, n: m, data };
  }
  const verification = await verify(adapter, ids, explanation, settings.seed);
  return {
    predicted,
    probability: outputs[predicted]!,
    scores,
    taus,
    deletion,
    insertion,
    deletionAuc,
    ...(attention ? { attention } : {}),
    verification,
  };
}
