/**
 * Where the time of attention flow goes at BERT-base length (n = 512, L = 12, H = 12, random softmax attention,
 * Float32Array input). `npx tsx bench/flowProfile.ts [n]` — prints a breakdown (medians of a few runs).
 */
import { attentionFlow } from '../src/attention/attentionFlow.js';
import { setupFlow } from '../src/attention/maxflow/internal/flowSetup.js';
import { LayeredFlowSolver } from '../src/attention/maxflow/internal/layeredSolver.js';
import { randomAttention } from './flowData.js';

const n = Number(process.argv[2] ?? 512);
const L = 12;
const H = 12;
const { raw } = randomAttention(L, H, n, 7);
const input = { data: Float32Array.from(raw), shape: [L, H, n, n] };
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const time = (f: () => unknown, reps = 5): number => {
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  return med(ts);
};
const { job } = setupFlow('attentionFlow', input, { outputs: [0] });
console.log(`n = ${n}: input ${(input.data.byteLength / 2 ** 20).toFixed(0)} MB float32, Â ${(job.caps.byteLength / 2 ** 20).toFixed(0)} MB`);
console.log(`setupFlow (validate + fuse heads + residual + rownorm): ${time(() => setupFlow('attentionFlow', input, { outputs: [0] })).toFixed(1)} ms`);
console.log(`LayeredFlowSolver constructor (row sums and minima, layer 1 transposed, diagonals; residuals copied on first use): ${time(() => new LayeredFlowSolver(job.caps, L, n)).toFixed(1)} ms`);
const solver = new LayeredFlowSolver(job.caps, L, n);
const out = new Float64Array(n);
const rowTime = (s: number): number => time(() => solver.solveRow(L, s, out, 0), 3);
const pairTime = (s: number): number => time(() => { for (let t = 0; t < n; t++) solver.solve(L, s, t); }, 3);
console.log(`solveRow (rows share the upper flow), solver reused: CLS row ${rowTime(0).toFixed(1)} ms; row 1: ${rowTime(1).toFixed(1)} ms; row 100: ${rowTime(100).toFixed(1)} ms`);
console.log(`one solve per pair, CLS row: ${pairTime(0).toFixed(1)} ms`);
console.log('pairs of the rows above: restricted / fell back / solved directly', solver.stats);
console.log(`attentionFlow end-to-end CLS row: ${time(() => attentionFlow(input, { outputs: [0] }), 3).toFixed(1)} ms`);
