/**
 * Property tests for the code paths of the layered flow solver (issue 13): dense rows (union–find skipping of
 * dead nodes, cyclic wrap), sparse rows (per-row lists), peaky and zero rows, symmetric attention, the bulk
 * layer-2 push, the later Dinic phases, and the undo log that restores the residuals between solves. Every value
 * is checked against the generic CSR Dinic on layeredAttentionGraph(Â) and certified by its minimum cut.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attentionFlow } from '../../src/index.js';
import { capsArb, certifiedFlows, prepare } from '../helpers/flowCases.js';

function check(L: number, n: number, data: Float64Array, residual: boolean, layer: number): void {
  const ref = certifiedFlows(prepare(L, n, data, residual), layer);
  const F = attentionFlow({ data, shape: [L, n, n] }, { residual, rowSumTolerance: Infinity, normalize: false, layer });
  for (let o = 0; o < n; o++) {
    for (let t = 0; t < n; t++) expect(Math.abs(F.data[o * n + t]! - ref[o * n + t]!), `o=${o} t=${t}`).toBeLessThanOrEqual(1e-12);
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
