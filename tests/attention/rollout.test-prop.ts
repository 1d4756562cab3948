/**
 * Axioms of attention rollout (fast-check): rows stay stochastic, `outputs` rows equal rows of the full
 * matrix, one layer gives Â_1, heads are exchangeable.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attentionRollout, attentionRolloutLayers, type AttentionRolloutOptions } from '../../src/index.js';
import { stackArb as sharedStackArb, type Stack } from '../helpers/arbitraries.js';
import { expectClose } from '../helpers/close.js';

const stackArb = (maxL = 4, maxH = 3, maxN = 6): fc.Arbitrary<Stack> => sharedStackArb(maxL, maxH, maxN);

const optionsArb = (L: number): fc.Arbitrary<AttentionRolloutOptions> =>
  fc.record(
    {
      headFusion: fc.constantFrom('mean' as const, 'max' as const, 'min' as const),
      residual: fc.boolean(),
      discardRatio: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.95, noNaN: true })),
      startLayer: fc.integer({ min: 0, max: L - 1 }),
    },
    { requiredKeys: [] },
  );

const caseArb = stackArb().chain((s) => optionsArb(s.L).map((o) => ({ s, o })));
const tensor = (s: Stack) => ({ data: s.data, shape: [s.L, s.H, s.n, s.n] });

describe('attentionRollout properties', () => {
  it('rows of the rollout are non-negative and sum to 1 (at most 1 without the residual when a discard or a min fusion empties a row of some Â_l)', () => {
    fc.assert(
      fc.property(caseArb, ({ s, o }) => {
        const r = attentionRollout(tensor(s), o);
        const canVanish = o.residual === false && ((o.discardRatio ?? 0) > 0 || o.headFusion === 'min');
        for (let i = 0; i < s.n; i++) {
          let sum = 0;
          for (let j = 0; j < s.n; j++) {
            const v = r.data[i * s.n + j]!;
            expect(v).toBeGreaterThanOrEqual(0);
            sum += v;
          }
          if (canVanish) expect(sum).toBeLessThan(1 + 1e-12);
          else expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
        }
      }),
    );
  });

  it('with the residual, rows are always stochastic (the identity keeps every row alive)', () => {
    fc.assert(
      fc.property(caseArb, ({ s, o }) => {
        const r = attentionRolloutLayers(tensor(s), { ...o, residual: true });
        for (let k = 0; k < r.data.length / s.n; k++) {
          let sum = 0;
          for (let j = 0; j < s.n; j++) sum += r.data[k * s.n + j]!;
          expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
        }
      }),
    );
  });

  it('outputs rows equal the corresponding rows of the full matrix, for every layer too', () => {
    const arb = caseArb.chain(({ s, o }) =>
      fc.array(fc.integer({ min: 0, max: s.n - 1 }), { minLength: 1, maxLength: 2 * s.n + 1 }).map((outputs) => ({ s, o, outputs })),
    );
    fc.assert(
      fc.property(arb, ({ s, o, outputs }) => {
        const full = attentionRollout(tensor(s), o);
        const part = attentionRollout(tensor(s), { ...o, outputs });
        expect(part.shape).toEqual([outputs.length, s.n]);
        const want = outputs.flatMap((i) => Array.from(full.data.subarray(i * s.n, (i + 1) * s.n)));
        expectClose(part.data, want, 1e-12, { floor: 1e-100 });
        const fullL = attentionRolloutLayers(tensor(s), o);
        const partL = attentionRolloutLayers(tensor(s), { ...o, outputs });
        const count = fullL.shape[0]!;
        expect(partL.shape).toEqual([count, outputs.length, s.n]);
        const wantL: number[] = [];
        for (let l = 0; l < count; l++) for (const i of outputs) wantL.push(...fullL.data.subarray((l * s.n + i) * s.n, (l * s.n + i + 1) * s.n));
        expectClose(partL.data, wantL, 1e-12, { floor: 1e-100 });
        // the last layer of attentionRolloutLayers is attentionRollout
        expectClose(fullL.data.subarray((count - 1) * s.n * s.n), full.data, 1e-12, { floor: 1e-100 });
      }),
    );
  });

  it('one layer: the rollout is Â_1 = rownorm(fuse_h(A) + I) (no discard)', () => {
    const arb = stackArb(1).chain((s) =>
      fc.record({ headFusion: fc.constantFrom('mean' as const, 'max' as const, 'min' as const), residual: fc.boolean() }).map((o) => ({ s, o })),
    );
    fc.assert(
      fc.property(arb, ({ s, o }) => {
        const { H, n, data } = s;
        const want: number[] = [];
        for (let i = 0; i < n; i++) {
          const row: number[] = [];
          for (let j = 0; j < n; j++) {
            const vals = Array.from({ length: H }, (_, h) => data[(h * n + i) * n + j]!);
            const f = o.headFusion === 'max' ? Math.max(...vals) : o.headFusion === 'min' ? Math.min(...vals) : vals.reduce((a, b) => a + b, 0) / H;
            row.push(f + (o.residual && i === j ? 1 : 0));
          }
          const sum = row.reduce((a, b) => a + b, 0);
          want.push(...row.map((v) => (sum > 0 ? v / sum : 0)));
        }
        expectClose(attentionRollout(tensor(s), o).data, want, 1e-12, { floor: 1e-100 });
      }),
    );
  });

  it('permuting the heads of every layer does not change the rollout', () => {
    const arb = caseArb.chain(({ s, o }) => fc.shuffledSubarray(Array.from({ length: s.H }, (_, h) => h), { minLength: s.H, maxLength: s.H }).map((perm) => ({ s, o, perm })));
    fc.assert(
      fc.property(arb, ({ s, o, perm }) => {
        const { L, H, n, data } = s;
        const nn = n * n;
        const permuted = new Float64Array(data.length);
        for (let l = 0; l < L; l++) for (let h = 0; h < H; h++) permuted.set(data.subarray((l * H + perm[h]!) * nn, (l * H + perm[h]! + 1) * nn), (l * H + h) * nn);
        const a = attentionRollout(tensor(s), o);
        const b = attentionRollout({ data: permuted, shape: [L, H, n, n] }, o);
        // a mean over permuted heads can round differently, which can reorder exact ties in the discard:
        // compare only when no discard happens or the fusion is exact (max/min)
        if ((o.discardRatio ?? 0) > 0 && (o.headFusion ?? 'mean') === 'mean') return;
        expectClose(b.data, a.data, 1e-12, { floor: 1e-100 });
      }),
    );
  });
});
