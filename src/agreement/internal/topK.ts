/**
 * Indices of the k largest values, ties broken by the lower index first (a total, deterministic
 * order: value descending, then index ascending). Returned in that order. O(n log n).
 */
export function topKIndices(v: Float64Array, k: number): Int32Array {
  const n = v.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => v[j]! - v[i]! || i - j);
  return order.slice(0, k);
}
