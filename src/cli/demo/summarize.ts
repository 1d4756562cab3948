import type { ReportCurve, ReportLevel, ReportModel, ReportTauDistribution, ReportVerdict } from '../../report/types.js';
import { ATTENTION_METHODS, METHOD_LABELS, REFERENCES, type ExplainedExample } from './explain.js';
import { GRID, meanCurve, meanStd, resample } from './stats.js';
import { VERIFY_THRESHOLDS } from '../../verify/internal/common.js';

/** One verified e-mail with what the report shows of it. */
export interface DemoExample {
  readonly id: string;
  readonly label: string;
  readonly tokens: string[];
  readonly result: ExplainedExample;
}

export interface DemoModel {
  readonly name: string;
  readonly description: string;
  readonly explanation: 'raw' | 'rollout' | 'flow';
  readonly selfAttention: boolean;
  readonly classes: readonly string[];
  readonly examples: DemoExample[];
  readonly epsilon: number;
}

const LEVELS = ['consistency', 'causal', 'counterfactual'] as const;
export const VERDICT_ORDER: readonly ReportVerdict[] = ['supported', 'inconclusive', 'contradicted', 'skipped'];

export const methodsOf = (m: DemoModel): string[] => [...ATTENTION_METHODS.filter((a) => a === 'attention' || m.selfAttention), ...REFERENCES];
const explanationKey = (m: DemoModel): string => (m.explanation === 'raw' ? 'attention' : m.explanation);

/** τ distributions: each attention method against each reference, and the references among themselves. */
export function tauDistributions(m: DemoModel): ReportTauDistribution[] {
  const pairs: [string, string][] = [];
  for (const a of ATTENTION_METHODS) if (a === 'attention' || m.selfAttention) for (const r of REFERENCES) pairs.push([a, r]);
  pairs.push(['saliency', 'integratedGradients'], ['saliency', 'leaveOneOut'], ['integratedGradients', 'leaveOneOut']);
  return pairs.filter(([a, b]) => m.examples.some((e) => e.result.taus[`${a}|${b}`] !== undefined)).map(([a, b]) => ({
    pair: `${METHOD_LABELS[a]} vs ${METHOD_LABELS[b]}`,
    values: m.examples.map((e) => e.result.taus[`${a}|${b}`]?.tau ?? Number.NaN),
    pValues: m.examples.map((e) => e.result.taus[`${a}|${b}`]?.p ?? Number.NaN),
  }));
}

/** Verdict counts per level over the examples. */
export function verdictCounts(m: DemoModel): { level: string; counts: Partial<Record<ReportVerdict, number>> }[] {
  return LEVELS.map((level) => {
    const counts: Partial<Record<ReportVerdict, number>> = {};
    for (const e of m.examples) {
      const v = e.result.verification.levels.find((l) => l.level === level)?.verdict ?? 'skipped';
      counts[v] = (counts[v] ?? 0) + 1;
    }
    return { level, counts };
  });
}

function meanCurves(m: DemoModel, pick: (e: DemoExample) => readonly ReportCurve[]): ReportCurve[] {
  const first = m.examples[0] ? pick(m.examples[0]) : [];
  return first.map((c0, i) => ({
    method: c0.method,
    fractions: GRID,
    values: meanCurve(m.examples.map((e) => resample(pick(e)[i]!.fractions, pick(e)[i]!.values))),
  }));
}

/** The ReportModel of one demo model. */
export function reportModel(m: DemoModel, extraLevels?: ReportLevel[]): ReportModel {
  const points = m.examples
    .filter((e) => Number.isFinite(e.result.verification.adversarialJsd))
    .map((e) => ({ id: e.id, jsd: e.result.verification.adversarialJsd, tvd: e.result.verification.adversarialTvd }));
  return {
    name: m.name,
    description: m.description,
    explanation: explanationKey(m),
    methods: methodsOf(m),
    methodLabels: METHOD_LABELS,
    examples: m.examples.map((e) => ({
      id: e.id,
      label: e.label,
      predicted: m.classes[e.result.predicted] ?? String(e.result.predicted),
      probability: e.result.probability,
      tokens: e.tokens,
      scores: e.result.scores,
      levels: e.result.verification.levels,
      deletion: e.result.deletion,
      ...(e.result.attention ? { attention: e.result.attention } : {}),
    })),
    summary: {
      tau: tauDistributions(m),
      deletion: meanCurves(m, (e) => e.result.deletion),
      insertion: meanCurves(m, (e) => e.result.insertion),
      ...(points.length > 0 ? { adversarial: { points, tvdThreshold: VERIFY_THRESHOLDS.permutationTvd, jsdThreshold: VERIFY_THRESHOLDS.adversarialJsd, xLabel: 'median output TVD, permuted attention' } } : {}),
      verdicts: verdictCounts(m),
      ...(extraLevels ? { levels: extraLevels } : {}),
    },
  };
}

