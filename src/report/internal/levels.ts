import type { VerifyExplanationResult } from '../../verify/types.js';
import type { ReportLevel, ReportNumber } from '../types.js';

const LABEL: Record<string, string> = { saliency: 'saliency', integratedGradients: 'IG', leaveOneOut: 'leave-one-out' };
const num = (x: number | null | undefined): number => (x === null || x === undefined ? Number.NaN : x);

/** The report's levels (verdict, reasons, numbers) of one verifyExplanation result. */
export function reportLevels(r: VerifyExplanationResult): ReportLevel[] {
  const { consistency, causal, counterfactual } = r.levels;
  const c: ReportNumber[] = [];
  if (consistency.details) {
    for (const ref of consistency.details.references) {
      c.push({ name: `τ-b vs ${LABEL[ref.name] ?? ref.name}`, value: num(ref.tau), note: `p = ${ref.pValue === null ? 'n/a' : ref.pValue.toPrecision(2)}, top-${r.k} overlap ${ref.topKOverlap.toFixed(2)}` });
    }
    c.push({ name: 'references agreeing', value: consistency.details.agreeing, digits: 0, note: `of ${consistency.details.references.length}; references agree among themselves: ${consistency.details.referencesAgree ? 'yes' : 'no'}` });
  }
  const k: ReportNumber[] = [];
  if (causal.details) {
    const d = causal.details;
    k.push({ name: `drop, top ${d.k} removed`, value: d.topDrop });
    k.push({ name: `drop, ${d.k} random removed`, value: d.randomMean, note: `± ${d.randomStd.toFixed(3)} over ${d.randomDrops.length} draws` });
    k.push({ name: 'effect size', value: num(d.effectSize), note: `p = ${d.pValue.toPrecision(2)}` });
    k.push({ name: 'comprehensiveness', value: d.comprehensiveness });
    k.push({ name: 'sufficiency', value: d.sufficiency });
  }
  const f: ReportNumber[] = [];
  if (counterfactual.details) {
    const d = counterfactual.details;
    f.push({ name: 'permutation median TVD', value: d.permutationMedianTvd, note: `flip rate ${d.permutationFlipRate.toFixed(2)}` });
    f.push({ name: 'adversarial max JSD', value: d.adversarialMaxJsd, note: `within ε = ${d.epsilon}; ${d.adversarialAccepted} candidates accepted; threshold ${d.jsdThreshold}` });
    f.push({ name: 'max attention', value: d.maxAttention });
  }
  return [
    { level: 'consistency', verdict: consistency.verdict, reasons: consistency.reasons, numbers: c },
    { level: 'causal', verdict: causal.verdict, reasons: causal.reasons, numbers: k },
    { level: 'counterfactual', verdict: counterfactual.verdict, reasons: counterfactual.reasons, numbers: f },
  ];
}

