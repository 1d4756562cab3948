/**
 * Property tests for the code paths of the layered flow solver (issue 13): dense rows (union–find skipping of
 * dead nodes, cyclic wrap), sparse rows (per-row lists), peaky and zero rows, symmetric attention, the bulk
 * layer-2 push, the later Dinic phases, and the undo log that restores the residuals between solves. Every value
 * is checked against the generic CSR Dinic on layeredAttentionGraph(Â) and certified by its minimum cut.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attentionFlow, createMaxFlowSolver, layeredAttentionGraph } from '../../src/index.js';

type Kind = 'dense' | 'sparse' | 'peaky' | 'zero' | 'onehot';

/** A rank-3 stack [L, n, n] of non-negative weights, row by row of the given kinds (not normalised). */
const capsArb = (maxL: number, minN: number, maxN: number, symmetric: boolean) =>
  fc
    .record({ L: fc.integer({ min: 1, max: maxL }), n: fc.integer({ min: minN, max: maxN }), seed: fc.integer({ min: 1, max: 2 ** 30 }) })
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
function prepare(L: number, n: number, data: Float64Array, residual: boolean): number[][][] {
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

function check(L: number, n: number, data: Float64Array, residual: boolean, layer: number): void {
  const A = prepare(L, n, data, residual);
  const F = attentionFlow({ data, shape: [L, n, n] }, { residual, rowSumTolerance: Infinity, normalize: false, layer });
  const g = layeredAttentionGraph(A);
  const solver = createMaxFlowSolver(g);
  for (let o = 0; o < n; o++) {
    for (let t = 0; t < n; t++) {
      const ref = solver.maxFlow(layer * n + o, t);
      const side = solver.minCut();
      let cut = 0;
      for (let i = 1; i <= L; i++)
        for (let kf = 0; kf < n; kf++)
          for (let kt = 0; kt < n; kt++) if (side[i * n + kf] === 1 && side[(i - 1) * n + kt] !== 1) cut += A[i - 1]![kf]![kt]!;
      const f = F.data[o * n + t]!;
      expect(Math.abs(f - ref), `o=${o} t=${t}`).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(f - cut), `cut o=${o} t=${t}`).toBeLessThanOrEqual(1e-12);
    }
  }
}

describe('layered solver code paths (auto = generic Dinic = min cut)', () => {
  it('mixed dense, sparse, peaky, zero and one-hot rows, with and without the residual, every read-out layer', () => {
    fc.assert(
      fc.property(capsArb(5, 2, 14, false), fc.boolean(), fc.integer({ min: 1, max: 5 }), ({ L, n, data }, residual, layer) => {
        check(L, n, data, residual, Math.min(layer, L));
      }),
      { numRuns: 80 },
    );
  }, 60_000);

  it('symmetric attention', () => {
    fc.assert(
      fc.property(capsArb(4, 2, 12, true), fc.boolean(), ({ L, n, data }, residual) => check(L, n, data, residual, L)),
      { numRuns: 40 },
    );
  }, 60_000);

  it('larger n (wrap-around of the union–find scan, many dead layer-1 nodes), top layer', () => {
    fc.assert(
      fc.property(capsArb(4, 20, 32, false), fc.boolean(), ({ L, n, data }, residual) => check(L, n, data, residual, L)),
      { numRuns: 6 },
    );
  }, 120_000);

  it('results do not depend on the order of solves (the undo log restores every residual)', () => {
    fc.assert(
      fc.property(capsArb(5, 2, 16, false), fc.boolean(), fc.integer({ min: 1, max: 2 ** 30 }), ({ L, n, data }, residual, seed) => {
        const opts = { residual, rowSumTolerance: Infinity, normalize: false } as const;
        const full = attentionFlow({ data, shape: [L, n, n] }, opts).data;
        const order = Array.from({ length: 2 * n }, (_, i) => (Math.imul(i + 1, seed) >>> 0) % n);
        const shuffled = attentionFlow({ data, shape: [L, n, n] }, { ...opts, outputs: order }).data;
        for (let r = 0; r < order.length; r++) {
          for (let t = 0; t < n; t++) expect(shuffled[r * n + t]).toBe(full[order[r]! * n + t]);
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
