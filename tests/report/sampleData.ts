/** A deterministic ReportData covering every part of the report (for the unit and browser tests). */
import { createRng } from '../../src/random/index.js';
import type { ReportData, ReportExample, ReportModel, ReportVerdict } from '../../src/report/index.js';

const METHODS = ['attention', 'rollout', 'flow', 'saliency', 'integratedGradients', 'leaveOneOut'];
const LABELS = { attention: 'attention (last layer)', integratedGradients: 'IG', leaveOneOut: 'leave-one-out' };
const VERDICTS: ReportVerdict[] = ['supported', 'inconclusive', 'contradicted'];

function example(seed: number, id: string, label: string, withAttention: boolean): ReportExample {
  const rng = createRng(seed);
  const tokens = ['[CLS]', ...'win a free cruise <now> & click "here" for your prize today'.split(' ')];
  const n = tokens.length;
  const scores: Record<string, number[]> = {};
  for (const m of METHODS) scores[m] = tokens.map(() => (m === 'integratedGradients' ? rng.normal() : rng.next()));
  const H = 2;
  const data: number[] = [];
  for (let h = 0; h < H; h++)
    for (let i = 0; i < n; i++) {
      const row = tokens.map(() => rng.next() ** 3);
      const s = row.reduce((a, b) => a + b, 0);
      data.push(...row.map((v) => v / s));
    }
  const fractions = [0, 0.1, 0.2, 0.3, 0.5, 0.75, 1];
  return {
    id,
    label,
    predicted: label,
    probability: 0.9 + rng.next() * 0.1,
    tokens,
    scores,
    levels: [
      { level: 'consistency', verdict: VERDICTS[seed % 3]!, reasons: ['τ-b against IG is 0.41 (p = 0.02).'], numbers: [{ name: 'τ-b vs IG', value: 0.41, note: 'p = 0.02' }] },
      { level: 'causal', verdict: VERDICTS[(seed + 1) % 3]!, reasons: ['Removing the top 3 tokens drops p by 0.30; 3 random tokens by 0.05.'], numbers: [{ name: 'comprehensiveness', value: 0.3 }] },
      { level: 'counterfactual', verdict: 'skipped', reasons: ['The adapter has no attention overrides.'], numbers: [] },
    ],
    deletion: [
      { method: 'flow', fractions, values: fractions.map((f) => 0.95 * (1 - f) ** 2) },
      { method: 'random', fractions, values: fractions.map((f) => 0.95 * (1 - f * 0.6)) },
    ],
    ...(withAttention ? { attention: { layer: 2, heads: H, n, data } } : {}),
  };
}

function model(name: string, seed: number, adversarial: boolean): ReportModel {
  const rng = createRng(seed);
  const taus = (mu: number) => Array.from({ length: 20 }, () => Math.max(-1, Math.min(1, mu + 0.25 * rng.normal())));
  const fractions = [0, 0.1, 0.2, 0.3, 0.5, 0.75, 1];
  return {
    name,
    description: `${name}: synthetic data for the report tests.`,
    explanation: 'flow',
    methods: METHODS,
    methodLabels: LABELS,
    examples: [example(seed + 1, 'e1', 'spam', true), example(seed + 2, 'e2', 'ham', false), example(seed + 3, 'e3', 'spam', true)],
    summary: {
      tau: [
        { pair: 'attention vs IG', values: taus(0.05), pValues: taus(0.5).map((v) => Math.abs(v)) },
        { pair: 'flow vs IG', values: taus(0.3) },
        { pair: 'flow vs leave-one-out', values: taus(0.25) },
      ],
      deletion: METHODS.slice(1, 4).map((m, i) => ({ method: m, fractions, values: fractions.map((f) => 0.95 * (1 - f) ** (1 + i * 0.5)) })),
      insertion: METHODS.slice(1, 4).map((m, i) => ({ method: m, fractions, values: fractions.map((f) => 0.5 + 0.45 * f ** (1 + i * 0.3)) })),
      ...(adversarial ? { adversarial: { tvdThreshold: 0.01, jsdThreshold: 0.5, points: Array.from({ length: 12 }, (_, i) => ({ id: `e${i}`, jsd: 0.69 * rng.next(), tvd: 0.02 * rng.next() })) } } : {}),
      verdicts: [
        { level: 'consistency', counts: { supported: 5, inconclusive: 9, contradicted: 6 } },
        { level: 'causal', counts: { supported: 12, inconclusive: 5, contradicted: 3 } },
        { level: 'counterfactual', counts: { supported: 2, contradicted: 14, skipped: 4 } },
      ],
    },
    tables: [{ title: 'Planted-token check', columns: ['method', 'decisive token ranked first'], rows: [['flow', '38/50'], ['IG', '50/50']], note: 'How to read: out of 50 sequences.' }],
  };
}

export const SAMPLE: ReportData = {
  title: 'faithcheck report <test>',
  subtitle: 'Synthetic data',
  generated: '2026-12-01T00:00:00Z',
  version: '0.1.0',
  models: [model('spam-transformer', 10, true), model('spam-bilstm', 20, false)],
};
