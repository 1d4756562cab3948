/**
 * Property tests for the row solver's shared upper flow (issue 13): `LayeredFlowSolver.solveRow` routes the
 * source's out-capacity down to layer m once per row and solves each sink on the restricted problem below it,
 * falling back to a full solve when that falls short of the bound. Every value is checked against the generic
 * CSR Dinic certified by its minimum cut, and against the per-pair `solve`; m = 2 and 3 make the restricted
 * problem fail often, so both the restricted path and the fallback run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LayeredFlowSolver } from '../../src/attention/maxflow/internal/layeredSolver.js';
import { capsArb, certifiedFlows, prepare } from '../helpers/flowCases.js';
import { softmaxStack } from '../helpers/attention.js';

function checkRows(A: number[][][], layer: number, m: number, stats: { restricted: number; fallbacks: number }): void {
  const L = A.length;
  const n = A[0]!.length;
  const ref = certifiedFlows(A, layer);
  const solver = new LayeredFlowSolver(Float64Array.from(A.flat(2)), L, n, m);
  const row = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    solver.solveRow(layer, s, row, 0);
    for (let t = 0; t < n; t++) {
      expect(Math.abs(row[t]! - ref[s * n + t]!), `m=${m} s=${s} t=${t}`).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(row[t]! - solver.solve(layer, s, t)), `solve m=${m} s=${s} t=${t}`).toBeLessThanOrEqual(1e-12);
    }
  }
  stats.restricted += solver.stats.restricted;
  stats.fallbacks += solver.stats.fallbacks;
}

describe('solveRow: shared upper flow + restricted problem, with fallback (= generic Dinic = min cut)', () => {
  it('mixed dense, sparse, peaky, zero and one-hot rows, with and without the residual, m = 2, 3, 4', () => {
    const stats = { restricted: 0, fallbacks: 0 };
    fc.assert(
      fc.property(capsArb(8, 2, 10, false, 4), fc.boolean(), fc.constantFrom(2, 3, 4), fc.integer({ min: 0, max: 8 }), ({ L, n, data }, residual, m, dl) => {
        const A = prepare(L, n, data, residual);
        checkRows(A, Math.max(1, L - (dl % 3)), m, stats);
      }),
      { numRuns: 60 },
    );
    expect(stats.restricted).toBeGreaterThan(0);
    expect(stats.fallbacks).toBeGreaterThan(0);
  }, 120_000);

  it('symmetric attention', () => {
    const stats = { restricted: 0, fallbacks: 0 };
    fc.assert(
      fc.property(capsArb(7, 2, 9, true, 5), fc.boolean(), fc.constantFrom(2, 4), ({ L, n, data }, residual, m) => checkRows(prepare(L, n, data, residual), L, m, stats)),
      { numRuns: 25 },
    );
  }, 120_000);

  it('softmax attention with the residual (the case the restriction is built for), n = 24, L = 8', () => {
    for (const [seed, m] of [[3, 4], [5, 3], [9, 2]] as const) {
      const { data } = softmaxStack(8, 1, 24, seed);
      const stats = { restricted: 0, fallbacks: 0 };
      checkRows(prepare(8, 24, data, true), 8, m, stats);
      if (m === 4) expect(stats.restricted).toBeGreaterThan(0);
      if (m === 2) expect(stats.fallbacks).toBeGreaterThan(0);
    }
  }, 120_000);

  it('a bottleneck above layer m (a zero row takes 1 % of the source mass) is not hidden by the restricted problem', () => {
    // L = 6, n = 4, no residual: uniform rows, except the source row [0.97, 0.01, 0.01, 0.01] and a zero row at
    // node (5, 3). Max flow = 0.99 to every token, below the bound min(1, 1) = 1: the restricted problem falls
    // short and the pair is solved from scratch (a supply that exceeded what the upper layers carry would show).
    const n = 4;
    const A = Array.from({ length: 6 }, () => Array.from({ length: n }, () => Array.from({ length: n }, () => 1 / n)));
    A[5]![0] = [0.97, 0.01, 0.01, 0.01];
    A[4]![3] = [0, 0, 0, 0];
    const stats = { restricted: 0, fallbacks: 0 };
    checkRows(A, 6, 4, stats);
    const solver = new LayeredFlowSolver(Float64Array.from(A.flat(2)), 6, n);
    const row = new Float64Array(n);
    solver.solveRow(6, 0, row, 0);
    for (let t = 0; t < n; t++) expect(row[t]).toBeCloseTo(0.99, 14);
    expect(solver.stats.fallbacks).toBe(n);
  });
});
