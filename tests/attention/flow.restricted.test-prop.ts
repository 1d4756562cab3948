/**
 * Property tests for the row solver's shared upper flow (issue 13): `LayeredFlowSolver.solveRow` routes the
 * source's out-capacity down to layer m once per row and solves each sink on the restricted problem below it,
 * falling back to a full solve when that falls short of the bound. Every value is checked against the generic
 * CSR Dinic certified by its minimum cut, and against the per-pair `solve`; m = 2 and 3 make the restricted
 * problem fail often, so both the restricted path and the fallback run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { descendRowsJs, LayeredFlowSolver } from '../../src/attention/maxflow/internal/layeredSolver.js';
import { simdMatmul } from '../../src/attention/internal/matmulSimd.js';
import { createRng } from '../../src/index.js';
import { capsArb, certifiedFlows, prepare } from '../helpers/flowCases.js';
import { softmaxStack } from '../helpers/attention.js';
import { normalizeStack, prepareResolved, prepareResolvedWithStats, resolvePrepareOptions } from '../../src/attention/internal/prepareAttention.js';

function checkRows(A: number[][][], layer: number, m: number, stats: { restricted: number; fallbacks: number; direct: number }): void {
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
  stats.direct += solver.stats.direct;
}

describe('solveRow: shared upper flow + restricted problem, with fallback (= generic Dinic = min cut)', () => {
  it('mixed dense, sparse, peaky, zero and one-hot rows, with and without the residual, m = 2, 3, 4', () => {
    const stats = { restricted: 0, fallbacks: 0, direct: 0 };
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
    const stats = { restricted: 0, fallbacks: 0, direct: 0 };
    fc.assert(
      fc.property(capsArb(7, 2, 9, true, 5), fc.boolean(), fc.constantFrom(2, 4), ({ L, n, data }, residual, m) => checkRows(prepare(L, n, data, residual), L, m, stats)),
      { numRuns: 25 },
    );
  }, 120_000);

  it('softmax attention with the residual (the case the restriction is built for), n = 24, L = 8', () => {
    for (const [seed, m] of [[3, 4], [5, 3], [9, 2]] as const) {
      const { data } = softmaxStack(8, 1, 24, seed);
      const stats = { restricted: 0, fallbacks: 0, direct: 0 };
      checkRows(prepare(8, 24, data, true), 8, m, stats);
      if (m === 4) expect(stats.restricted).toBeGreaterThan(0);
      // m = 2 always falls short on this data: 8 attempts per row, then the row gives up on the restriction
      if (m === 2) expect([stats.fallbacks, stats.direct]).toEqual([8 * 24, 16 * 24]);
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
    const stats = { restricted: 0, fallbacks: 0, direct: 0 };
    checkRows(A, 6, 4, stats);
    const solver = new LayeredFlowSolver(Float64Array.from(A.flat(2)), 6, n);
    const row = new Float64Array(n);
    solver.solveRow(6, 0, row, 0);
    for (let t = 0; t < n; t++) expect(row[t]).toBeCloseTo(0.99, 14);
    expect(solver.stats.fallbacks).toBe(n);
  });

  it('rows computed in blocks (SIMD descent) equal rows computed one at a time (JavaScript descent), bit for bit', () => {
    for (const [n, seed] of [[16, 11], [22, 12], [13, 13]] as const) {
      const { data } = softmaxStack(8, 1, n, seed);
      const A = prepare(8, n, data, true);
      const caps = Float64Array.from(A.flat(2));
      const sources = Int32Array.from({ length: n }, (_, i) => (i * 5) % n);
      const block = new Float64Array(n * n);
      new LayeredFlowSolver(caps, 8, n).solveRows(8, sources, 0, n, block, 0);
      const single = new LayeredFlowSolver(caps, 8, n);
      const row = new Float64Array(n);
      for (let r = 0; r < n; r++) {
        single.solveRow(8, sources[r]!, row, 0);
        for (let t = 0; t < n; t++) expect(block[r * n + t], `n=${n} r=${r} t=${t}`).toBe(row[t]);
      }
    }
  });

  it('the JavaScript descent product has the SIMD kernel\'s order of operations (same bits), zero fractions skipped', () => {
    const rng = createRng(5);
    for (const [rows, n] of [[4, 2], [8, 30], [16, 64], [4, 130]] as const) {
      const F = Float64Array.from({ length: rows * n }, () => (rng.next() < 0.3 ? 0 : rng.next()));
      const caps = Float64Array.from({ length: 3 * n * n }, () => rng.next() ** 3);
      const viaSimd = new Float64Array(rows * n);
      expect(simdMatmul(viaSimd, 0, F, 0, caps, n * n, rows, n)).toBe(true);
      const viaJs = new Float64Array(rows * n).fill(7);
      descendRowsJs(viaJs, F, caps, n * n, rows, n);
      expect(Array.from(viaJs)).toEqual(Array.from(viaSimd));
    }
  });

  it('prepareResolvedWithStats: the same Â to rounding, and the exact row sums and minima of it (mean, max, residual or not)', () => {
    for (const [opts, seed] of [[{}, 1], [{ residual: false }, 2], [{ headFusion: 'max' as const }, 3], [{ discardRatio: 0.3 }, 4]] as const) {
      const { data, shape } = softmaxStack(3, 4, 9, seed);
      const stack = normalizeStack('t', { data, shape });
      const o = resolvePrepareOptions('t', { rowSumTolerance: Infinity, ...opts });
      const ref = prepareResolved('t', stack, o).data;
      const got = prepareResolvedWithStats('t', stack, o);
      for (let c = 0; c < ref.length; c++) expect(Math.abs(got.data[c]! - ref[c]!)).toBeLessThanOrEqual(4e-16 * Math.max(1, ref[c]!));
      for (let r = 0; r < 3 * 9; r++) {
        let sum = 0;
        let min = Infinity;
        for (let j = 0; j < 9; j++) {
          sum += got.data[r * 9 + j]!;
          min = Math.min(min, got.data[r * 9 + j]!);
        }
        expect(got.rowSum[r]).toBe(sum);
        expect(got.rowMin[r]).toBe(min);
      }
      // the solver given these statistics computes what it computes from its own pass
      const withStats = new Float64Array(81);
      const without = new Float64Array(81);
      const all = Int32Array.from({ length: 9 }, (_, i) => i);
      new LayeredFlowSolver(got.data, 3, 9, 4, got).solveRows(3, all, 0, 9, withStats, 0);
      new LayeredFlowSolver(got.data, 3, 9).solveRows(3, all, 0, 9, without, 0);
      expect(Array.from(withStats)).toEqual(Array.from(without));
    }
  });
});
