import type { ReportAdversarial, ReportAdversarialPoint, ReportCurve, ReportTauDistribution, ReportVerdict } from '../types.js';
import { c, esc, fmt } from './html.js';
import { category, dash, VERDICT_STYLE } from './palette.js';

/** Mean, sample standard deviation, median (NaN-free values only). */
export function stats(values: readonly number[]): { n: number; mean: number; std: number; median: number } {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = xs.length;
  if (n === 0) return { n, mean: Number.NaN, std: Number.NaN, median: Number.NaN };
  const mean = xs.reduce((s, v) => s + v, 0) / n;
  const std = n > 1 ? Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  const median = n % 2 ? xs[(n - 1) / 2]! : (xs[n / 2 - 1]! + xs[n / 2]!) / 2;
  return { n, mean, std, median };
}

/** An HTML legend: a swatch (line with the dash pattern) and a label per entry. */
export function legend(labels: readonly string[]): string {
  const items = labels
    .map(
      (label, i) =>
        `<li><svg width="28" height="10" aria-hidden="true"><line x1="1" y1="5" x2="27" y2="5" stroke="${category(i)}" stroke-width="2.5" stroke-dasharray="${dash(i)}"/></svg>${esc(label)}</li>`,
    )
    .join('');
  return `<ul class="legend">${items}</ul>`;
}

/**
 * τ-b distributions as small-multiple histograms (20 bins over [−1, 1]), one per pair, with the mean marked
 * (Jain & Wallace plot these distributions per data set).
 */
export function tauHistograms(taus: readonly ReportTauDistribution[]): string {
  const W = 230;
  const H = 120;
  const pad = { l: 28, r: 8, t: 8, b: 24 };
  const bins = 20;
  const charts = taus.map((t) => {
    const xs = t.values.filter((v) => Number.isFinite(v));
    const counts = new Array<number>(bins).fill(0);
    for (const v of xs) counts[Math.min(bins - 1, Math.max(0, Math.floor(((v + 1) / 2) * bins)))]!++;
    const maxCount = Math.max(1, ...counts);
    const iw = W - pad.l - pad.r;
    const ih = H - pad.t - pad.b;
    const x = (v: number): number => pad.l + ((v + 1) / 2) * iw;
    const bars = counts
      .map((k, i) => {
        const lo = -1 + (2 * i) / bins;
        const h = (k / maxCount) * ih;
        return `<rect class="bar" x="${c(x(lo) + 0.5)}" y="${c(pad.t + ih - h)}" width="${c(iw / bins - 1)}" height="${c(h)}" fill="${category(0)}"><title>τ ∈ [${fmt(lo, 1)}, ${fmt(lo + 2 / bins, 1)}): ${k} example${k === 1 ? '' : 's'}</title></rect>`;
      })
      .join('');
    const s = stats(xs);
    const meanLine = Number.isFinite(s.mean)
      ? `<line x1="${c(x(s.mean))}" x2="${c(x(s.mean))}" y1="${pad.t}" y2="${pad.t + ih}" stroke="${category(5)}" stroke-width="2" stroke-dasharray="4 2"><title>mean τ = ${fmt(s.mean)}</title></line>`
      : '';
    const axis = `<line x1="${pad.l}" x2="${W - pad.r}" y1="${pad.t + ih}" y2="${pad.t + ih}" stroke="#555"/>
<line x1="${c(x(0))}" x2="${c(x(0))}" y1="${pad.t}" y2="${pad.t + ih}" stroke="#bbb"/>
${[-1, -0.5, 0, 0.5, 1].map((v) => `<text x="${c(x(v))}" y="${H - 8}" text-anchor="middle">${fmt(v, 1)}</text>`).join('')}
<text x="${pad.l - 4}" y="${pad.t + 8}" text-anchor="end">${maxCount}</text><text x="${pad.l - 4}" y="${pad.t + ih}" text-anchor="end">0</text>`;
    const label = `Kendall τ-b, ${t.pair}: ${s.n} examples, mean ${fmt(s.mean)} ± ${fmt(s.std)}`;
    return `<figure class="chart tau" tabindex="0" aria-label="${esc(label)}"><figcaption>${esc(t.pair)}</figcaption><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(label)}">${axis}${bars}${meanLine}</svg></figure>`;
  });
  return `<div class="multiples">${charts.join('')}</div>`;
}

