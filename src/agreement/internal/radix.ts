/**
 * Sorting kernels shared by the rank statistics.
 *
 * Values are sorted as records [keyHi, keyLo, payload] in one interleaved Uint32Array (each
 * scatter touches one cache line), keyed by the order-preserving unsigned 64-bit image of the
 * float64 value (sign bit flipped for non-negatives, all bits flipped for negatives; −0 maps to +0).
 * Below 128 elements a comparison sort is used; below 16384 a stable LSD radix sort with 8-bit
 * (n < 2048) or 11-bit digits; above, two 16-bit passes on the high key word followed by ordering
 * each run of equal high words by the low word ('hiFirst'). Digit passes that are constant across the input are skipped.
 * `sortOrder` is the resulting argsort.
 *
 * @module
 */

import { scratchBuffer } from './scratch.js';

/** Below this size a comparison sort beats the radix sort's fixed cost. */
export const RADIX_THRESHOLD = 128;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = LITTLE_ENDIAN ? 1 : 0;

/**
 * Write records [keyHi, keyLo, payload] (payload = index, or `payload[i]`) whose unsigned 64-bit
 * key orders like the float64 value (−0 and +0 share a key), and (unless `counts` is null)
 * histogram every digit of width `bits` (counts has ⌈64/bits⌉·2^bits entries, zeroed).
 */
export function fillRecords(v: Float64Array, payload: Int32Array | null, rec: Uint32Array, counts: Int32Array | null, bits: number): void {
  const n = v.length;
  const words = new Uint32Array(v.buffer, v.byteOffset, 2 * n);
  const passes = Math.ceil(64 / bits);
  const size = 1 << bits;
  const mask = size - 1;
  for (let i = 0, o = 0; i < n; i++, o += 3) {
    let hi = words[2 * i + HI]!;
    let lo = words[2 * i + LO]!;
    if (hi >= 0x80000000) {
      if (hi === 0x80000000 && lo === 0) hi = 0x80000000; // −0 → key of +0
      else {
        hi = ~hi >>> 0;
        lo = ~lo >>> 0;
      }
    } else hi = (hi | 0x80000000) >>> 0;
    rec[o] = hi;
    rec[o + 1] = lo;
    rec[o + 2] = payload === null ? i : payload[i]!;
  }
  if (counts === null) return;
  for (let pass = 0; pass < passes; pass++) {
    const shift = pass * bits;
    const base = pass * size;
    if (shift + bits <= 32) {
      for (let o = 1; o < 3 * n; o += 3) counts[base + ((rec[o]! >>> shift) & mask)]!++;
    } else if (shift >= 32) {
      const sh = shift - 32;
      for (let o = 0; o < 3 * n; o += 3) counts[base + ((rec[o]! >>> sh) & mask)]!++;
    } else {
      const up = 32 - shift;
      for (let o = 0; o < 3 * n; o += 3) counts[base + (((rec[o + 1]! >>> shift) | (rec[o]! << up)) & mask)]!++;
    }
  }
}

/**
 * Stable LSD radix sort of n records by their 64-bit key, `bits` per digit (histograms from
 * {@link fillRecords}); returns the buffer holding the result. Passes whose digit is the same for
 * every record are skipped.
 */
export function radixSort(a: Uint32Array, b: Uint32Array, counts: Int32Array, n: number, bits: number): Uint32Array {
  const passes = Math.ceil(64 / bits);
  const size = 1 << bits;
  const mask = size - 1;
  const end = 3 * n;
  for (let pass = 0; pass < passes; pass++) {
    const base = pass * size;
    let sum = 0;
    let trivial = false;
    for (let d = 0; d < size; d++) {
      const c = counts[base + d]!;
      if (c === n) {
        trivial = true;
        break;
      }
      counts[base + d] = sum * 3;
      sum += c;
    }
    if (trivial) continue; // every record has the same digit: the pass would not move anything
    const shift = pass * bits;
    if (shift + bits <= 32) {
      for (let o = 0; o < end; o += 3) {
        const d = base + ((a[o + 1]! >>> shift) & mask);
        const q = counts[d]!;
        counts[d] = q + 3;
        b[q] = a[o]!;
        b[q + 1] = a[o + 1]!;
        b[q + 2] = a[o + 2]!;
      }
    } else if (shift >= 32) {
      const sh = shift - 32;
      for (let o = 0; o < end; o += 3) {
        const d = base + ((a[o]! >>> sh) & mask);
        const q = counts[d]!;
        counts[d] = q + 3;
        b[q] = a[o]!;
        b[q + 1] = a[o + 1]!;
        b[q + 2] = a[o + 2]!;
      }
    } else {
      const up = 32 - shift;
      for (let o = 0; o < end; o += 3) {
        const d = base + (((a[o + 1]! >>> shift) | (a[o]! << up)) & mask);
        const q = counts[d]!;
        counts[d] = q + 3;
        b[q] = a[o]!;
        b[q + 1] = a[o + 1]!;
        b[q + 2] = a[o + 2]!;
      }
    }
    const t = a;
    a = b;
    b = t;
  }
  return a;
}

/** A zeroed histogram buffer for {@link fillRecords} with `bits`-wide digits (borrowed scratch). */
export function histogram(bits: number): Int32Array {
  const size = Math.ceil(64 / bits) << bits;
  const h = new Int32Array(scratchBuffer(1, 4 * size), 0, size);
  h.fill(0);
  return h;
}

