import fc from 'fast-check';

/** An attention stack `[L, H, n, n]` as a flat Float64Array with its sizes (row = query). */
export interface Stack {
  L: number;
  H: number;
  n: number;
  data: Float64Array;
}

/**
 * A valid stack `[L, H, n, n]`: each row = non-negative weights (exact zeros allowed) divided by their sum;
 * an all-zero row becomes a one-hot row.
 */
export const stackArb = (maxL: number, maxH: number, maxN: number): fc.Arbitrary<Stack> =>
  fc
    .record({ L: fc.integer({ min: 1, max: maxL }), H: fc.integer({ min: 1, max: maxH }), n: fc.integer({ min: 1, max: maxN }) })
    .chain(({ L, H, n }) =>
      fc
        .array(fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1, noNaN: true })), { minLength: L * H * n * n, maxLength: L * H * n * n })
        .map((w) => {
          const data = new Float64Array(w);
          for (let r = 0; r < L * H * n; r++) {
            let s = 0;
            for (let j = 0; j < n; j++) s += data[r * n + j]!;
            if (s === 0) {
              data[r * n + (r % n)] = 1;
              s = 1;
            }
            for (let j = 0; j < n; j++) data[r * n + j] = data[r * n + j]! / s;
          }
          return { L, H, n, data };
        }),
    );
