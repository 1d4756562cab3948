/**
 * Small helpers shared by the side-by-side benchmarks (flow-bert, fusion-compare, matmul-compare): command-line
 * values, medians, and alternating timings of two implementations in one process.
 */

/** The value after `name` on the command line (`--reps 5` → '5'), or undefined. */
export const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

/** The median (mean of the middle two for an even count). */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

let sink = 0;

/** The sum of the first elements of every timed result so far (printed, so that no call is optimised away). */
export const kept = (): number => sink;

/**
 * Time `a` and `b` alternately, `reps` times each (b first on odd repetitions), after one untimed warm-up call of
 * each when `warmUp`; returns their samples in ms. The first element of each result is kept alive.
 */
export function alternate(a: () => ArrayLike<number>, b: () => ArrayLike<number>, reps: number, warmUp = false): [number[], number[]] {
  const ta: number[] = [];
  const tb: number[] = [];
  const once = (f: () => ArrayLike<number>, into: number[]): void => {
    const t0 = performance.now();
    const r = f();
    into.push(performance.now() - t0);
    sink += r[0]!;
  };
  if (warmUp) {
    a();
    b();
  }
  for (let rep = 0; rep < reps; rep++) {
    if (rep % 2 === 0) {
      once(a, ta);
      once(b, tb);
    } else {
      once(b, tb);
      once(a, ta);
    }
  }
  return [ta, tb];
}