const f2 = (x: number, d = 2): string => (Number.isFinite(x) ? (x < 0 ? `−${(-x).toFixed(d)}` : ` ${x.toFixed(d)}`) : '  n/a');
const pm = (xs: readonly number[], d = 2): string => {
  const s = meanStd(xs);
  return `${f2(s.mean, d)} ± ${Number.isFinite(s.std) ? s.std.toFixed(d) : 'n/a'}`;
};
const counts = (c: Partial<Record<ReportVerdict, number>>): string =>
  VERDICT_ORDER.filter((v) => (c[v] ?? 0) > 0)
    .map((v) => `${c[v]} ${v}`)
    .join(', ') || 'none';

/** The terminal tables of one model: one per level, each with its verdicts and a line on how to read it. */
export function terminalTables(m: DemoModel): string {
  const out: string[] = [];
  const verdicts = verdictCounts(m);
  const key = explanationKey(m);
  const label = METHOD_LABELS[key]!;
  const spam = m.examples.filter((e) => e.label === 'spam').length;
  out.push(`\n${m.name} — ${m.description}`);
  out.push(`  verified explanation: ${label}; ${m.examples.length} held-out e-mails (${spam} spam, ${m.examples.length - spam} ham)`);
  out.push('');
  out.push('  e-mail                label  predicted    p      consistency     causal          counterfactual');
  for (const e of m.examples) {
    const v = (level: string): string => (e.result.verification.levels.find((l) => l.level === level)?.verdict ?? 'skipped').padEnd(15);
    out.push(`  ${e.id.padEnd(21).slice(0, 21)} ${e.label.padEnd(6)} ${(m.classes[e.result.predicted] ?? '?').padEnd(9)} ${e.result.probability.toFixed(3)}  ${v('consistency')} ${v('causal')} ${v('counterfactual')}`);
  }

  // consistency
  out.push('');
  out.push(`  [consistency] verdicts: ${counts(verdicts[0]!.counts)}`);
  out.push(`    Kendall τ-b: mean ± std (fraction τ > 0, p ≤ 0.05)   ${REFERENCES.map((r) => METHOD_LABELS[r]!.padEnd(24)).join('')}`);
  for (const a of ATTENTION_METHODS) {
    if (a !== 'attention' && !m.selfAttention) continue;
    const cells = REFERENCES.map((r) => {
      const ts = m.examples.map((e) => e.result.taus[`${a}|${r}`] ?? { tau: Number.NaN, p: Number.NaN });
      const sig = ts.filter((t) => t.tau > 0 && t.p <= 0.05).length / Math.max(1, ts.length);
      return `${pm(ts.map((t) => t.tau))} (${sig.toFixed(2)})`.padEnd(24);
    });
    out.push(`    ${`${METHOD_LABELS[a]}${a === key ? ' *' : ''}`.padEnd(46)}${cells.join('')}`);
  }
  const refPair = m.examples.map((e) => e.result.taus['integratedGradients|leaveOneOut']?.tau ?? Number.NaN);
  out.push(`    references among themselves: IG vs leave-one-out ${pm(refPair)}`);
  out.push('    How to read: τ near 1 = the explanation ranks tokens as the reference does, near 0 = unrelated;');
  out.push('    the verdict needs agreement with most references, and references that agree among themselves.');

  // causal
  out.push('');
  out.push(`  [causal] verdicts: ${counts(verdicts[1]!.counts)}`);
  const auc = (method: string): string => pm(m.examples.map((e) => e.result.deletionAuc[method] ?? Number.NaN));
  out.push(`    deletion AUC of p(predicted) (lower = the top tokens matter more): ${label} ${auc(key)}, IG ${auc('integratedGradients')}, leave-one-out ${auc('leaveOneOut')}, random ${auc('random')}`);
  const ver = m.examples.map((e) => e.result.verification);
  out.push(`    drop when ${label}'s top k tokens are removed ${pm(ver.map((v) => v.topDrop), 3)} vs k random tokens ${pm(ver.map((v) => v.randomDrop), 3)}; effect size ${pm(ver.map((v) => v.effectSize))}`);
  out.push('    How to read: a faithful explanation\'s top tokens change the output more than random ones (effect size ≥ 1).');

  // counterfactual
  out.push('');
  out.push(`  [counterfactual] verdicts: ${counts(verdicts[2]!.counts)}`);
  out.push(`    permuted attention: median output TVD ${pm(ver.map((v) => v.permutationTvd))}; adversarial attention within ε = ${m.epsilon}: JSD ${pm(ver.map((v) => v.adversarialJsd))} (max ln 2 ≈ 0.69)`);
  out.push('    How to read: if scrambled or very different attention (high JSD) leaves the output unchanged, the');
  out.push('    attention weights do not explain this output (contradicted); if the output moves, they matter.');
  return out.join('\n');
}
