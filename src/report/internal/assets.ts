import { OKABE_ITO } from './palette.js';

/** The report's stylesheet (inlined). */
export const CSS = `
:root { --fg: #1b1b1b; --muted: #5a5a5a; --line: #d6d6d6; --bg: #fff; --panel: #f6f6f4; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
header.top { padding: 18px 28px 8px; border-bottom: 1px solid var(--line); }
main { padding: 0 28px 40px; max-width: 1280px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; } h2 { font-size: 1.3rem; margin: 28px 0 6px; border-bottom: 2px solid var(--fg); }
h3 { font-size: 1.1rem; margin: 22px 0 6px; } h4 { font-size: 1rem; margin: 14px 0 6px; }
nav.toc a { margin-right: 14px; }
a:focus, [tabindex]:focus, summary:focus, input:focus { outline: 3px solid #0072B2; outline-offset: 2px; }
.note { color: var(--muted); font-size: 0.9em; } .wrong { color: #D55E00; font-weight: 600; }
.howto { color: var(--muted); font-style: italic; margin: 4px 0 14px; }
.row { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
.multiples { display: flex; flex-wrap: wrap; gap: 10px; }
figure.chart { margin: 6px 0; padding: 8px; background: var(--panel); border-radius: 6px; }
figure.chart figcaption { font-weight: 600; font-size: 0.9rem; margin-bottom: 4px; max-width: 420px; }
svg text { font: 11px system-ui, sans-serif; fill: #333; }
svg .bar:hover, svg circle:hover { stroke: #000; stroke-width: 1.5; }
ul.legend { list-style: none; padding: 0; margin: 4px 0 0; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 0.85rem; }
ul.legend li { display: flex; align-items: center; gap: 5px; }
.dot { display: inline-block; width: 11px; height: 11px; border-radius: 50%; border: 1px solid #333; }
table.data { border-collapse: collapse; margin: 6px 0 10px; font-size: 0.88rem; }
table.data caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
table.data th, table.data td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
table.data thead th { background: var(--panel); }
table.levels ul { margin: 0; padding-left: 16px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; border: 2px solid var(--badge); font-weight: 600; white-space: nowrap; }
.badge::before { content: ""; display: inline-block; width: 9px; height: 9px; border-radius: 50%; background: var(--badge); margin-right: 5px; }
article.example { border: 1px solid var(--line); border-radius: 8px; padding: 4px 14px 10px; margin: 14px 0; }
.tokgrid { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; width: 100%; }
.tokrow { display: contents; }
.tokrow .method { font-weight: 600; font-size: 0.88rem; padding-top: 2px; white-space: nowrap; }
.tokens { line-height: 1.9; font-size: 0.9rem; padding: 2px 4px; border-radius: 4px; }
.tok { padding: 1px 2px; border-radius: 3px; }
.tok.cur { outline: 2px solid #000; }
output.readout { display: block; min-height: 1.3em; font-size: 0.88rem; color: var(--muted); margin: 2px 0 6px; }
.token-legend { display: flex; align-items: center; gap: 8px; font-size: 0.85rem; margin: 6px 0; }
.token-legend .ramp { display: inline-block; width: 180px; height: 12px; border: 1px solid #999; }
details.values summary, details.heads summary { cursor: pointer; color: #0072B2; font-size: 0.88rem; }
.headview { overflow-x: auto; } .headview label { margin-right: 10px; font-size: 0.85rem; }
.headview svg text.q, .headview svg text.k { cursor: default; }
.headview svg text.active { font-weight: 700; fill: #000; }
footer { color: var(--muted); font-size: 0.85rem; padding: 10px 28px 30px; }
`;

/**
 * The report's script (inlined): arrow-key reading of highlighted tokens, and the bertviz-like head view,
 * drawn only when its <details> is opened, from the JSON block `#faithcheck-heads`.
 */
