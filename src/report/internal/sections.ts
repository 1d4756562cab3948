import type { ReportExample, ReportLevel, ReportModel, ReportTable } from '../types.js';
import { adversarialScatter, lineChart, tauHistograms, tauTable, verdictBars } from './charts.js';
import { esc, fmt, slug } from './html.js';
import { tokenColor, VERDICT_STYLE } from './palette.js';

export const label = (model: ReportModel, method: string): string => model.methodLabels?.[method] ?? method;

/** A verdict badge: colour, symbol and word (readable without colour). */
export function badge(verdict: ReportLevel['verdict']): string {
  const st = VERDICT_STYLE[verdict] ?? VERDICT_STYLE.skipped;
  return `<span class="badge" data-verdict="${esc(verdict)}" style="--badge:${st.color}">${st.symbol} ${esc(verdict)}</span>`;
}

/** The levels table: level, verdict, numbers, reasons. */
export function levelsTable(levels: readonly ReportLevel[], caption: string): string {
  const rows = levels
    .map(
      (l) =>
        `<tr class="level" data-level="${esc(l.level)}"><th scope="row">${esc(l.level)}</th><td>${badge(l.verdict)}</td><td><ul class="numbers">${l.numbers
          .map((n) => `<li>${esc(n.name)} = <b>${fmt(n.value, n.digits ?? 3)}</b>${n.note ? ` <span class="note">(${esc(n.note)})</span>` : ''}</li>`)
          .join('')}</ul></td><td><ul class="reasons">${l.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul></td></tr>`,
    )
    .join('');
  return `<table class="data levels"><caption>${esc(caption)}</caption><thead><tr><th scope="col">level</th><th scope="col">verdict</th><th scope="col">numbers</th><th scope="col">why</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The legend of the token highlight. */
export function tokenLegend(): string {
  const stops = Array.from({ length: 11 }, (_, i) => {
    const t = tokenColor(i / 10);
    return `${t.background === 'transparent' ? '#fff' : t.background} ${i * 10}%`;
  }).join(', ');
  return `<div class="token-legend" aria-label="token colour scale: low to high relative importance"><span>0</span><span class="ramp" style="background: linear-gradient(to right, ${stops})"></span><span>largest |score| of the method on this example (scale from its smallest non-zero |score|; uncoloured: 0 or not scored)</span></div>`;
}

/** The tokens of an example highlighted by one method, one row per method. */
function tokenRows(model: ReportModel, ex: ReportExample, exId: string): string {
  const methods = model.methods.filter((m) => ex.scores[m] !== undefined);
  const rows = methods.map((m) => {
    const s = ex.scores[m]!;
    // colour scale: from the smallest non-zero |score| of the method on this example to the largest
    const mags = s.map((v) => (Number.isFinite(v) ? Math.abs(v) : 0)).filter((v) => v > 0);
    const hi = mags.length > 0 ? Math.max(...mags) : 0;
    const lo = mags.length > 0 ? Math.min(...mags) : 0;
    const order = Array.from(s.keys()).sort((a, b) => Math.abs(s[b]!) - Math.abs(s[a]!));
    const rank = new Array<number>(s.length);
    order.forEach((i, r) => (rank[i] = r + 1));
    const spans = ex.tokens
      .map((tok, i) => {
        const v = s[i] ?? Number.NaN;
        const a = Number.isFinite(v) ? Math.abs(v) : 0;
        const t = a === 0 || hi === 0 ? 0 : hi > lo ? 0.08 + (0.92 * (a - lo)) / (hi - lo) : 1;
        const col = tokenColor(t);
        const tip = `${tok} (position ${i}): ${label(model, m)} ${fmt(v, 4)}, rank ${rank[i]} of ${s.length}`;
        return `<span class="tok" data-i="${i}" title="${esc(tip)}" style="background:${col.background};color:${col.color}">${esc(tok)}</span>`;
      })
      .join(' ');
    return `<div class="tokrow" data-method="${esc(m)}"><div class="method">${esc(label(model, m))}${m === model.explanation ? ' <span class="note">(verified)</span>' : ''}</div><div class="tokens" tabindex="0" role="group" aria-label="${esc(`${label(model, m)} on example ${ex.id}; arrow keys read the tokens`)}" data-example="${esc(exId)}">${spans}</div></div>`;
  });
  return `<div class="tokgrid">${rows.join('')}</div><output class="readout" aria-live="polite" data-for="${esc(exId)}"></output>`;
}

/** Top tokens per method (a table: readable without colour). */
function topTable(model: ReportModel, ex: ReportExample): string {
  const methods = model.methods.filter((m) => ex.scores[m] !== undefined);
  const k = Math.min(5, ex.tokens.length);
  const rows = methods
    .map((m) => {
      const s = ex.scores[m]!;
      const top = Array.from(s.keys())
        .sort((a, b) => Math.abs(s[b]!) - Math.abs(s[a]!))
        .slice(0, k);
      return `<tr><th scope="row">${esc(label(model, m))}</th>${top.map((i) => `<td>${esc(ex.tokens[i])} <span class="note">${fmt(s[i]!, 3)}</span></td>`).join('')}</tr>`;
    })
    .join('');
  return `<details class="values"><summary>top ${k} tokens per method (values)</summary><table class="data"><tbody>${rows}</tbody></table></details>`;
}

function example(model: ReportModel, ex: ReportExample, index: number): string {
  const exId = `${slug(model.name)}-ex-${index}`;
  const correct = ex.label === undefined ? '' : ex.label === ex.predicted ? ' <span class="note">(correct)</span>' : ' <span class="note wrong">(wrong)</span>';
  const heads = ex.attention
    ? `<details class="heads" data-example="${esc(exId)}"><summary>Attention heads of layer ${ex.attention.layer} (${ex.attention.heads} heads, first ${ex.attention.n} tokens) — bertviz-like view</summary><div class="headview" data-example="${esc(exId)}"><p class="note">Loading…</p></div></details>`
    : '';
  const deletion = ex.deletion && ex.deletion.length > 0 ? lineChart(ex.deletion, { title: `Deletion curve, example ${ex.id}`, xLabel: 'tokens removed', yLabel: `p(${ex.predicted})`, width: 360, height: 200 }) : '';
  return `<article class="example" id="${esc(exId)}" data-label="${esc(ex.label ?? '')}" data-predicted="${esc(ex.predicted)}">
<h4>Example ${esc(ex.id)}: ${ex.label === undefined ? '' : `label <b>${esc(ex.label)}</b>, `}predicted <b>${esc(ex.predicted)}</b> (p = ${fmt(ex.probability)})${correct}</h4>
${levelsTable(ex.levels, `Verdict per level for example ${ex.id}`)}
<div class="row">${tokenRows(model, ex, exId)}</div>
${topTable(model, ex)}
<div class="row">${deletion}</div>
${heads}
</article>`;
}

function table(t: ReportTable): string {
  return `<table class="data extra"><caption>${esc(t.title)}</caption><thead><tr>${t.columns.map((col) => `<th scope="col">${esc(col)}</th>`).join('')}</tr></thead><tbody>${t.rows
    .map((r) => `<tr>${r.map((v, i) => (i === 0 ? `<th scope="row">${esc(v)}</th>` : `<td>${typeof v === 'number' ? fmt(v) : esc(v)}</td>`)).join('')}</tr>`)
    .join('')}</tbody></table>${t.note ? `<p class="howto">${esc(t.note)}</p>` : ''}`;
}

/** One model: dataset summary (verdicts, τ, curves, scatter, tables), then its examples. */
export function modelSection(model: ReportModel, index: number): string {
  const id = `model-${slug(model.name)}`;
  const s = model.summary;
  const curves = [
    s.deletion && s.deletion.length > 0 ? lineChart(s.deletion, { title: 'Deletion: output as the highest-scored tokens are removed (mean over examples)', xLabel: 'tokens removed', yLabel: 'p(predicted)' }) : '',
    s.insertion && s.insertion.length > 0 ? lineChart(s.insertion, { title: 'Insertion: output as the highest-scored tokens are restored (mean over examples)', xLabel: 'tokens restored', yLabel: 'p(predicted)' }) : '',
  ].join('');
  return `<section class="model" id="${esc(id)}" data-model="${esc(model.name)}" data-index="${index}">
<h2>${esc(model.name)}</h2>
${model.description ? `<p>${esc(model.description)}</p>` : ''}
<p>Explanation verified: <b>${esc(label(model, model.explanation))}</b>. ${model.examples.length} example${model.examples.length === 1 ? '' : 's'}.</p>
<h3>Data set</h3>
${s.levels && s.levels.length > 0 ? levelsTable(s.levels, `Verdict per level over the data set (${model.name})`) : ''}
<div class="row">${verdictBars(s.verdicts)}</div>
<p class="howto">How to read: each example gets one verdict per level; <b>supported</b> means the evidence backs the explanation at that level, <b>contradicted</b> that it goes against it, <b>inconclusive</b> that it does neither.</p>
<h4>Agreement between explanations (Kendall τ-b per example)</h4>
${tauHistograms(s.tau)}
${tauTable(s.tau)}
<p class="howto">How to read: τ near 1 means two explanations rank the tokens alike, near 0 unrelated; Jain &amp; Wallace found attention near 0 against gradients and leave-one-out.</p>
<div class="row">${curves}</div>
${curves ? '<p class="howto">How to read: a faithful explanation makes the output fall fastest when its top tokens are removed (deletion) and rise fastest when they are restored (insertion); compare with the random order.</p>' : ''}
${s.adversarial ? `<div class="row">${adversarialScatter(s.adversarial)}</div><p class="howto">How to read: points above the JSD line and left of the TVD line are examples where very different attention (high JSD, max ln 2 ≈ 0.69) leaves the output practically unchanged — attention there does not explain the output.</p>` : ''}
${(model.tables ?? []).map(table).join('')}
<h3>Examples</h3>
${tokenLegend()}
${model.examples.map((ex, i) => example(model, ex, i)).join('\n')}
</section>`;
}

