/**
 * Pair counts behind Kendall's τ (Knight 1966, "A computer method for calculating Kendall's tau
 * with ungrouped data"), in O(n log n) time and exact integer arithmetic:
 *
 * 1. rank y densely (ties share a rank), in one sort;
 * 2. sort the pairs by x carrying y's rank, then order each run of tied x by y's rank;
 * 3. the discordant pairs are the strict inversions of that rank sequence, counted with a
 *    Fenwick tree (split in two levels for many distinct values, so both stay in cache).
 *
 * Inputs of 128 or more are radix-sorted on order-preserving 64-bit keys (see ./radix.ts); smaller
 * ones with a comparison sort. Counts are float64 integers, exact while n(n−1)/2 < 2⁵³
 * (n ≤ 134 million).
 *
 * The tie statistics are returned in the form scipy's `kendalltau` uses (including the float64
 * sums x0, x1, y0, y1 in numpy's summation order), so the asymptotic variance can be reproduced
 * operation for operation.
 *
 * @module
 */
import { numpySum } from '../../internal/special/float.js';
import { RADIX_THRESHOLD, type RadixMode, radixMode, sortRecords } from './radix.js';
import { scratchBuffer } from './scratch.js';
import { denseRanksFew } from './denseRanks.js';

/** Pair counts and tie statistics of a paired sample, as scipy's `kendalltau` computes them. */
export interface KendallCounts {
  /** Sample size. */
  n: number;
  /** n(n − 1)/2. */
  tot: number;
  /** Discordant pairs: (xᵢ − xⱼ)(yᵢ − yⱼ) < 0. */
  dis: number;
  /** Pairs tied in x (whether or not also tied in y). */
  xtie: number;
  /** Pairs tied in y. */
  ytie: number;
  /** Pairs tied in both x and y. */
  ntie: number;
  /** Σ t(t−1)(t−2) over x's tie groups (float64, numpy's pairwise order). */
  x0: number;
  /** Σ t(t−1)(2t+5) over x's tie groups. */
  x1: number;
  /** Σ t(t−1)(t−2) over y's tie groups. */
  y0: number;
  /** Σ t(t−1)(2t+5) over y's tie groups. */
  y1: number;
  /** Number of distinct x values. */
  xDistinct: number;
  /** Number of distinct y values. */
  yDistinct: number;
}


/** Accumulates tie-group statistics in ascending value order. */
class TieStats {
  pairs = 0;
  t0: number[] = [];
  t1: number[] = [];
  add(cnt: number): void {
    if (cnt > 1) {
      this.pairs += (cnt * (cnt - 1)) / 2;
      this.t0.push(cnt * (cnt - 1) * (cnt - 2));
      this.t1.push(cnt * (cnt - 1) * (2 * cnt + 5));
    }
  }
}

/**
 * Algorithm: by size (`'auto'`), all pairs directly (`'quadratic'`, fastest up to ~128), a
 * comparison sort, or one of the radix modes.
 */
export type SortMode = 'auto' | 'quadratic' | 'comparison' | 'tied' | RadixMode;

/** Up to this size the O(n²) pair loop beats sorting. */
const QUADRATIC_THRESHOLD = 128;

/**
 * Kendall pair counts for two finite vectors of equal length n ≥ 1. Inputs are not modified.
 * `sort` only selects the algorithm (tests exercise every path); the counts are the same.
 */