/** The τ table: n, mean ± std, median, fraction with τ > 0 and p ≤ 0.05 (as Jain & Wallace tabulate it). */
export function tauTable(taus: readonly ReportTauDistribution[]): string {
  const rows = taus
    .map((t) => {
      const s = stats(t.values);
      // significant agreement: τ > 0 with p ≤ 0.05, over the examples with a p-value (as verifyDataset counts it)
      const tested = t.pValues ? t.values.map((v, i) => [v, t.pValues![i]!] as const).filter(([v, p]) => Number.isFinite(v) && Number.isFinite(p)) : [];
      const sig = t.pValues ? tested.filter(([v, p]) => v > 0 && p <= 0.05).length / Math.max(1, tested.length) : Number.NaN;
      return `<tr><th scope="row">${esc(t.pair)}</th><td>${s.n}</td><td>${fmt(s.mean)} ± ${fmt(s.std)}</td><td>${fmt(s.median)}</td><td>${t.pValues ? fmt(sig, 2) : '–'}</td></tr>`;
    })
    .join('');
  return `<table class="data tau-table"><caption>Kendall τ-b per example</caption><thead><tr><th scope="col">pair</th><th scope="col">n</th><th scope="col">mean ± std</th><th scope="col">median</th><th scope="col">fraction τ &gt; 0, p ≤ 0.05</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** A line chart of curves over x ∈ [0, 1], with a legend and a values table. */
export function lineChart(curves: readonly ReportCurve[], options: { title: string; xLabel: string; yLabel: string; width?: number; height?: number }): string {
  const W = options.width ?? 420;
  const H = options.height ?? 230;
  const pad = { l: 44, r: 10, t: 10, b: 36 };
  const iw = W - pad.l - pad.r;
  const ih = H - pad.t - pad.b;
  const ys = curves.flatMap((cv) => cv.values.filter((v) => Number.isFinite(v)));
  let lo = Math.min(0, ...ys);
  let hi = Math.max(1, ...ys);
  if (!(hi > lo)) {
    lo = 0;
    hi = 1;
  }
  const x = (v: number): number => pad.l + v * iw;
  const y = (v: number): number => pad.t + ih - ((v - lo) / (hi - lo)) * ih;
  const lines = curves
    .map((cv, i) => {
      const pts = cv.fractions.map((f, k) => [f, cv.values[k]!] as const).filter(([, v]) => Number.isFinite(v));
      const path = pts.map(([f, v]) => `${c(x(f))},${c(y(v))}`).join(' ');
      const dots = pts
        .map(([f, v]) => `<circle cx="${c(x(f))}" cy="${c(y(v))}" r="2.5" fill="${category(i)}"><title>${esc(cv.method)}: ${fmt(f * 100, 0)} % → ${fmt(v)}</title></circle>`)
        .join('');
      return `<g class="series"><polyline points="${path}" fill="none" stroke="${category(i)}" stroke-width="2" stroke-dasharray="${dash(i)}"/>${dots}</g>`;
    })
    .join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const axes = `<line x1="${pad.l}" x2="${W - pad.r}" y1="${pad.t + ih}" y2="${pad.t + ih}" stroke="#555"/><line x1="${pad.l}" x2="${pad.l}" y1="${pad.t}" y2="${pad.t + ih}" stroke="#555"/>
${ticks.map((t) => `<text x="${c(x(t))}" y="${pad.t + ih + 14}" text-anchor="middle">${fmt(t * 100, 0)}%</text>`).join('')}
${[lo, (lo + hi) / 2, hi].map((t) => `<text x="${pad.l - 4}" y="${c(y(t) + 4)}" text-anchor="end">${fmt(t, 2)}</text>`).join('')}
<text x="${c(pad.l + iw / 2)}" y="${H - 4}" text-anchor="middle">${esc(options.xLabel)}</text>
<text transform="translate(11 ${c(pad.t + ih / 2)}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`;
  const fractions = curves[0]?.fractions ?? [];
  const table = `<details class="values"><summary>values</summary><table class="data"><thead><tr><th scope="col">${esc(options.xLabel)}</th>${curves.map((cv) => `<th scope="col">${esc(cv.method)}</th>`).join('')}</tr></thead><tbody>${fractions
    .map((f, k) => `<tr><th scope="row">${fmt(f * 100, 0)} %</th>${curves.map((cv) => `<td>${fmt(cv.values[k] ?? Number.NaN)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table></details>`;
  return `<figure class="chart line" tabindex="0" aria-label="${esc(options.title)}"><figcaption>${esc(options.title)}</figcaption><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(options.title)}">${axes}${lines}</svg>${legend(curves.map((cv) => cv.method))}${table}</figure>`;
}

/**
 * The counterfactual scatter: attention JSD (y, nats, max ln 2) against an output TVD (x), with the TVD
 * threshold (vertical) and the JSD threshold (horizontal) marked.
 */
export function adversarialScatter(a: ReportAdversarial): string {
  const { points, tvdThreshold } = a;
  const xLabel = a.xLabel ?? 'output TVD';
  const W = 440;
  const H = 260;
  const pad = { l: 44, r: 12, t: 10, b: 36 };
  const iw = W - pad.l - pad.r;
  const ih = H - pad.t - pad.b;
  const xMax = Math.max(2 * tvdThreshold, ...points.map((p) => p.tvd).filter((v) => Number.isFinite(v))) * 1.05 || 1;
  const yMax = Math.LN2;
  const x = (v: number): number => pad.l + (v / xMax) * iw;
  const y = (v: number): number => pad.t + ih - (Math.min(v, yMax) / yMax) * ih;
  const jsdT = a.jsdThreshold;
  const flagged = (p: ReportAdversarialPoint): boolean => p.tvd < tvdThreshold && (jsdT === undefined || p.jsd >= jsdT);
  const dots = points
    .filter((p) => Number.isFinite(p.jsd) && Number.isFinite(p.tvd))
    .map((p) => {
      const f = flagged(p);
      return `<circle class="point" cx="${c(x(p.tvd))}" cy="${c(y(p.jsd))}" r="4.5" fill="${f ? category(5) : category(0)}" fill-opacity="0.8" stroke="#222" stroke-width="0.6"${f ? ' data-flagged="1"' : ''}><title>${esc(p.id)}: attention JSD ${fmt(p.jsd)}, ${esc(xLabel)} ${fmt(p.tvd, 4)}${f ? ' (different attention, same output)' : ''}</title></circle>`;
    })
    .join('');
  const lines = `<line x1="${c(x(tvdThreshold))}" x2="${c(x(tvdThreshold))}" y1="${pad.t}" y2="${pad.t + ih}" stroke="#555" stroke-dasharray="4 3"/><text x="${c(x(tvdThreshold) + 3)}" y="${pad.t + ih - 4}">TVD ${fmt(tvdThreshold, 3)}</text>${
    jsdT === undefined ? '' : `<line x1="${pad.l}" x2="${W - pad.r}" y1="${c(y(jsdT))}" y2="${c(y(jsdT))}" stroke="#555" stroke-dasharray="2 3"/><text x="${W - pad.r - 2}" y="${c(y(jsdT) - 4)}" text-anchor="end">JSD ${fmt(jsdT, 2)}</text>`
  }`;
  const axes = `<line x1="${pad.l}" x2="${W - pad.r}" y1="${pad.t + ih}" y2="${pad.t + ih}" stroke="#555"/><line x1="${pad.l}" x2="${pad.l}" y1="${pad.t}" y2="${pad.t + ih}" stroke="#555"/>
${[0, 0.5, 1].map((t) => `<text x="${c(x(t * xMax))}" y="${pad.t + ih + 14}" text-anchor="middle">${fmt(t * xMax, 3)}</text>`).join('')}
${[0, yMax / 2, yMax].map((t) => `<text x="${pad.l - 4}" y="${c(y(t) + 4)}" text-anchor="end">${fmt(t, 2)}</text>`).join('')}
<text x="${c(pad.l + iw / 2)}" y="${H - 4}" text-anchor="middle">${esc(xLabel)}</text>
<text transform="translate(11 ${c(pad.t + ih / 2)}) rotate(-90)" text-anchor="middle">attention JSD (nats)</text>`;
  const n = points.filter(flagged).length;
  const title = `Counterfactual attention: ${n} of ${points.length} examples have very different attention with the same output`;
  const table = `<details class="values"><summary>values</summary><table class="data"><thead><tr><th scope="col">example</th><th scope="col">attention JSD</th><th scope="col">${esc(xLabel)}</th></tr></thead><tbody>${points
    .map((p) => `<tr><th scope="row">${esc(p.id)}</th><td>${fmt(p.jsd)}</td><td>${fmt(p.tvd, 4)}</td></tr>`)
    .join('')}</tbody></table></details>`;
  return `<figure class="chart scatter" tabindex="0" aria-label="${esc(title)}"><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">${axes}${lines}${dots}</svg><ul class="legend"><li><span class="dot" style="background:${category(5)}"></span>different attention, same output (TVD below the line${jsdT === undefined ? '' : ', JSD above'})</li><li><span class="dot" style="background:${category(0)}"></span>other examples</li></ul>${table}</figure>`;
}

const VERDICTS: readonly ReportVerdict[] = ['supported', 'inconclusive', 'contradicted', 'skipped'];

/** Verdict counts per level as stacked bars with the counts written in, plus a table. */
export function verdictBars(verdicts: readonly { level: string; counts: Readonly<Partial<Record<ReportVerdict, number>>> }[]): string {
  const W = 420;
  const row = 26;
  const pad = { l: 110, r: 10, t: 4 };
  const H = pad.t + verdicts.length * row + 4;
  const iw = W - pad.l - pad.r;
  const bars = verdicts
    .map((v, i) => {
      const total = VERDICTS.reduce((s, k) => s + (v.counts[k] ?? 0), 0);
      let x0 = pad.l;
      const segs = VERDICTS.map((k) => {
        const n = v.counts[k] ?? 0;
        if (n === 0 || total === 0) return '';
        const w = (n / total) * iw;
        const st = VERDICT_STYLE[k];
        const seg = `<g class="segment" data-verdict="${k}"><rect x="${c(x0)}" y="${pad.t + i * row}" width="${c(w)}" height="${row - 6}" fill="${st.color}"><title>${esc(v.level)}: ${n} ${k}</title></rect>${w > 26 ? `<text x="${c(x0 + w / 2)}" y="${pad.t + i * row + 14}" text-anchor="middle" fill="#111">${st.symbol} ${n}</text>` : ''}</g>`;
        x0 += w;
        return seg;
      }).join('');
      return `<text x="${pad.l - 6}" y="${pad.t + i * row + 14}" text-anchor="end">${esc(v.level)}</text>${segs}`;
    })
    .join('');
  const legendHtml = `<ul class="legend">${VERDICTS.map((k) => `<li><span class="dot" style="background:${VERDICT_STYLE[k].color}"></span>${VERDICT_STYLE[k].symbol} ${k}</li>`).join('')}</ul>`;
  const table = `<table class="data verdict-table"><thead><tr><th scope="col">level</th>${VERDICTS.map((k) => `<th scope="col">${k}</th>`).join('')}</tr></thead><tbody>${verdicts
    .map((v) => `<tr><th scope="row">${esc(v.level)}</th>${VERDICTS.map((k) => `<td>${v.counts[k] ?? 0}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
  return `<figure class="chart verdicts" tabindex="0" aria-label="verdict counts per level"><figcaption>Verdicts per level</figcaption><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="verdict counts per level">${bars}</svg>${legendHtml}${table}</figure>`;
}