/**
 * How inputs are radix-sorted: full 64-bit LSD with 8-, 11- or 16-bit digits, or `'hiFirst'`
 * — two 16-bit passes on the high key word (sign, exponent, 20 mantissa bits), then each run of
 * equal high words ordered by the low word (insertion sort for short runs, an 8-bit LSD radix sort
 * for long ones). For continuous data the runs are short, so this halves the passes; for tied or
 * narrow-range data it degrades gracefully to the full sort's cost.
 */
export type RadixMode = 8 | 11 | 16 | 'hiFirst';

/** The radix mode used for n records. */
export function radixMode(n: number): RadixMode {
  return n < 1 << 11 ? 8 : n < 1 << 14 ? 11 : 'hiFirst';
}

/**
 * Records [keyHi, keyLo, payload] of `v` sorted by key (payload = index, or `payload[i]`), using
 * the two buffers of length 3n; returns the one holding the result.
 */
export function sortRecords(v: Float64Array, payload: Int32Array | null, a: Uint32Array, b: Uint32Array, mode: RadixMode): Uint32Array {
  const n = v.length;
  if (mode !== 'hiFirst') {
    const counts = histogram(mode);
    fillRecords(v, payload, a, counts, mode);
    return radixSort(a, b, counts, n, mode);
  }
  // histogram the two high-word digits only (digits 2 and 3 of a 16-bit layout)
  const counts = histogram(16);
  fillRecords(v, payload, a, null, 16);
  for (let o = 0; o < 3 * n; o += 3) {
    const hi = a[o]!;
    counts[131072 + (hi & 0xffff)]!++;
    counts[196608 + (hi >>> 16)]!++;
  }
  counts[0] = n; // mark the low-word passes trivial: they are replaced by the run fix-up
  counts[65536] = n;
  const rec = radixSort(a, b, counts, n, 16);
  orderRunsByLow(rec, rec === a ? b : a, n);
  return rec;
}

/** Within each run of equal high words, order records by the low word. */
function orderRunsByLow(rec: Uint32Array, tmp: Uint32Array, n: number): void {
  let start = 0;
  const counts = new Int32Array(4 << 8);
  for (let k = 1; k <= n; k++) {
    if (k < n && rec[3 * k] === rec[3 * start]) continue;
    const len = k - start;
    if (len > 1) {
      if (len <= 48) insertionByLow(rec, start, k);
      else radixRangeByLow(rec, tmp, start, len, counts);
    }
    start = k;
  }
}

function insertionByLow(rec: Uint32Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const o = 3 * i;
    const hi = rec[o]!;
    const lo = rec[o + 1]!;
    const pay = rec[o + 2]!;
    let j = i - 1;
    while (j >= from && rec[3 * j + 1]! > lo) {
      const q = 3 * j;
      rec[q + 3] = rec[q]!;
      rec[q + 4] = rec[q + 1]!;
      rec[q + 5] = rec[q + 2]!;
      j--;
    }
    const q = 3 * (j + 1);
    rec[q] = hi;
    rec[q + 1] = lo;
    rec[q + 2] = pay;
  }
}

/** Stable 8-bit LSD sort of records [start, start + len) by the low word, through `tmp`. */
function radixRangeByLow(rec: Uint32Array, tmp: Uint32Array, start: number, len: number, counts: Int32Array): void {
  counts.fill(0);
  const from = 3 * start;
  const to = from + 3 * len;
  for (let o = from; o < to; o += 3) {
    const lo = rec[o + 1]!;
    counts[lo & 0xff]!++;
    counts[256 + ((lo >>> 8) & 0xff)]!++;
    counts[512 + ((lo >>> 16) & 0xff)]!++;
    counts[768 + (lo >>> 24)]!++;
  }
  let src = rec;
  let dst = tmp;
  for (let pass = 0; pass < 4; pass++) {
    const base = pass << 8;
    let sum = from;
    let trivial = false;
    for (let d = 0; d < 256; d++) {
      const c = counts[base + d]!;
      if (c === len) {
        trivial = true;
        break;
      }
      counts[base + d] = sum;
      sum += 3 * c;
    }
    if (trivial) continue;
    const shift = pass * 8;
    for (let o = from; o < to; o += 3) {
      const d = base + ((src[o + 1]! >>> shift) & 0xff);
      const q = counts[d]!;
      counts[d] = q + 3;
      dst[q] = src[o]!;
      dst[q + 1] = src[o + 1]!;
      dst[q + 2] = src[o + 2]!;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== rec) rec.set(src.subarray(from, to), from);
}

/**
 * Indices that sort `v` ascending (equal values adjacent, in unspecified order; −0 equals +0).
 * Finite input only.
 */
export function sortOrder(v: Float64Array): Int32Array {
  const n = v.length;
  const order = new Int32Array(n);
  if (n < RADIX_THRESHOLD) {
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((i, j) => v[i]! - v[j]!);
    return order;
  }
  const buf = scratchBuffer(0, 24 * n);
  const rec = sortRecords(v, null, new Uint32Array(buf, 0, 3 * n), new Uint32Array(buf, 12 * n, 3 * n), radixMode(n));
  for (let k = 0, o = 2; k < n; k++, o += 3) order[k] = rec[o]!;
  return order;
}