export const SCRIPT = `
(function () {
  'use strict';
  var HEAD_COLORS = ${JSON.stringify(OKABE_ITO)};
  var SVGNS = 'http://www.w3.org/2000/svg';

  function readout(box, i) {
    var toks = box.querySelectorAll('.tok');
    if (!toks.length) return;
    i = Math.max(0, Math.min(toks.length - 1, i));
    var prev = box.querySelector('.tok.cur');
    if (prev) prev.classList.remove('cur');
    toks[i].classList.add('cur');
    box.setAttribute('data-cur', String(i));
    var out = document.querySelector('output.readout[data-for="' + box.getAttribute('data-example') + '"]');
    if (out) out.textContent = toks[i].getAttribute('title');
  }
  document.querySelectorAll('.tokens').forEach(function (box) {
    box.addEventListener('keydown', function (e) {
      var cur = Number(box.getAttribute('data-cur') || '-1');
      var n = box.querySelectorAll('.tok').length;
      if (e.key === 'ArrowRight') readout(box, cur + 1);
      else if (e.key === 'ArrowLeft') readout(box, cur - 1);
      else if (e.key === 'Home') readout(box, 0);
      else if (e.key === 'End') readout(box, n - 1);
      else return;
      e.preventDefault();
    });
    box.addEventListener('mouseover', function (e) {
      var t = e.target;
      if (t && t.classList && t.classList.contains('tok')) readout(box, Number(t.getAttribute('data-i')));
    });
  });

  var headData = null;
  function heads() {
    if (headData === null) {
      var el = document.getElementById('faithcheck-heads');
      headData = el ? JSON.parse(el.textContent || '{}') : {};
    }
    return headData;
  }

  function drawHeads(container, d) {
    var n = d.n, H = d.heads, rowH = 18, colW = 150, gap = 220;
    container.textContent = '';
    var controls = document.createElement('div');
    controls.className = 'headcontrols';
    var selected = [];
    for (var h = 0; h < H; h++) {
      selected.push(true);
      var lab = document.createElement('label');
      var box = document.createElement('input');
      box.type = 'checkbox'; box.checked = true; box.setAttribute('data-head', String(h));
      box.addEventListener('change', function (e) { selected[Number(e.target.getAttribute('data-head'))] = e.target.checked; render(); });
      var sw = document.createElement('span');
      sw.className = 'dot'; sw.style.background = HEAD_COLORS[h % HEAD_COLORS.length];
      lab.appendChild(box); lab.appendChild(sw); lab.appendChild(document.createTextNode(' head ' + (h + 1)));
      controls.appendChild(lab);
    }
    var hint = document.createElement('p');
    hint.className = 'note';
    hint.textContent = 'Lines: attention from a query token (left) to a key token (right), opacity = weight, colour = head. Hover or focus a left token to show only its row; values on hover.';
    container.appendChild(controls); container.appendChild(hint);
    var svg = document.createElementNS(SVGNS, 'svg');
    var W = colW * 2 + gap, Ht = n * rowH + 10;
    svg.setAttribute('width', String(W)); svg.setAttribute('height', String(Ht));
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + Ht);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'attention of layer ' + d.layer + ', ' + H + ' heads');
    var lines = document.createElementNS(SVGNS, 'g');
    svg.appendChild(lines);
    var focus = -1;
    function y(i) { return 12 + i * rowH; }
    for (var i = 0; i < n; i++) {
      var q = document.createElementNS(SVGNS, 'text');
      q.setAttribute('x', String(colW - 6)); q.setAttribute('y', String(y(i) + 4)); q.setAttribute('text-anchor', 'end');
      q.setAttribute('class', 'q'); q.setAttribute('tabindex', '0'); q.setAttribute('data-i', String(i));
      q.textContent = d.tokens[i];
      (function (i, q) {
        function on() { focus = i; render(); }
        function off() { focus = -1; render(); }
        q.addEventListener('mouseenter', on); q.addEventListener('focus', on);
        q.addEventListener('mouseleave', off); q.addEventListener('blur', off);
      })(i, q);
      svg.appendChild(q);
      var k = document.createElementNS(SVGNS, 'text');
      k.setAttribute('x', String(colW + gap + 6)); k.setAttribute('y', String(y(i) + 4));
      k.setAttribute('class', 'k'); k.textContent = d.tokens[i];
      svg.appendChild(k);
    }
    function render() {
      while (lines.firstChild) lines.removeChild(lines.firstChild);
      svg.querySelectorAll('text.q').forEach(function (t) { t.classList.toggle('active', Number(t.getAttribute('data-i')) === focus); });
      for (var h = 0; h < H; h++) {
        if (!selected[h]) continue;
        for (var i = 0; i < n; i++) {
          if (focus >= 0 && i !== focus) continue;
          for (var j = 0; j < n; j++) {
            var w = d.data[(h * n + i) * n + j];
            if (!(w >= 0.02)) continue;
            var l = document.createElementNS(SVGNS, 'line');
            l.setAttribute('x1', String(colW)); l.setAttribute('y1', String(y(i)));
            l.setAttribute('x2', String(colW + gap)); l.setAttribute('y2', String(y(j)));
            l.setAttribute('stroke', HEAD_COLORS[h % HEAD_COLORS.length]);
            l.setAttribute('stroke-opacity', String(Math.min(1, w * (focus >= 0 ? 1.2 : 0.9))));
            l.setAttribute('stroke-width', focus >= 0 ? '2.5' : '1.5');
            l.setAttribute('class', 'attn');
            var title = document.createElementNS(SVGNS, 'title');
            title.textContent = 'head ' + (h + 1) + ': ' + d.tokens[i] + ' → ' + d.tokens[j] + ' = ' + w.toFixed(3);
            l.appendChild(title);
            lines.appendChild(l);
          }
        }
      }
    }
    render();
    container.appendChild(svg);
    container.setAttribute('data-drawn', '1');
  }

  document.querySelectorAll('details.heads').forEach(function (det) {
    det.addEventListener('toggle', function () {
      if (!det.open) return;
      var view = det.querySelector('.headview');
      if (!view || view.getAttribute('data-drawn') === '1') return;
      var d = heads()[det.getAttribute('data-example')];
      if (!d) { view.textContent = 'No attention data for this example.'; return; }
      drawHeads(view, d);
    });
  });
})();
`;
