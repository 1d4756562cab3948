import { sortOrder } from './radix.js';

/**
 * Twice the average (mid-) ranks of `v`, 1-based: tied values share 2·(mean of their positions),
 * an integer, so every later sum of ranks is exact. O(n log n).
 */
export function doubledMidranks(v: Float64Array): Float64Array {
  const n = v.length;
  const order = sortOrder(v);
  const out = new Float64Array(n);
  let start = 0;
  for (let k = 1; k <= n; k++) {
    if (k === n || v[order[k]!] !== v[order[start]!]) {
      // positions start+1 … k share the rank (start + 1 + k)/2
      const twice = start + 1 + k;
      for (let i = start; i < k; i++) out[order[i]!] = twice;
      start = k;
    }
  }
  return out;
}

/** True when every element equals the first (scipy's constant-input test). */
export function isConstant(v: Float64Array): boolean {
  const first = v[0]!;
  for (let i = 1; i < v.length; i++) if (v[i] !== first) return false;
  return true;
}
