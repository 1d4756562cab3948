/**
 * Kendall τ benchmarks (vitest bench). Run: npx vitest bench --run bench/agreement.bench.ts
 *
 * kendallTau (Knight's O(n log n): radix sorts + two-level Fenwick count) against a naive O(n²)
 * τ-b over n = 10², 10³, 10⁴ (naive) and 10² … 10⁶ (ours), on correlated continuous data from the
 * fixture generator (tests/agreement/helpers.ts), plus a heavily tied case. The comparison with
 * scipy.stats.kendalltau on the same inputs, timed alternately in one run, is
 * bench/agreement-scipy.py (results in bench/results/agreement.md).
 * Every case consumes its result so nothing is dead-code eliminated.
 */
import { bench, describe } from 'vitest';
import { kendallTau } from '../src/index.js';
import { generate } from '../tests/agreement/helpers.js';

let sink = 0;
const consume = (x: number): void => {
  sink += x;
  if (Number.isNaN(sink)) throw new Error('NaN tau');
};

/** O(n²) τ-b: count concordant, discordant and one-sided tied pairs. */
function naiveTauB(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let s = 0;
  let tieA = 0;
  let tieB = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    const ai = a[i]!;
    const bi = b[i]!;
    for (let j = i + 1; j < n; j++) {
      const da = Math.sign(ai - a[j]!);
      const db = Math.sign(bi - b[j]!);
      if (da === 0 && db === 0) continue;
      tot++;
      if (da === 0) tieA++;
      else if (db === 0) tieB++;
      else s += da * db;
    }
  }
  return s / Math.sqrt(tot - tieA) / Math.sqrt(tot - tieB);
}

/** The inputs agreement-scipy.py uses for size n: a = x, b = 0.6x + 0.8e (seed 1000 + log10 n). */
export function benchInputs(n: number): [Float64Array, Float64Array] {
  return generate({ generator: 'xorshift32-irwinhall-v1', seed: 1000 + Math.round(Math.log10(n)), n, ca: 0.6, cb: 0.8, scale: 1 });
}

for (const n of [1e2, 1e3, 1e4, 1e5, 1e6]) {
  const [a, b] = benchInputs(n);
  const options = n >= 1e5 ? { iterations: n >= 1e6 ? 10 : 30, time: 0, warmupIterations: 2 } : { time: 500 };
  describe(`Kendall tau-b, n = ${n}`, () => {
    bench('kendallTau (Knight, O(n log n))', () => consume(kendallTau(a, b)), options);
    if (n <= 1e4) bench('naive O(n²) tau-b', () => consume(naiveTauB(a, b)), n >= 1e4 ? { iterations: 5, time: 0 } : options);
  });
}

describe('Kendall tau-b, n = 10⁶, heavily tied (10 × 10 levels)', () => {
  const [x, e] = benchInputs(1e6);
  const a = x.map((v) => Math.floor(v * 5));
  const b = e.map((v) => Math.floor(v * 5));
  bench('kendallTau (Knight, O(n log n))', () => consume(kendallTau(a, b)), { iterations: 10, time: 0, warmupIterations: 2 });
});
