/**
 * Sliding windows of `occlusion` (pure, no model). Not re-exported.
 *
 * @module
 */

/**
 * Windows of width `window` and step `stride` over `m` positions, as Captum's `Occlusion` lays them out:
 * `⌈(m − window) / stride⌉ + 1` windows starting at `0, stride, 2·stride, …`; the last one is cut at `m`
 * when the steps do not land on `m − window`. Returns `[start, end)` pairs (indices into the `m`
 * positions) and, per position, how many windows cover it.
 *
 * @example
 * const cut = occlusionWindows(5, 2, 2);
 * cut.starts; // => Int32Array [0, 2, 4]
 * cut.ends; // => Int32Array [2, 4, 5]  (the last window is cut at m = 5)
 * occlusionWindows(4, 3, 1).coverage; // => Int32Array [1, 2, 2, 1]
 */
export function occlusionWindows(m: number, window: number, stride: number): { starts: Int32Array; ends: Int32Array; coverage: Int32Array } {
  const count = Math.ceil((m - window) / stride) + 1;
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  const coverage = new Int32Array(m);
  for (let k = 0; k < count; k++) {
    starts[k] = k * stride;
    ends[k] = Math.min(k * stride + window, m);
    for (let j = starts[k]!; j < ends[k]!; j++) coverage[j]!++;
  }
  return { starts, ends, coverage };
}
