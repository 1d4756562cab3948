import { InputTypeError } from '../errors/index.js';
import { CSS, SCRIPT } from './internal/assets.js';
import { esc, slug } from './internal/html.js';
import { modelSection } from './internal/sections.js';
import type { ReportData } from './types.js';

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
</main>
<footer>${meta ? `${meta}. ` : ''}Self-contained report: no network access needed. Colours: Okabe–Ito and viridis (colour-blind safe); every value is also in a table.</footer>
<script type="application/json" id="faithcheck-heads">${scriptJson(heads)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
