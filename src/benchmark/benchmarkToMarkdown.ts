import { InputTypeError } from '../errors/index.js';
import type { BenchmarkMetric, BenchmarkResult } from './benchmarkExplanations.js';

function fmt(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '—';
}

/**
 * Formats a {@link benchmarkExplanations} result as a markdown table (one row per method, one column per
 * metric: `mean [lower, upper]`, the arrow saying whether higher or lower is better), followed by the
 * paired comparisons whose interval excludes 0.
 *
 * @param result - a benchmark result (or the same object after a JSON round trip).
 * @param options - `digits` after the decimal point (default 3).
 * @returns markdown text.
 * @throws InputTypeError when `result` is not a benchmark result.
 * @example
 * const md = benchmarkToMarkdown({
 *   methods: ['a'], metrics: ['tauLoo'], comparisons: [], examples: [],
 *   rows: [{ method: 'a', metrics: { tauLoo: { n: 2, mean: 0.5, std: 0.1, lower: 0.4, upper: 0.6, direction: 'higher' } } }],
 *   config: { seed: 0, nResamples: 10, confidence: 0.95, exclude: [], removal: null, size: 2 },
 * });
 * md.split('\n')[2]; // => '| a | 0.500 [0.400, 0.600] |'
 */
export function benchmarkToMarkdown(result: BenchmarkResult, options: { readonly digits?: number } = {}): string {
  const fn = 'benchmarkToMarkdown';
  if (result === null || typeof result !== 'object' || !Array.isArray(result.rows) || !Array.isArray(result.metrics)) {
    throw new InputTypeError(fn, 'result must be a benchmarkExplanations result', result);
  }
  const digits = options.digits ?? 3;
  const metrics: readonly BenchmarkMetric[] = result.metrics;
  const lines: string[] = [];
  lines.push(`| method | ${metrics.map((m) => `${m} ${result.rows[0]?.metrics[m]?.direction === 'lower' ? '↓' : '↑'}`).join(' | ')} |`);
  lines.push(`|---|${metrics.map(() => '---').join('|')}|`);
  for (const row of result.rows) {
    const cells = metrics.map((m) => {
      const s = row.metrics[m];
      return s === undefined ? '—' : `${fmt(s.mean, digits)} [${fmt(s.lower, digits)}, ${fmt(s.upper, digits)}]`;
    });
    lines.push(`| ${row.method} | ${cells.join(' | ')} |`);
  }
  const decided = (result.comparisons ?? []).filter((c) => c.better !== null);
  if (decided.length > 0) {
    lines.push('', `Paired comparisons decided at the ${Math.round(result.config.confidence * 100)} % level (interval excludes 0 and sign-flip p below ${fmt(1 - result.config.confidence, 2)}):`, '');
    for (const c of decided) {
      const worse = c.better === c.a ? c.b : c.a;
      // the difference as better − worse
      const sign = c.better === c.a ? 1 : -1;
      const [lo, hi] = sign === 1 ? [c.lower, c.upper] : [-c.upper, -c.lower];
      lines.push(
        `- ${c.metric}: ${c.better} beats ${worse} (${c.better} − ${worse} = ${fmt(sign * c.meanDifference, digits)} [${fmt(lo, digits)}, ${fmt(hi, digits)}], p = ${fmt(c.pValue, 4)}, n = ${c.n})`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
