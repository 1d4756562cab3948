/** Shared generators of layered-flow test cases (property tests of the flow solver). */
import fc from 'fast-check';
import { expect } from 'vitest';
import { createMaxFlowSolver, layeredAttentionGraph } from '../../src/index.js';

export type Kind = 'dense' | 'sparse' | 'peaky' | 'zero' | 'onehot';

/** A rank-3 stack [L, n, n] of non-negative weights, row by row of the given kinds (not normalised). */
export const capsArb = (maxL: number, minN: number, maxN: number, symmetric: boolean, minL = 1) =>
  fc
    .record({ L: fc.integer({ min: minL, max: maxL }), n: fc.integer({ min: minN, max: maxN }), seed: fc.integer({ min: 1, max: 2 ** 30 }) })
    .chain(({ L, n, seed }) =>
      fc
        .array(fc.constantFrom<Kind>('dense', 'dense', 'sparse', 'peaky', 'zero', 'onehot'), { minLength: L * n, maxLength: L * n })
        .map((kinds) => {
          let x = seed;
          const rand = (): number => {
            x = (Math.imul(x, 1103515245) + 12345) >>> 0;
            return (x >>> 8) / 2 ** 24;
          };
          const data = new Float64Array(L * n * n);
          for (let r = 0; r < L * n; r++) {
            const kind = kinds[r]!;
            for (let j = 0; j < n; j++) {
              const u = rand();
              data[r * n + j] =
                kind === 'dense' ? Math.exp(2 * (u - 0.5))
                : kind === 'sparse' ? (u < 0.3 ? u : 0)
                : kind === 'peaky' ? Math.exp(12 * u)
                : kind === 'onehot' ? (j === (r * 7) % n ? 1 : 0)
                : 0;
            }
          }
          if (symmetric) {
            for (let l = 0; l < L; l++)
              for (let a = 0; a < n; a++)
                for (let b = 0; b < a; b++) {
                  const v = data[(l * n + a) * n + b]! + data[(l * n + b) * n + a]!;
                  data[(l * n + a) * n + b] = v;
                  data[(l * n + b) * n + a] = v;
                }
          }
          return { L, n, data };
        }),
    );

/** Â = rownorm(A + I) or rownorm(A), zero rows kept at 0 (computed here, independently of the library). */
export function prepare(L: number, n: number, data: Float64Array, residual: boolean): number[][][] {
  const out: number[][][] = [];
  for (let l = 0; l < L; l++) {
    const m: number[][] = [];
    for (let q = 0; q < n; q++) {
      const row = Array.from({ length: n }, (_, k) => data[(l * n + q) * n + k]! + (residual && q === k ? 1 : 0));
      const sum = row.reduce((a, b) => a + b, 0);
      m.push(row.map((v) => (sum > 0 ? v / sum : 0)));
    }
    out.push(m);
  }
  return out;
}


/**
 * Max flows from every node of read-out layer `layer` to every input token, `[n, n]` row-major, by the generic CSR
 * Dinic on layeredAttentionGraph(A); each value is checked against the capacity of the minimum cut the solver
 * reports (to 1e-12), so it is certified independently of the layered solver.
 */
export function certifiedFlows(A: number[][][], layer: number): Float64Array {
  const L = A.length;
  const n = A[0]!.length;
  const solver = createMaxFlowSolver(layeredAttentionGraph(A));
  const out = new Float64Array(n * n);
  for (let o = 0; o < n; o++) {
    for (let t = 0; t < n; t++) {
      const ref = solver.maxFlow(layer * n + o, t);
      const side = solver.minCut();
      let cut = 0;
      for (let i = 1; i <= L; i++)
        for (let kf = 0; kf < n; kf++)
          for (let kt = 0; kt < n; kt++) if (side[i * n + kf] === 1 && side[(i - 1) * n + kt] !== 1) cut += A[i - 1]![kf]![kt]!;
      expect(Math.abs(ref - cut), `cut o=${o} t=${t}`).toBeLessThanOrEqual(1e-12);
      out[o * n + t] = ref;
    }
  }
  return out;
}
