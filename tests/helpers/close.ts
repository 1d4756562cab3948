import { expect } from 'vitest';

/** Machine epsilon for float64. */
export const EPS = 2.220446049250313e-16;

/**
 * Assert |actual − expected| ≤ tol · max(|expected|, floor) elementwise (relative tolerance with an
 * absolute floor for expected values near zero). NaN matches NaN; ±Infinity must match exactly.
 */
export function expectClose(
  actual: number | ArrayLike<number>,
  expected: number | ArrayLike<number>,
  tol: number,
  { floor = 1, label = '' }: { floor?: number; label?: string } = {},
): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  expect(a.length, `${label} length`).toBe(e.length);
  for (let i = 0; i < e.length; i++) {
    const x = a[i]!;
    const y = e[i]!;
    if (Number.isNaN(y)) {
      expect(x, `${label}[${i}] should be NaN`).toBeNaN();
      continue;
    }
    if (!Number.isFinite(y)) {
      expect(x, `${label}[${i}]`).toBe(y);
      continue;
    }
    const bound = tol * Math.max(Math.abs(y), floor);
    if (!(Math.abs(x - y) <= bound)) {
      expect.fail(`${label}[${i}]: ${x} differs from expected ${y} by ${Math.abs(x - y)} > ${bound} (tol ${tol})`);
    }
  }
}