export function kendallCounts(x: Float64Array, y: Float64Array, sort: SortMode = 'auto'): KendallCounts {
  const n = x.length;
  if (sort === 'quadratic' || (sort === 'auto' && n <= QUADRATIC_THRESHOLD)) return quadraticCounts(x, y);
  if (sort === 'tied' || (sort === 'auto' && n >= TIED_THRESHOLD && fewDistinctAtStart(x) && fewDistinctAtStart(y))) {
    const tied = tiedCounts(x, y, sort === 'tied' ? n : Math.min(TIED_MAX_DISTINCT, n >> 4));
    if (tied !== null) return tied;
  }
  const mode: RadixMode | 'comparison' = sort === 'auto' || sort === 'tied' ? (n < RADIX_THRESHOLD ? 'comparison' : radixMode(n)) : sort;
  const yStats = new TieStats();
  const xStats = new TieStats();
  // ry[i] = dense rank of y[i]; p = ranks of y listed in x order (ties in x ordered by rank)
  let p: Int32Array;
  let xRuns: Int32Array; // run starts in p for runs of tied x, plus n
  let xRunCount: number;
  let yDistinct: number;
  let scratch: Int32Array | undefined;
  if (mode === 'comparison') {
    const ord = new Int32Array(n);
    for (let i = 0; i < n; i++) ord[i] = i;
    ord.sort((i, j) => y[i]! - y[j]!);
    const ry = new Int32Array(n);
    let r = 0;
    let run = 1;
    ry[ord[0]!] = 0;
    for (let k = 1; k < n; k++) {
      if (y[ord[k]!] !== y[ord[k - 1]!]) {
        yStats.add(run);
        run = 1;
        r++;
      } else run++;
      ry[ord[k]!] = r;
    }
    yStats.add(run);
    yDistinct = r + 1;
    for (let i = 0; i < n; i++) ord[i] = i;
    ord.sort((i, j) => x[i]! - x[j]!);
    p = new Int32Array(n);
    xRuns = new Int32Array(n + 1);
    xRunCount = 0;
    for (let k = 0; k < n; k++) {
      p[k] = ry[ord[k]!]!;
      if (k === 0 || x[ord[k]!] !== x[ord[k - 1]!]) xRuns[xRunCount++] = k;
    }
    xRuns[xRunCount] = n;
  } else {
    // two record buffers of 3n words and the ranks of y, in borrowed scratch memory
    const buf = scratchBuffer(0, 28 * n);
    const bufA = new Uint32Array(buf, 0, 3 * n);
    const bufB = new Uint32Array(buf, 12 * n, 3 * n);
    // --- y: sort (key, index), assign dense ranks
    let rec = sortRecords(y, null, bufA, bufB, mode);
    const ry = new Int32Array(buf, 24 * n, n);
    let r = 0;
    let run = 1;
    ry[rec[2]!] = 0;
    for (let k = 1, o = 3; k < n; k++, o += 3) {
      if (rec[o] !== rec[o - 3] || rec[o + 1] !== rec[o - 2]) {
        yStats.add(run);
        run = 1;
        r++;
      } else run++;
      ry[rec[o + 2]!] = r;
    }
    yStats.add(run);
    yDistinct = r + 1;
    // --- x: sort (key, rank of y)
    rec = sortRecords(x, ry, bufA, bufB, mode);
    // p and the run starts live in the spare sort buffer (3n words ≥ n + n + 1); the records'
    // buffer then serves as the inversion counter's scratch. Fewer fresh pages at large n.
    const spare = rec === bufA ? bufB : bufA;
    p = new Int32Array(buf, spare.byteOffset, n);
    xRuns = new Int32Array(buf, spare.byteOffset + 4 * n, n + 1);
    scratch = new Int32Array(buf, rec.byteOffset, n);
    xRunCount = 0;
    for (let k = 0, o = 0; k < n; k++, o += 3) {
      p[k] = rec[o + 2]!;
      if (k === 0 || rec[o] !== rec[o - 3] || rec[o + 1] !== rec[o - 2]) xRuns[xRunCount++] = k;
    }
    xRuns[xRunCount] = n;
  }
  // --- order y ranks inside each run of tied x; collect x ties and joint ties
  let ntie = 0;
  for (let g = 0; g < xRunCount; g++) {
    const start = xRuns[g]!;
    const end = xRuns[g + 1]!;
    const len = end - start;
    xStats.add(len);
    if (len < 2) continue;
    if (len <= 16) {
      for (let i = start + 1; i < end; i++) {
        const v = p[i]!;
        let j = i - 1;
        while (j >= start && p[j]! > v) {
          p[j + 1] = p[j]!;
          j--;
        }
        p[j + 1] = v;
      }
    } else {
      p.subarray(start, end).sort();
    }
    let same = 1;
    for (let i = start + 1; i < end; i++) {
      if (p[i] === p[i - 1]) same++;
      else {
        ntie += (same * (same - 1)) / 2;
        same = 1;
      }
    }
    ntie += (same * (same - 1)) / 2;
  }
  const dis = countInversions(p, yDistinct, scratch);
  return assembleCounts(n, dis, ntie, xStats, yStats, xRunCount, yDistinct);
}

/** From this size on, `'auto'` first tries the hashing path for heavily tied data ({@link tiedCounts}). */
const TIED_THRESHOLD = 1 << 12;
/** Most distinct values per vector the hashing path accepts under `'auto'` (it also needs ≤ n/16). */
const TIED_MAX_DISTINCT = 1 << 15;

/**
 * A cheap probe before the hashing path: at most 2048 distinct values among the first 4096 (a tiny table, a few
 * microseconds), so untied data skip the path after about 2000 elements.
 */
function fewDistinctAtStart(v: Float64Array): boolean {
  const m = Math.min(v.length, 4096);
  return denseRanksFew(v.subarray(0, m), 2048, new Int32Array(m)) !== null;
}

