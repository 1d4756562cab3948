import { InputTypeError } from '../errors/index.js';
import { CSS, SCRIPT } from './internal/assets.js';
import { esc, fmt, slug } from './internal/html.js';
import { modelSection } from './internal/sections.js';
import type { ReportBenchmark, ReportData } from './types.js';

/** JSON for a `<script type="application/json">` block (no `</script>` can close it early). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function checkData(data: unknown): asserts data is ReportData {
  const fn = 'renderReport';
  if (data === null || typeof data !== 'object') throw new InputTypeError(fn, 'data must be a ReportData object', data);
  const d = data as Partial<ReportData>;
  if (typeof d.title !== 'string') throw new InputTypeError(fn, 'data.title must be a string', d.title);
  if (!Array.isArray(d.models)) throw new InputTypeError(fn, 'data.models must be an array', d.models);
  if (d.benchmarks !== undefined) {
    if (!Array.isArray(d.benchmarks)) throw new InputTypeError(fn, 'data.benchmarks must be an array', d.benchmarks);
    d.benchmarks.forEach((b, i) => {
      if (b === null || typeof b !== 'object' || !Array.isArray(b.metrics) || !Array.isArray(b.rows)) {
        throw new InputTypeError(fn, `data.benchmarks[${i}] must be a benchmark result { metrics, rows, … }`, b);
      }
    });
  }
  d.models.forEach((m, i) => {
    if (m === null || typeof m !== 'object' || typeof m.name !== 'string') throw new InputTypeError(fn, `data.models[${i}].name must be a string`, m);
    if (!Array.isArray(m.examples) || !Array.isArray(m.methods) || m.summary === null || typeof m.summary !== 'object') {
      throw new InputTypeError(fn, `data.models[${i}] needs examples, methods and summary`, m.name);
    }
    (m.examples as ReportData['models'][number]['examples']).forEach((ex, j) => {
      if (!Array.isArray(ex.tokens)) throw new InputTypeError(fn, `data.models[${i}].examples[${j}].tokens must be an array`, ex.tokens);
      for (const [method, s] of Object.entries(ex.scores ?? {})) {
        if (!Array.isArray(s) || s.length !== ex.tokens.length) {
          throw new InputTypeError(fn, `data.models[${i}].examples[${j}].scores.${method} must have one score per token (${ex.tokens.length})`, Array.isArray(s) ? s.length : s);
        }
      }
      const a = ex.attention;
      if (a !== undefined && (a.data.length !== a.heads * a.n * a.n || a.n > ex.tokens.length)) {
        throw new InputTypeError(fn, `data.models[${i}].examples[${j}].attention.data must hold heads·n·n values for n ≤ ${ex.tokens.length} tokens`, a.data.length);
      }
    });
  });
}

/**
 * One benchmark as a table: a row per method, a column per metric (`mean [lower, upper]`, the best mean of
 * each column in bold, ↑/↓ saying which way is better), then the comparisons decided at the table's level.
 */
function benchmarkSection(b: ReportBenchmark, index: number): string {
  const title = b.title ?? 'Benchmark of explanation methods';
  const best = new Map<string, number>();
  for (const metric of b.metrics) {
    const values = b.rows.map((r) => r.metrics[metric]).filter((c): c is NonNullable<typeof c> => c !== undefined && c.mean !== null && Number.isFinite(c.mean));
    if (values.length === 0) continue;
    const higher = values[0]!.direction === 'higher';
    best.set(metric, (higher ? Math.max : Math.min)(...values.map((c) => c.mean!)));
  }
  const head = b.metrics.map((m) => {
    const dir = b.rows.find((r) => r.metrics[m] !== undefined)?.metrics[m]?.direction;
    return `<th scope="col">${esc(m)} <span aria-label="${dir === 'lower' ? 'lower is better' : 'higher is better'}">${dir === 'lower' ? '↓' : '↑'}</span></th>`;
  });
  const body = b.rows.map((r) => {
    const cells = b.metrics.map((m) => {
      const c = r.metrics[m];
      if (c === undefined || c.mean === null || !Number.isFinite(c.mean)) return '<td>—</td>';
      const text = `${fmt(c.mean)} [${fmt(c.lower ?? Number.NaN)}, ${fmt(c.upper ?? Number.NaN)}]`;
      const strong = best.get(m) === c.mean;
      return `<td title="${esc(`${r.method}, ${m}: mean ${c.mean} over ${c.n} examples`)}">${strong ? `<strong>${text}</strong>` : text}</td>`;
    });
    return `<tr><th scope="row">${esc(r.method)}</th>${cells.join('')}</tr>`;
  });
  const decided = (b.comparisons ?? []).filter((c) => c.better !== null);
  const level = Math.round((b.config?.confidence ?? 0.95) * 100);
  const list = decided.length === 0 ? '' : `<details><summary>${decided.length} pairwise comparisons decided at the ${level} % level</summary><ul class="benchmark-comparisons">${decided
    .map((c) => `<li>${esc(c.metric)}: <strong>${esc(c.better)}</strong> beats ${esc(c.better === c.a ? c.b : c.a)} (p = ${c.pValue === null ? '—' : fmt(c.pValue, 4)}, n = ${c.n})</li>`)
    .join('')}</ul></details>`;
  return `<section class="benchmark" id="benchmark-${index}" aria-labelledby="benchmark-${index}-h">
<h2 id="benchmark-${index}-h">${esc(title)}</h2>
<p>Mean over ${b.config?.size ?? 'the'} examples with its ${level} % bootstrap interval; ↑ higher is better, ↓ lower is better; the best mean of each column in bold.</p>
<div style="overflow-x: auto"><table class="data benchmark-table"><thead><tr><th scope="col">method</th>${head.join('')}</tr></thead><tbody>${body.join('')}</tbody></table></div>
${list}
</section>`;
}

