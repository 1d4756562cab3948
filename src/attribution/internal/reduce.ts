/**
 * Reduction of an `[n, d]` attribution over the embedding dimension to one score per token. Pure math.
 *
 * @module
 */

/**
 * How token scores are formed from an `[n, d]` attribution φ, per token i:
 * - `'sum'`: Σ_k φ[i, k] (signed; ferret's and Captum tutorials' `attributions.sum(-1)`);
 * - `'absSum'`: Σ_k |φ[i, k]| (L1 norm);
 * - `'l2'`: √(Σ_k φ[i, k]²) (L2 norm);
 * - `'absOfSum'`: |Σ_k φ[i, k]| (Jain & Wallace's `|Σ_d g·e|` for gradient × input).
 */
export type AttributionReduce = 'sum' | 'absSum' | 'l2' | 'absOfSum';

/** Every {@link AttributionReduce} name. */
export const ATTRIBUTION_REDUCES: readonly AttributionReduce[] = Object.freeze(['sum', 'absSum', 'l2', 'absOfSum']);

/**
 * Reduce `data` (`[n, d]`, row-major) over its second axis into a fresh `Float64Array(n)`.
 *
 * @example
 * const phi = [1, -2, 3, 4]; // [[1, -2], [3, 4]]
 * reduceAttributions(phi, 2, 2, 'sum'); // => Float64Array [-1, 7]
 * reduceAttributions(phi, 2, 2, 'absSum'); // => Float64Array [3, 7]
 * reduceAttributions(phi, 2, 2, 'l2'); // => Float64Array [2.23606797749979, 5]
 * reduceAttributions(phi, 2, 2, 'absOfSum'); // => Float64Array [1, 7]
 */
export function reduceAttributions(data: ArrayLike<number>, n: number, d: number, reduce: AttributionReduce): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let s = 0;
    switch (reduce) {
      case 'sum':
        for (let k = 0; k < d; k++) s += data[o + k]!;
        break;
      case 'absSum':
        for (let k = 0; k < d; k++) s += Math.abs(data[o + k]!);
        break;
      case 'l2':
        for (let k = 0; k < d; k++) s += data[o + k]! * data[o + k]!;
        s = Math.sqrt(s);
        break;
      case 'absOfSum':
        for (let k = 0; k < d; k++) s += data[o + k]!;
        s = Math.abs(s);
        break;
    }
    out[i] = s;
  }
  return out;
}