/**
 * The counts for heavily tied data in O(n + dx·log dx + dy·log dy + n·log dy), without a sort of the n values:
 * dense ranks by hashing ({@link denseRanksFew}), then two stable counting sorts put the y-ranks in (x, y)
 * order, and the discordant pairs are counted over only dy distinct ranks: by suffix sums per x group when
 * dx·dy ≤ 4n (O(dx·dy + n)), else with a Fenwick tree of dy counts (in L1).
 * This is the case scipy's `kendalltau` handles with two numpy argsorts (SIMD sorts of the n values); here
 * ranking costs two hash passes and the sort two sequential counting passes over packed (x, y) rank keys. `null` when x or y has more than `limit` distinct values.
 */
/** The counts of the sorting and the tied (counting) paths, from their tie statistics. */
function assembleCounts(n: number, dis: number, ntie: number, xStats: TieStats, yStats: TieStats, xDistinct: number, yDistinct: number): KendallCounts {
  return {
    n,
    tot: (n * (n - 1)) / 2,
    dis,
    xtie: xStats.pairs,
    ytie: yStats.pairs,
    ntie,
    x0: numpySum(xStats.t0),
    x1: numpySum(xStats.t1),
    y0: numpySum(yStats.t0),
    y1: numpySum(yStats.t1),
    xDistinct,
    yDistinct,
  };
}

function tiedCounts(x: Float64Array, y: Float64Array, limit: number): KendallCounts | null {
  const n = x.length;
  const buf = scratchBuffer(0, 16 * n);
  const ryBuf = new Int32Array(buf, 0, n);
  const ry = denseRanksFew(y, limit, ryBuf);
  if (ry === null) return null;
  const rxBuf = new Int32Array(buf, 4 * n, n);
  const rx = denseRanksFew(x, limit, rxBuf);
  if (rx === null) return null;
  const dx = rx.d;
  const dy = ry.d;
  // LSD counting sort of the packed keys (x rank << yBits | y rank): by y rank, then (stable) by x rank. Both
  // passes read sequentially; p = the y ranks in (x, y) order.
  let yBits = 0;
  while (1 << yBits < dy) yBits++;
  const yMask = (1 << yBits) - 1;
  const byY = new Int32Array(buf, 8 * n, n);
  const start = new Int32Array(Math.max(dx, dy) + 1);
  {
    let acc = 0;
    for (let r = 0; r < dy; r++) {
      start[r] = acc;
      acc += ry.counts[r]!;
    }
    const xr = rx.rank;
    const yr = ry.rank;
    for (let i = 0; i < n; i++) {
      const v = yr[i]!;
      byY[start[v]!++] = (xr[i]! << yBits) | v;
    }
  }
  const p = new Int32Array(buf, 12 * n, n);
  const xRuns = new Int32Array(dx + 1);
  {
    let acc = 0;
    for (let r = 0; r < dx; r++) {
      start[r] = acc;
      xRuns[r] = acc;
      acc += rx.counts[r]!;
    }
    xRuns[dx] = n;
    for (let k = 0; k < n; k++) {
      const v = byY[k]!;
      p[start[v >>> yBits]!++] = v & yMask;
    }
  }
  const xStats = new TieStats();
  const yStats = new TieStats();
  for (let r = 0; r < dx; r++) xStats.add(rx.counts[r]!);
  for (let r = 0; r < dy; r++) yStats.add(ry.counts[r]!);
  let ntie = 0;
  for (let g = 0; g < dx; g++) {
    let same = 1;
    for (let i = xRuns[g]! + 1, end = xRuns[g + 1]!; i < end; i++) {
      if (p[i] === p[i - 1]) same++;
      else {
        ntie += (same * (same - 1)) / 2;
        same = 1;
      }
    }
    ntie += (same * (same - 1)) / 2;
  }
  let dis = 0;
  if (dx * dy <= 4 * n) {
    // few groups × few ranks: per x group, the suffix sums of the y-rank counts of all earlier (smaller x) groups
    // give each element its discordant partners in O(1); O(dx·dy + n) in all.
    const cnt = new Int32Array(dy);
    const suf = new Int32Array(dy + 1);
    for (let g = 0; g < dx; g++) {
      const from = xRuns[g]!;
      const to = xRuns[g + 1]!;
      if (g > 0) {
        let acc = 0;
        for (let v = dy - 1; v >= 0; v--) {
          suf[v] = acc;
          acc += cnt[v]!;
        }
        for (let i = from; i < to; i++) dis += suf[p[i]!]!;
      }
      for (let i = from; i < to; i++) cnt[p[i]!]!++;
    }
  } else dis = countInversions(p, dy, byY);
  return assembleCounts(n, dis, ntie, xStats, yStats, dx, dy);
}

/**
 * The same counts by visiting every pair (O(n²)); group statistics from per-element group sizes
 * c (a group of size t contributes t terms, so Σᵢ (cᵢ−1)(cᵢ−2) = Σ t(t−1)(t−2)). For the small n
 * this is used for, every sum is an exact integer, so the result equals the sorted path's.
 */
