/**
 * Attention flow: faithcheck vs networkx, side by side, one command:
 *
 *     npx tsx bench/flow-compare.ts            # writes bench/results/flow.md
 *     npx tsx bench/flow-compare.ts --quick    # fewer repetitions (smoke run)
 *
 * Everything is deterministic (seeded attention, fixed pair samples); only the timings vary. Graphs: H heads of
 * softmax(scale · z), z ~ N(0, 1) from createRng(seed), fused by the head mean with the residual connection
 * (Abnar's get_flow_relevance, through the library's own preparation), so ours and networkx solve the
 * identical Â. networkx (bench/flow-networkx.py, run when python3 with networkx is available) times
 * `maximum_flow_value` per pair — default preflow_push, and edmonds_karp (Abnar's compute_flows) — on the
 * graph built as Abnar's get_adjmat; values are cross-checked against ours (must agree to 1e-9).
 *
 * Reported times are medians over repetitions. "solver" times are per (source, sink) pair with Â prepared;
 * "end-to-end" includes validating and preparing the raw [L, H, n, n] stack. Worker times include starting the
 * workers (from the TypeScript sources under tsx, slower to start than the built package — see the table).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  attentionFlow,
  attentionFlowParallel,
  createMaxFlowSolver,
  edmondsKarp,
  layeredAttentionGraph,
  lpMaxFlow,
} from '../src/index.js';
import { prepareAttention } from '../src/attention/internal/prepareAttention.js';
import { LayeredFlowSolver } from '../src/attention/maxflow/internal/layeredSolver.js';
import { createRng } from '../src/random/createRng.js';
import { randomAttention } from './flowData.js';

const QUICK = process.argv.includes('--quick');
const OUT = new URL('./results/flow.md', import.meta.url);
const HEADS = 12;

// ---------------------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------------------

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

let lastMin = NaN;

/**
 * Median wall time (ms) of `fn` over at least `reps` calls and `minMs` total (after one warm-up call); the
 * fastest call is left in `lastMin`.
 */
function timeIt(fn: () => unknown, reps = 5, minMs = 300): number {
  fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < reps || (performance.now() - start < minMs && times.length < 1000)) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  lastMin = Math.min(...times);
  return median(times);
}

async function timeAsync(fn: () => Promise<unknown>, reps: number): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
const us = (ms: number): string => (ms * 1000 >= 100 ? (ms * 1000).toFixed(0) : (ms * 1000).toFixed(1));

interface Graph {
  L: number;
  n: number;
  raw: { data: Float64Array; shape: number[] };
  caps: Float64Array;
}

/** Seeded stack and its prepared Â (mean fusion, residual) as the library computes it. */
function makeGraph(L: number, n: number, seed: number, scale = 1, heads = HEADS): Graph {
  const { raw } = randomAttention(L, heads, n, seed, scale);
  const stack = { data: raw, shape: [L, heads, n, n] };
  const caps = prepareAttention('bench', stack).data;
  return { L, n, raw: stack, caps };
}

/**
 * Sparse attention without the residual (the hard case for the early exit): one head, each key kept with
 * probability `keep` (plus one guaranteed key per row), softmax(3z) over the kept keys.
 */
function maskedGraph(L: number, n: number, seed: number, keep: number): Graph {
  const rng = createRng(seed);
  const data = new Float64Array(L * n * n);
  for (let r = 0; r < L * n; r++) {
    let sum = 0;
    const forced = rng.nextInt(n);
    for (let k = 0; k < n; k++) {
      const v = rng.next() < keep || k === forced ? Math.exp(3 * rng.normal()) : 0;
      data[r * n + k] = v;
      sum += v;
    }
    for (let k = 0; k < n; k++) data[r * n + k]! /= sum;
  }
  const raw = { data, shape: [L, 1, n, n] };
  return { L, n, raw, caps: prepareAttention('bench', raw, { residual: false }).data };
}

/** Deterministic sample of `k` (o, t) pairs at the top layer. */
function samplePairs(n: number, k: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < k; i++) out.push([(i * 37 + 5) % n, (i * 53 + 11) % n]);
  return out;
}

