import { InputTypeError } from '../errors/index.js';
import { checkOptions } from '../internal/options.js';
import type { VerifyDatasetResult } from '../verify/types.js';
import { reportLevels } from './internal/levels.js';
import type { ReportData, ReportExample, ReportTauDistribution, ReportVerdict } from './types.js';

/** Options of {@link verifyReportData}. */
export interface VerifyReportDataOptions {
  /** Report title (default `'faithcheck verifyDataset report'`). */
  readonly title?: string;
  /** Model (data set) name (default `'model'`). */
  readonly name?: string;
  /** Token strings per example, indexed like the dataset (default `#0`, `#1`, … per position). */
  readonly tokens?: readonly (readonly string[] | undefined)[];
  /** Class names (default `class 0`, `class 1`, …). */
  readonly classes?: readonly string[];
  /** True labels per example, indexed like the dataset (class indices). */
  readonly labels?: readonly number[];
}

const LABEL: Record<string, string> = { saliency: 'saliency', integratedGradients: 'IG', leaveOneOut: 'leave-one-out' };
const VERDICTS: readonly ReportVerdict[] = ['supported', 'inconclusive', 'contradicted', 'skipped'];

/**
 * Turn a {@link verifyDataset} result (or a merge of shards) into the {@link ReportData} that
 * {@link renderReport} draws: per example the verified explanation's scores and the verdict per level with
 * its numbers and reasons; per data set the verdict counts, the τ-b distributions of the explanation
 * against each reference (with p-values) and the counterfactual scatter (adversarial JSD against the
 * median output TVD under permuted attention). `faithcheck report` does this for a saved result.
 *
 * @param result - a `VerifyDatasetResult` (`format: 'faithcheck-verify-dataset'`), e.g. parsed from JSON.
 * @param options - `title`, `name`, `tokens`, `classes`, `labels`.
 * @returns a fresh ReportData.
 * @throws InputTypeError if `result` is not a verifyDataset result, or an option has the wrong type.
 * @example
 * const html = renderReport(verifyReportData(await verifyDataset(adapter, dataset), { name: 'my model' }));
 */
export function verifyReportData(result: VerifyDatasetResult, options?: VerifyReportDataOptions): ReportData {
  const fn = 'verifyReportData';
  const o = checkOptions<VerifyReportDataOptions>(fn, options, ['title', 'name', 'tokens', 'classes', 'labels']);
  if (result === null || typeof result !== 'object' || result.format !== 'faithcheck-verify-dataset' || !Array.isArray(result.examples)) {
    throw new InputTypeError(fn, "result must be a verifyDataset result (format 'faithcheck-verify-dataset')", (result as { format?: unknown } | null)?.format);
  }
  const className = (c: number): string => o.classes?.[c] ?? `class ${c}`;
  const first = result.examples[0]?.result;
  const explanation = first?.explanation === 'raw' ? 'attention' : (first?.explanation ?? 'scores');
  const examples: ReportExample[] = result.examples.map(({ index, result: r }) => {
    const tokens = o.tokens?.[index] ? [...o.tokens[index]!] : r.scores.map((_, i) => `#${i}`);
    if (tokens.length !== r.scores.length) throw new InputTypeError(fn, `tokens[${index}] must have ${r.scores.length} entries`, tokens.length);
    const label = o.labels?.[index];
    return {
      id: String(index),
      ...(label !== undefined ? { label: className(label) } : {}),
      predicted: className(r.predicted),
      probability: r.outputs[r.predicted] ?? Number.NaN,
      tokens,
      scores: { [explanation]: r.scores },
      levels: reportLevels(r),
    };
  });
  const refs = new Map<string, { values: number[]; pValues: number[] }>();
  for (const { result: r } of result.examples) {
    for (const ref of r.levels.consistency.details?.references ?? []) {
      const entry = refs.get(ref.name) ?? { values: [], pValues: [] };
      entry.values.push(ref.tau ?? Number.NaN);
      entry.pValues.push(ref.pValue ?? Number.NaN);
      refs.set(ref.name, entry);
    }
  }
  const tau: ReportTauDistribution[] = [...refs].map(([name, v]) => ({ pair: `${explanation} vs ${LABEL[name] ?? name}`, ...v }));
  const points = result.examples
    .filter(({ result: r }) => r.levels.counterfactual.details !== null)
    .map(({ index, result: r }) => ({ id: String(index), jsd: r.levels.counterfactual.details!.adversarialMaxJsd, tvd: r.levels.counterfactual.details!.permutationMedianTvd }));
  const levels = result.summary.levels;
  return {
    title: o.title ?? 'faithcheck verifyDataset report',
    subtitle: `${result.examples.length} of ${result.size} examples (ranges ${result.ranges.map(([a, b]) => `[${a}, ${b})`).join(', ')}).`,
    models: [
      {
        name: o.name ?? 'model',
        explanation,
        methods: [explanation],
        examples,
        summary: {
          tau,
          ...(points.length > 0 && first
            ? { adversarial: { points, tvdThreshold: first.thresholds.permutationTvd, jsdThreshold: first.thresholds.adversarialJsd, xLabel: 'median output TVD, permuted attention' } }
            : {}),
          verdicts: (['consistency', 'causal', 'counterfactual'] as const).map((level) => ({
            level,
            counts: Object.fromEntries(VERDICTS.map((v) => [v, levels[level].verdicts[v] ?? 0])),
          })),
        },
      },
    ],
  };
}
