/**
 * Level 1, consistency: does the explanation rank the tokens like the reference explanations
 * (saliency, Integrated Gradients, leave-one-out), and do the references agree among themselves?
 *
 * @module
 */
import { integratedGradients } from '../../attribution/integratedGradients.js';
import { leaveOneOut } from '../../attribution/leaveOneOut.js';
import { saliency } from '../../attribution/saliency.js';
import type { ConsistencyDetails, LevelResult, ReferenceName } from '../types.js';
import { agreement, pick } from './common.js';
import { fmt, type LevelInput, passThrough, skipped } from './level.js';

/** Run the consistency level. */
export async function consistencyLevel(input: LevelInput): Promise<LevelResult<ConsistencyDetails>> {
  const { adapter, tokens, scorable, k, abs, thresholds: t } = input;
  if (scorable.length < 3) return skipped('fewer than 3 scorable positions: rankings cannot be compared');
  const common = passThrough(input);
  const refs: { name: ReferenceName; scores: Float64Array }[] = [];
  const skippedRefs: { name: ReferenceName; missing: string }[] = [];
  if (typeof adapter.gradient === 'function') {
    refs.push({ name: 'saliency', scores: (await saliency(adapter, tokens, common)).scores });
    refs.push({ name: 'integratedGradients', scores: (await integratedGradients(adapter, tokens, { ...common, nSteps: input.igSteps, baseline: input.igBaseline })).scores });
  } else {
    skippedRefs.push({ name: 'saliency', missing: 'gradient' }, { name: 'integratedGradients', missing: 'gradient' });
  }
  // log-odds: keeps resolving leave-one-out differences where the probability saturates near 1
  refs.push({ name: 'leaveOneOut', scores: (await leaveOneOut(adapter, tokens, { ...common, mode: input.removal, scale: 'logOdds' })).scores });

  const e = pick(input.scores, scorable, abs);
  const vectors = refs.map((r) => ({ name: r.name, v: pick(r.scores, scorable, abs) }));
  const references = vectors.map((r) => ({ name: r.name, ...agreement(e, r.v, k, t) }));
  const referencePairs: ConsistencyDetails['referencePairs'][number][] = [];
  for (let i = 0; i < vectors.length; i++) {
    for (let j = i + 1; j < vectors.length; j++) referencePairs.push({ a: vectors[i]!.name, b: vectors[j]!.name, ...agreement(vectors[i]!.v, vectors[j]!.v, k, t) });
  }
  const agreeingPairs = referencePairs.filter((p) => p.agrees).length;
  // the largest group of references that agree pairwise (brute force: at most 3 references)
  const R = vectors.length;
  const agreePair = (i: number, j: number): boolean => referencePairs.find((p) => p.a === vectors[i]!.name && p.b === vectors[j]!.name)!.agrees;
  let group = R > 0 ? 1 : 0;
  for (let mask = 1; mask < 1 << R; mask++) {
    const members = Array.from({ length: R }, (_, i) => i).filter((i) => mask & (1 << i));
    if (members.length <= group) continue;
    if (members.every((i, a) => members.slice(a + 1).every((j) => agreePair(i, j)))) group = members.length;
  }
  const referencesAgree = referencePairs.length > 0 && group / R > t.referenceAgreement;
  const agreeing = references.filter((r) => r.agrees).length;
  const details: ConsistencyDetails = { references, referencePairs, skippedReferences: skippedRefs, referencesAgree, agreeing };

  const reasons: string[] = [];
  const list = references.map((r) => `${r.name} τ = ${fmt(r.tau)} (p = ${fmt(r.pValue)}), top-${k} overlap ${fmt(r.topKOverlap, 2)}`).join('; ');
  if (referencePairs.length === 0) {
    reasons.push(`only one reference could be computed (${skippedRefs.map((s) => `${s.name} needs '${s.missing}'`).join(', ')}), so it cannot be checked against another`);
    reasons.push(`the explanation agrees with ${agreeing} of 1: ${list}`);
    return { verdict: 'inconclusive', reasons, missing: null, details };
  }
  if (!referencesAgree) {
    reasons.push(
      `the reference explanations disagree among themselves (no majority of them agrees pairwise; ${agreeingPairs} of ${referencePairs.length} pairs agree), so agreement with them cannot support the explanation`,
    );
    reasons.push(list);
    return { verdict: 'inconclusive', reasons, missing: null, details };
  }
  const share = agreeing / references.length;
  if (share >= t.explanationAgreement) {
    reasons.push(`the explanation ranks the tokens like ${agreeing} of ${references.length} references, which agree among themselves: ${list}`);
    return { verdict: 'supported', reasons, missing: null, details };
  }
  if (agreeing === 0) {
    reasons.push(`the references agree among themselves but the explanation agrees with none of them: ${list}`);
    return { verdict: 'contradicted', reasons, missing: null, details };
  }
  reasons.push(`the explanation agrees with only ${agreeing} of ${references.length} references: ${list}`);
  return { verdict: 'inconclusive', reasons, missing: null, details };
}
