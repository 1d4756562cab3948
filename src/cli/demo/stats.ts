/** Small summaries for the demo's tables (NaN-free values only). */
export function meanStd(values: readonly number[]): { n: number; mean: number; std: number } {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: Number.NaN, std: Number.NaN };
  const mean = xs.reduce((s, v) => s + v, 0) / n;
  const std = n > 1 ? Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { n, mean, std };
}

/** The fixed grid the per-example curves are resampled onto before averaging. */
export const GRID = Array.from({ length: 21 }, (_, i) => i / 20);

/** Linear interpolation of (xs, ys), xs increasing in [0, 1], at each grid point. */
export function resample(xs: ArrayLike<number>, ys: ArrayLike<number>, grid: readonly number[] = GRID): number[] {
  return grid.map((g) => {
    let k = 0;
    while (k < xs.length - 2 && xs[k + 1]! < g) k++;
    const x0 = xs[k]!;
    const x1 = xs[Math.min(k + 1, xs.length - 1)]!;
    const y0 = ys[k]!;
    const y1 = ys[Math.min(k + 1, ys.length - 1)]!;
    if (!(x1 > x0)) return y0;
    const t = Math.min(1, Math.max(0, (g - x0) / (x1 - x0)));
    return y0 + t * (y1 - y0);
  });
}

/** Point-wise mean of equal-length curves. */
export function meanCurve(curves: readonly number[][]): number[] {
  if (curves.length === 0) return [];
  return curves[0]!.map((_, i) => curves.reduce((s, cv) => s + cv[i]!, 0) / curves.length);
}
