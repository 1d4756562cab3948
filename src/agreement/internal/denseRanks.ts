/**
 * Dense ranks of a vector with few distinct values, in O(n + d log d) by hashing (internal).
 *
 * Heavily tied data (scores quantised to a few hundred or thousand levels, integer counts) need no
 * O(n log n) sort: an open-addressing hash table on the values' 64 bits gives every element the id of its value
 * in one pass over the input, the d distinct values are sorted (d ≪ n), and a second pass maps ids to ranks.
 * The pass stops as soon as more than `limit` distinct values are seen (then the caller sorts instead), so
 * untied data costs a small fraction of one pass.
 *
 * @module
 */

/** Dense ranks (ties share a rank; rank order = value order) and the multiplicity of each rank. */
export interface DenseRanks {
  /** rank[i] ∈ [0, d) */
  readonly rank: Int32Array;
  /** counts[r] = number of elements of rank r */
  readonly counts: Int32Array;
  readonly d: number;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Dense ranks of `v` (finite values; −0 and +0 are one value) into `out` (length n), or `null` when `v` has
 * more than `limit` distinct values (at most 2²⁰).
 */
export function denseRanksFew(v: Float64Array, limit: number, out: Int32Array): DenseRanks | null {
  const n = v.length;
  let bits = 4;
  while (1 << bits < 2 * limit) bits++;
  const size = 1 << bits;
  const mask = size - 1;
  const shift = 32 - bits;
  const keys = new Float64Array(size);
  const ids = new Int32Array(size).fill(-1);
  const words = new Uint32Array(v.buffer, v.byteOffset, 2 * n);
  const lo = LITTLE_ENDIAN ? 0 : 1;
  const hi = 1 - lo;
  const values = new Float64Array(limit);
  const counts0 = new Int32Array(limit);
  let d = 0;
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    // −0 hashes as +0 (the two compare equal)
    const h0 = x === 0 ? 0 : words[2 * i + hi]!;
    const l0 = x === 0 ? 0 : words[2 * i + lo]!;
    let slot = Math.imul(Math.imul(h0, 0x9e3779b1) ^ l0, 0x85ebca6b) >>> shift;
    for (;;) {
      const id = ids[slot]!;
      if (id < 0) {
        if (d === limit) return null;
        ids[slot] = d;
        keys[slot] = x;
        values[d] = x;
        counts0[d] = 1;
        out[i] = d++;
        break;
      }
      if (keys[slot] === x) {
        counts0[id]!++;
        out[i] = id;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  // sort the distinct values; id → rank
  const order = new Int32Array(d);
  for (let k = 0; k < d; k++) order[k] = k;
  order.sort((a, b) => values[a]! - values[b]!);
  const rankOf = new Int32Array(d);
  const counts = new Int32Array(d);
  for (let r = 0; r < d; r++) {
    rankOf[order[r]!] = r;
    counts[r] = counts0[order[r]!]!;
  }
  for (let i = 0; i < n; i++) out[i] = rankOf[out[i]!]!;
  return { rank: out, counts, d };
}
