/**
 * Attention flow benchmarks (vitest bench). Run: npx vitest bench --run --project core bench/flow.bench.ts
 * (without --project every vitest project of vitest.config.ts runs the file).
 *
 * The side-by-side comparison with networkx, the scaling sweeps and the worker timings are in
 * bench/flow-compare.ts (writes bench/results/flow.md); this file tracks the library's own hot paths:
 * - per-pair solves on the layered graph: the specialised solver behind attentionFlow ('auto') vs the generic CSR
 *   Dinic (createMaxFlowSolver on layeredAttentionGraph) vs the plain Edmonds–Karp baseline;
 * - end-to-end attentionFlow calls: CLS row and full matrix at BERT-base geometry (L = 12, n = 128).
 * Every case consumes its result so nothing is dead-code eliminated.
 */
import { bench, describe } from 'vitest';
import { attentionFlow, createMaxFlowSolver, edmondsKarp, layeredAttentionGraph } from '../src/index.js';
import { prepareAttention } from '../src/attention/internal/prepareAttention.js';
import { randomAttention } from './flowData.js';

let sink = 0;
const consume = (x: number): void => {
  sink += x;
  if (Number.isNaN(sink)) throw new Error('NaN flow');
};

function graphOf(L: number, n: number, seed: number) {
  const { raw } = randomAttention(L, 12, n, seed);
  const stack = { data: raw, shape: [L, 12, n, n] };
  const caps = prepareAttention('bench', stack).data;
  return { stack, caps, graph: layeredAttentionGraph({ data: caps, shape: [L, n, n] }) };
}

for (const [L, n] of [
  [12, 16],
  [12, 64],
] as const) {
  const { caps, graph } = graphOf(L, n, 1);
  const rank3 = { data: caps, shape: [L, n, n] };
  const csr = createMaxFlowSolver(graph);
  describe(`one output row (${n} pairs), L = ${L}, n = ${n}`, () => {
    bench('attentionFlow solver (layered Dinic), Â given', () => {
      consume(attentionFlow(rank3, { outputs: [3], residual: false, normalize: false }).data[0]!);
    });
    bench('generic CSR Dinic (createMaxFlowSolver)', () => {
      for (let t = 0; t < n; t++) consume(csr.maxFlow(L * n + 3, t));
    });
    if (n <= 16) {
      bench('Edmonds–Karp baseline', () => {
        for (let t = 0; t < n; t++) consume(edmondsKarp(graph, L * n + 3, t));
      });
    }
  });
}

describe('BERT-base geometry, L = 12, H = 12, n = 128, end-to-end', () => {
  const { stack } = graphOf(12, 128, 9);
  bench('CLS row', () => {
    consume(attentionFlow(stack, { outputs: [0] }).data[5]!);
  });
  bench(
    'full matrix (16 384 pairs, one thread)',
    () => {
      consume(attentionFlow(stack).data[5]!);
    },
    { iterations: 2, time: 0, warmupIterations: 0 },
  );
});