/**
 * Our solver time per pair (ms): all pairs of `rows` output rows at the top layer, buffers reused. `'rows'` (the
 * default, what attentionFlow runs): `solveRows`, rows sharing their upper flow; `'pairs'`: one `solve` per pair.
 */
function solverPerPair(g: Graph, rows: number[], mode: 'rows' | 'pairs' = 'rows'): number {
  const solver = new LayeredFlowSolver(g.caps, g.L, g.n);
  const sources = Int32Array.from(rows);
  const out = new Float64Array(rows.length * g.n);
  let sink = 0;
  const ms = timeIt(() => {
    if (mode === 'rows') solver.solveRows(g.L, sources, 0, rows.length, out, 0);
    else for (const o of rows) for (let t = 0; t < g.n; t++) sink += solver.solve(g.L, o, t);
  }, QUICK ? 2 : 5, QUICK ? 100 : 400);
  if (Number.isNaN(sink) || out.some(Number.isNaN)) throw new Error('NaN');
  return ms / (rows.length * g.n);
}

function shell(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

interface NxGraphSpec {
  id: string;
  L: number;
  n: number;
  caps: number[];
  pairs: Array<[number, number, number]>;
  algos: string[];
}
interface NxResult {
  networkx: string;
  numpy: string;
  python: string;
  graphs: Array<{ id: string; buildSeconds: number; edges: number; algos: Record<string, { seconds: number[]; values: number[] }> }>;
}

function runNetworkx(graphs: NxGraphSpec[]): NxResult | undefined {
  if (shell('python3', ['-c', 'import networkx, numpy; print(networkx.__version__)']) === '') return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'faithcheck-flow-'));
  try {
    const inFile = join(dir, 'in.json');
    const outFile = join(dir, 'out.json');
    writeFileSync(inFile, JSON.stringify({ graphs }));
    execFileSync('python3', [new URL('./flow-networkx.py', import.meta.url).pathname, inFile, outFile], { stdio: ['ignore', 'ignore', 'inherit'] });
    return JSON.parse(readFileSync(outFile, 'utf8')) as NxResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------
// measurements
// ---------------------------------------------------------------------------------------------------------

const lines: string[] = [];
const log = (s = ''): void => {
  lines.push(s);
  console.log(s);
};

const cpu = shell('lscpu', []);
const cpuModel = /Model name:\s*(.*)/.exec(cpu)?.[1] ?? 'unknown';
const cpus = /^CPU\(s\):\s*(.*)$/m.exec(cpu)?.[1] ?? String(availableParallelism());
const nxVersion = shell('python3', ['-c', 'import networkx; print(networkx.__version__)']) || 'not available';
const load = shell('cat', ['/proc/loadavg']).split(' ').slice(0, 3).join(' ');

// Headline graphs (per-pair comparison): L = 12, n = 64 and the scaling sweeps.
const headline = makeGraph(12, 64, 1);
const nSweep = [16, 32, 64, 128, ...(QUICK ? [] : [256])];
const lSweep = [2, 4, 6, 12, 24];
const nxPairsHeadline = samplePairs(64, QUICK ? 4 : 12);
const nxSpecs: NxGraphSpec[] = [
  {
    id: 'L12-n64',
    L: 12,
    n: 64,
    caps: Array.from(headline.caps),
    pairs: nxPairsHeadline.map(([o, t]) => [12, o, t]),
    algos: ['preflow_push', 'edmonds_karp'],
  },
];
const sweepGraphs = new Map<string, Graph>();
for (const n of nSweep) sweepGraphs.set(`L12-n${n}`, n === 64 ? headline : makeGraph(12, n, 2));
for (const L of lSweep) if (!sweepGraphs.has(`L${L}-n64`)) sweepGraphs.set(`L${L}-n64`, makeGraph(L, 64, 3));
for (const [id, g] of sweepGraphs) {
  if (id === 'L12-n64' || g.n > 128) continue;
  const k = g.n >= 128 ? 3 : g.n >= 64 ? 4 : 8;
  nxSpecs.push({ id, L: g.L, n: g.n, caps: Array.from(g.caps), pairs: samplePairs(g.n, QUICK ? 2 : k).map(([o, t]) => [g.L, o, t]), algos: ['preflow_push'] });
}
// Small graphs for the reference solvers.
const smallGraphs = [makeGraph(4, 8, 4), makeGraph(6, 12, 5)];
for (const g of smallGraphs) {
  nxSpecs.push({ id: `small-L${g.L}-n${g.n}`, L: g.L, n: g.n, caps: Array.from(g.caps), pairs: samplePairs(g.n, 8).map(([o, t]) => [g.L, o, t]), algos: ['preflow_push', 'edmonds_karp'] });
}

console.error('running networkx …');
const nx = runNetworkx(nxSpecs);
const nxGraph = (id: string) => nx?.graphs.find((g) => g.id === id);
const nxMedianMs = (id: string, algo: string): number | undefined => {
  const a = nxGraph(id)?.algos[algo];
  return a ? median(a.seconds) * 1000 : undefined;
};

// Cross-check values: ours vs networkx on every timed pair.
let maxDiff = 0;
let checked = 0;
for (const spec of nxSpecs) {
  const res = nxGraph(spec.id);
  if (!res) continue;
  const solver = new LayeredFlowSolver(new Float64Array(spec.caps), spec.L, spec.n);
  const rowCache = new Map<string, Float64Array>();
  const rowOf = (layer: number, o: number): Float64Array => {
    let row = rowCache.get(`${layer} ${o}`);
    if (row === undefined) {
      row = new Float64Array(spec.n);
      solver.solveRow(layer, o, row, 0);
      rowCache.set(`${layer} ${o}`, row);
    }
    return row;
  };
  for (const algo of Object.keys(res.algos)) {
    res.algos[algo]!.values.forEach((v, i) => {
      const [layer, o, t] = spec.pairs[i]!;
      // both paths of the solver: the row (attentionFlow's) and the single pair
      maxDiff = Math.max(maxDiff, Math.abs(rowOf(layer, o)[t]! - v), Math.abs(solver.solve(layer, o, t) - v));
      checked++;
    });
  }
}
if (nx && maxDiff > 1e-9) throw new Error(`flow values differ from networkx by ${maxDiff}`);

console.error('timing ours …');
// Headline: per pair at L = 12, n = 64.
const oursHeadline = solverPerPair(headline, Array.from({ length: 64 }, (_, i) => i));
const oursHeadlineBest = lastMin / (64 * 64);
const oursHeadlinePairs = solverPerPair(headline, Array.from({ length: 64 }, (_, i) => i), 'pairs');
const endToEndHeadline = timeIt(() => attentionFlow(headline.raw), QUICK ? 2 : 5) / (64 * 64);
const csrSolver = createMaxFlowSolver(layeredAttentionGraph({ data: headline.caps, shape: [12, 64, 64] }));
const csrHeadline =
  timeIt(() => {
    for (let o = 0; o < 64; o += 4) for (let t = 0; t < 64; t++) csrSolver.maxFlow(12 * 64 + o, t);
  }, QUICK ? 2 : 3) /
  (16 * 64);
const headlineNx = nxMedianMs('L12-n64', 'preflow_push');
const headlineNxEk = nxMedianMs('L12-n64', 'edmonds_karp');

log('# Attention flow: performance');
log();
log('Generated by `npx tsx bench/flow-compare.ts` (bench/flow-compare.ts + bench/flow-networkx.py); do not edit by hand.');
log();
log(`- Machine: ${cpuModel}, ${cpus} CPU(s) (\`lscpu\`); load average at start ${load}`);
log(`- Node ${process.version}; networkx ${nxVersion}${nx ? ` (numpy ${nx.numpy}, Python ${nx.python})` : ''}`);
log(`- Graphs: H = ${HEADS} heads of softmax(z), z ~ N(0, 1) seeded, head mean + residual (Abnar's Â). Times are medians.`);
log(`- Values: ours and networkx agree on all ${checked} timed pairs, max |difference| = ${maxDiff.toExponential(1)}.`);
log();
log('## Per (source, sink) pair, L = 12, n = 64 (832 nodes, 49 152 edges)');
log();
log('| solver | time per pair (median) | networkx preflow_push ÷ this |');
log('|---|---:|---:|');
const ratio = (x: number | undefined, y: number): string => (x === undefined ? 'n/a' : `${(x / y).toFixed(0)}×`);
log(`| faithcheck \`attentionFlow\` solver (layered Dinic, rows sharing their upper flow) | ${us(oursHeadline)} µs (fastest repetition ${us(oursHeadlineBest)} µs) | **${ratio(headlineNx, oursHeadline)}** |`);
log(`| faithcheck layered solver, one \`solve\` per pair (no sharing) | ${us(oursHeadlinePairs)} µs | ${ratio(headlineNx, oursHeadlinePairs)} |`);
log(`| faithcheck \`attentionFlow\` end-to-end (validation + preparation amortised over the 4096 pairs) | ${us(endToEndHeadline)} µs | ${ratio(headlineNx, endToEndHeadline)} |`);
log(`| faithcheck \`createMaxFlowSolver\` on \`layeredAttentionGraph\` (generic CSR Dinic) | ${us(csrHeadline)} µs | ${ratio(headlineNx, csrHeadline)} |`);
log(`| networkx \`maximum_flow_value\` (preflow_push, default) | ${headlineNx === undefined ? 'n/a' : `${fmt(headlineNx)} ms`} | 1× |`);
log(`| networkx \`maximum_flow_value\` (edmonds_karp, Abnar's compute_flows) | ${headlineNxEk === undefined ? 'n/a' : `${fmt(headlineNxEk)} ms`} | ${headlineNxEk === undefined || headlineNx === undefined ? 'n/a' : `${(headlineNx / headlineNxEk).toFixed(2)}×`} |`);
log();
log(`networkx: median over ${nxPairsHeadline.length} sampled pairs (graph construction excluded: ${nxGraph('L12-n64') ? fmt(nxGraph('L12-n64')!.buildSeconds * 1000) : 'n/a'} ms once). Ours: all 4096 pairs of the top layer.`);

// Scaling.
console.error('scaling …');
log();
log('## Scaling: solver time per pair');
log();
log('| L | n | nodes | edges | faithcheck per pair | networkx preflow_push per pair | ratio |');
log('|---:|---:|---:|---:|---:|---:|---:|');
const scaleRows: Array<[number, number]> = [...nSweep.map((n) => [12, n] as [number, number]), ...lSweep.filter((L) => L !== 12).map((L) => [L, 64] as [number, number])];
for (const [L, n] of scaleRows) {
  const g = sweepGraphs.get(`L${L}-n${n}`)!;
  const rows = n >= 256 ? [0, 1, 2, 3] : n >= 128 ? [0, 1, 2, 3, 4, 5, 6, 7] : Array.from({ length: Math.min(n, 32) }, (_, i) => i);
  const ours = solverPerPair(g, rows);
  const nxMs = nxMedianMs(`L${L}-n${n}`, 'preflow_push');
  log(`| ${L} | ${n} | ${(L + 1) * n} | ${L * n * n} | ${us(ours)} µs | ${nxMs === undefined ? 'n/a' : `${fmt(nxMs)} ms`} | ${ratio(nxMs, ours)} |`);
}

// Reference solvers on small graphs.
console.error('reference solvers …');
log();
log('## Reference solvers on small graphs (per pair, top layer)');
log();
log('| L | n | faithcheck auto | generic CSR Dinic | `edmondsKarp` | `lpMaxFlow` (javascript-lp-solver) | networkx preflow_push | networkx edmonds_karp |');
log('|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const g of smallGraphs) {
  const pairs = samplePairs(g.n, 8);
  const graph = layeredAttentionGraph({ data: g.caps, shape: [g.L, g.n, g.n] });
  const csr = createMaxFlowSolver(graph);
  const auto = solverPerPair(g, Array.from({ length: g.n }, (_, i) => i));
  const per = (f: (o: number, t: number) => number): number => timeIt(() => pairs.forEach(([o, t]) => f(o, t)), 3, 200) / pairs.length;
  const dinic = per((o, t) => csr.maxFlow(g.L * g.n + o, t));
  const ek = per((o, t) => edmondsKarp(graph, g.L * g.n + o, t));
  const lp = per((o, t) => lpMaxFlow(graph, g.L * g.n + o, t));
  const id = `small-L${g.L}-n${g.n}`;
  const pp = nxMedianMs(id, 'preflow_push');
  const nek = nxMedianMs(id, 'edmonds_karp');
  log(`| ${g.L} | ${g.n} | ${us(auto)} µs | ${us(dinic)} µs | ${us(ek)} µs | ${fmt(lp)} ms | ${pp === undefined ? 'n/a' : `${fmt(pp)} ms`} | ${nek === undefined ? 'n/a' : `${fmt(nek)} ms`} |`);
}

// Attention distributions (robustness of the early exit).
console.error('distributions …');
log();
log('## Other attention distributions, L = 12, n = 64 (solver per pair)');
log();
log('| attention | per pair |');
log('|---|---:|');
for (const [label, g] of [
  ['softmax(z), 12 heads, residual (headline)', headline],
  ['softmax(2z), 12 heads, residual', makeGraph(12, 64, 6, 2)],
  ['softmax(4z), 12 heads, residual', makeGraph(12, 64, 7, 4)],
  ['softmax(4z), 1 head, residual', makeGraph(12, 64, 8, 4, 1)],
  ['masked softmax(3z), 1 head, no residual, ≈ 10 % non-zeros', maskedGraph(12, 64, 10, 0.1)],
  ['masked softmax(3z), 1 head, no residual, ≈ 3 % non-zeros', maskedGraph(12, 64, 11, 0.03)],
] as Array<[string, Graph]>) {
  log(`| ${label} | ${us(solverPerPair(g, Array.from({ length: 16 }, (_, i) => i * 4)))} µs |`);
}

// BERT-base geometry: full matrix and CLS row.
console.error('full matrix, L = 12, n = 128 …');
const bert = makeGraph(12, 128, 9);
const cls = timeIt(() => attentionFlow(bert.raw, { outputs: [0] }), QUICK ? 3 : 10, 500);
const reps = QUICK ? 1 : 3;
const full1 = timeIt(() => attentionFlow(bert.raw), reps, 0);
const fullW1 = await timeAsync(() => attentionFlowParallel(bert.raw, { workers: 1 }), reps);
const fullW2 = await timeAsync(() => attentionFlowParallel(bert.raw, { workers: 2 }), reps);
const startup = await timeAsync(() => attentionFlowParallel(makeGraph(1, 4, 1).raw, { workers: 2 }), reps);
log();
log('## BERT-base geometry: L = 12, n = 128 (1664 nodes, 196 608 edges), end-to-end from the raw [12, 12, 128, 128] stack');
log();
log('| task | wall time | target |');
log('|---|---:|---:|');
log(`| CLS row (\`outputs: [0]\`, 128 pairs) | ${fmt(cls)} ms | ≤ 150 ms |`);
log(`| full matrix (16 384 pairs), \`attentionFlow\` (1 thread) | ${fmt(full1)} ms | |`);
log(`| full matrix, \`attentionFlowParallel\`, 1 worker (calling thread) | ${fmt(fullW1)} ms | |`);
log(`| full matrix, \`attentionFlowParallel\`, 2 workers | ${fmt(fullW2)} ms | ≤ 10 000 ms |`);
log(`| of which starting 2 workers (tiny input, same loader) | ${fmt(startup)} ms | |`);
log();
log(
  `networkx would need about ${headlineNx === undefined ? 'n/a' : `${((nxMedianMs('L12-n128', 'preflow_push') ?? NaN) * 16384 / 3600e3).toFixed(1)} hours`} for this full matrix (median per-pair time above × 16 384).`,
);
log();
log(`Workers are started from the TypeScript sources through tsx here; from the built package (dist/flowWorker.js) they start faster.`);

// Keep the hand-run sections of other scripts (bench/flow-bert.ts, the issue-13 verdicts) that live in the same file.
let kept = '';
try {
  const old = readFileSync(OUT, 'utf8');
  for (const tag of ['issue13', 'flow-bert']) {
    const s = old.indexOf(`<!-- ${tag}:start -->`);
    const e = old.indexOf(`<!-- ${tag}:end -->`);
    if (s >= 0 && e > s) kept += `\n${old.slice(s, e + `<!-- ${tag}:end -->`.length)}\n`;
  }
} catch {
  // first run: nothing to keep
}
writeFileSync(OUT, `${lines.join('\n')}\n${kept}`);
console.error(`wrote ${OUT.pathname}`);