function quadraticCounts(x: Float64Array, y: Float64Array): KendallCounts {
  const n = x.length;
  const cx = new Int32Array(n).fill(1);
  const cy = new Int32Array(n).fill(1);
  let dis = 0;
  let xtie = 0;
  let ytie = 0;
  let ntie = 0;
  let xDistinct = n;
  let yDistinct = n;
  const xSeen = new Uint8Array(n); // 1 when an earlier element has the same value
  const ySeen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    for (let j = i + 1; j < n; j++) {
      const xj = x[j]!;
      const yj = y[j]!;
      if (xi === xj) {
        xtie++;
        cx[i]!++;
        cx[j]!++;
        if (xSeen[j] === 0) {
          xSeen[j] = 1;
          xDistinct--;
        }
        if (yi === yj) ntie++;
      } else if (yi !== yj && xi < xj !== yi < yj) dis++;
      if (yi === yj) {
        ytie++;
        cy[i]!++;
        cy[j]!++;
        if (ySeen[j] === 0) {
          ySeen[j] = 1;
          yDistinct--;
        }
      }
    }
  }
  let x0 = 0;
  let x1 = 0;
  let y0 = 0;
  let y1 = 0;
  for (let i = 0; i < n; i++) {
    const a = cx[i]!;
    const b = cy[i]!;
    x0 += (a - 1) * (a - 2);
    x1 += (a - 1) * (2 * a + 5);
    y0 += (b - 1) * (b - 2);
    y1 += (b - 1) * (2 * b + 5);
  }
  return { n, tot: (n * (n - 1)) / 2, dis, xtie, ytie, ntie, x0, x1, y0, y1, xDistinct, yDistinct };
}

/**
 * Number of pairs i < j with p[i] > p[j] (values in [0, m)), with a Fenwick tree. For large m
 * (tree beyond L2) two levels: a Fenwick tree over the high bits counts inversions between
 * different high parts; a stable bucket pass then groups equal high parts and a small Fenwick tree
 * over the low bits counts the rest. `scratch` (length ≥ n, contents destroyed) avoids an allocation.
 */
export function countInversions(p: Int32Array, m: number, scratch?: Int32Array): number {
  const n = p.length;
  // a tree of ≤ 2¹⁷ counts (512 KiB) stays in L2: one level is faster; above, split in two
  if (m <= 1 << 17) return fenwickCount(p, 0, n, new Int32Array(m + 1), m);
  let bits = 0;
  while (1 << bits < m) bits++;
  const lowBits = bits >> 1;
  const low = 1 << lowBits;
  const lowMask = low - 1;
  const nHigh = ((m - 1) >> lowBits) + 1;
  let inv = fenwickHigh(p, nHigh, lowBits);
  // bucket by high part (stable), keeping the low part
  const start = new Int32Array(nHigh + 1);
  for (let i = 0; i < n; i++) start[(p[i]! >> lowBits) + 1]!++;
  for (let h = 0; h < nHigh; h++) start[h + 1]! += start[h]!;
  const pos = start.slice(0, nHigh);
  const q = scratch !== undefined && scratch.length >= n ? scratch : new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = p[i]!;
    q[pos[v >> lowBits]!++] = v & lowMask;
  }
  const tree = new Int32Array(low + 1);
  for (let h = 0; h < nHigh; h++) {
    const s = start[h]!;
    const e = start[h + 1]!;
    if (e - s < 2) continue;
    inv += fenwickCount(q, s, e, tree, low);
  }
  return inv;
}

/** Inversions of the high parts p[i] >> shift (values in [0, size)). */
function fenwickHigh(p: Int32Array, size: number, shift: number): number {
  const tree = new Int32Array(size + 1);
  let inv = 0;
  for (let i = p.length - 1; i >= 0; i--) {
    const v = p[i]! >> shift;
    let c = 0;
    for (let k = v; k > 0; k -= k & -k) c += tree[k]!;
    inv += c;
    for (let k = v + 1; k <= size; k += k & -k) tree[k]!++;
  }
  return inv;
}

/** Inversions of q over [from, to) (values in [0, size)); `tree` (length size + 1) is cleared first. */
function fenwickCount(q: Int32Array, from: number, to: number, tree: Int32Array, size: number): number {
  tree.fill(0);
  let inv = 0;
  for (let i = to - 1; i >= from; i--) {
    const v = q[i]!;
    let c = 0;
    for (let k = v; k > 0; k -= k & -k) c += tree[k]!;
    inv += c;
    for (let k = v + 1; k <= size; k += k & -k) tree[k]!++;
  }
  return inv;
}