/**
 * Render a verification report as ONE self-contained HTML page (a string): inline CSS, inline SVG charts
 * and a small inline script — no network request, no CDN, no external file. Pure: same data, same string.
 *
 * Per model (data set): the verdict counts per level, Kendall τ-b distributions between explanations
 * (small-multiple histograms and a mean ± std / fraction-significant table), mean deletion and insertion
 * curves, the adversarial-attention scatter (attention JSD against output TVD, ε marked) and any extra
 * tables (e.g. the planted-token check). Per example: the verdict per level with its numbers and reasons,
 * the text with tokens highlighted by each method one above the other, the top tokens as a table, the
 * deletion curve, and a bertviz-like view of one layer's heads drawn when it is opened.
 *
 * Accessibility: Okabe–Ito colours for categories (with dash patterns and symbols, so nothing depends on
 * colour alone), a reversed viridis ramp for token highlights, legends on every chart, every value on
 * hover (SVG `<title>`, `title` attributes) and in tables; every chart and token row is reachable with the
 * keyboard (arrow keys read the tokens of a focused row aloud through a live region). See docs/report.md.
 *
 * @param data - the {@link ReportData}.
 * @returns the HTML document.
 * @throws InputTypeError if `data` is not a ReportData (missing title/models, a score array whose length
 *   is not the token count, attention data of the wrong size).
 * @example
 * const html = renderReport({ title: 'demo', models: [] });
 * html.startsWith('<!doctype html>'); // => true
 */
export function renderReport(data: ReportData): string {
  checkData(data);
  const heads: Record<string, unknown> = {};
  data.models.forEach((m) =>
    m.examples.forEach((ex, i) => {
      if (ex.attention) {
        heads[`${slug(m.name)}-ex-${i}`] = {
          layer: ex.attention.layer,
          heads: ex.attention.heads,
          n: ex.attention.n,
          tokens: ex.tokens.slice(0, ex.attention.n),
          data: ex.attention.data.map((v) => Math.round(v * 1000) / 1000),
        };
      }
    }),
  );
  const toc = data.models.map((m) => `<a href="#model-${esc(slug(m.name))}">${esc(m.name)}</a>`).join('');
  const meta = [data.generated ? `generated ${esc(data.generated)}` : '', data.version ? `faithcheck ${esc(data.version)}` : ''].filter(Boolean).join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(data.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="top">
<h1>${esc(data.title)}</h1>
${data.subtitle ? `<p>${esc(data.subtitle)}</p>` : ''}
${toc ? `<nav class="toc" aria-label="models">${toc}</nav>` : ''}
</header>
<main>
${data.models.map((m, i) => modelSection(m, i)).join('\n')}
${(data.benchmarks ?? []).map((b, i) => benchmarkSection(b, i)).join('\n')}
</main>
<footer>${meta ? `${meta}. ` : ''}Self-contained report: no network access needed. Colours: Okabe–Ito and viridis (colour-blind safe); every value is also in a table.</footer>
<script type="application/json" id="faithcheck-heads">${scriptJson(heads)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
