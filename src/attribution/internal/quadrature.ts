/**
 * Quadrature rules on [0, 1] for path integrals (Integrated Gradients): points α_k and weights w_k
 * with ∫₀¹ g(α) dα ≈ Σ_k w_k · g(α_k). Pure math, no model.
 *
 * | method | α_k (k = 0 … n − 1) | w_k | Σ w_k | exact for |
 * |---|---|---|---|---|
 * | `'riemannLeft'` | k/n | 1/n | 1 | constants |
 * | `'riemannRight'` | (k + 1)/n | 1/n | 1 | constants |
 * | `'riemannMiddle'` | (k + ½)/n | 1/n | 1 | polynomials of degree 1 |
 * | `'riemannTrapezoid'` | k/(n − 1) | 1/(n − 1), first and last halved | 1 | polynomials of degree 1 |
 * | `'gaussLegendre'` | (1 + ξ_k)/2 | ω_k/2 | 1 | polynomials of degree 2n − 1 |
 *
 * ξ_k, ω_k are the Gauss–Legendre nodes and weights on [−1, 1] ({@link gaussLegendre}). The points of
 * the Riemann rules are Captum's (`captum/attr/_utils/approximation_methods.py`); the trapezoid weights
 * are the correct ones (they sum to 1), not Captum's `[1/n]·n` with halved ends, which sum to 1 − 1/n
 * (REFERENCE F6).
 *
 * @module
 */

/** Names of the quadrature rules. */
export type QuadratureMethod = 'gaussLegendre' | 'riemannLeft' | 'riemannRight' | 'riemannMiddle' | 'riemannTrapezoid';

/** Every quadrature method name, in documentation order. */
export const QUADRATURE_METHODS: readonly QuadratureMethod[] = Object.freeze([
  'gaussLegendre',
  'riemannLeft',
  'riemannRight',
  'riemannMiddle',
  'riemannTrapezoid',
]);

/** Points and weights of a quadrature rule. */
export interface QuadratureRule {
  /** Points, ascending. */
  readonly points: Float64Array;
  /** Weights, one per point. */
  readonly weights: Float64Array;
}

/** `P_n(x)` and `P_n'(x)` by the three-term recurrence `k·P_k = (2k − 1)·x·P_{k−1} − (k − 1)·P_{k−2}`. */
function legendreAt(n: number, x: number): { readonly p: number; readonly dp: number } {
  let p0 = 1;
  let p1 = x;
  for (let k = 2; k <= n; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  // P_n = p1, P_{n-1} = p0 (for n = 1: P_1 = x, P_0 = 1)
  const pn = n === 1 ? x : p1;
  const pm = n === 1 ? 1 : p0;
  return { p: pn, dp: (n * (x * pn - pm)) / (x * x - 1) };
}

/**
 * Gauss–Legendre nodes ξ_k (ascending) and weights ω_k on [−1, 1] for `n ≥ 1` points: the roots of the
 * Legendre polynomial P_n, found by Newton's method from the Tricomi initial guesses
 * cos(π(k + ¾)/(n + ½)), P_n and P_n' by the three-term recurrence, ω_k = 2 / ((1 − ξ_k²) P_n'(ξ_k)²).
 * The rule integrates polynomials of degree ≤ 2n − 1 exactly. Agrees with
 * `numpy.polynomial.legendre.leggauss(n)` to a few ulps (tests/fixtures/python/attribution).
 *
 * Complexity O(n²) (a few Newton steps of an O(n) recurrence per root; symmetric roots mirrored).
 *
 * @param n - number of points, a positive integer (not validated: internal).
 * @returns `{ points: ξ, weights: ω }`.
 * @example
 * const { points, weights } = gaussLegendre(2);
 * Array.from(points); // => [-0.5773502691896257, 0.5773502691896257]  (to ~1e-15)
 * Array.from(weights); // => [1, 1]  (to ~1e-15)
 */
export function gaussLegendre(n: number): QuadratureRule {
  const points = new Float64Array(n);
  const weights = new Float64Array(n);
  const half = Math.floor((n + 1) / 2);
  for (let i = 0; i < half; i++) {
    // i-th largest root; converges quadratically from this guess
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    for (let iter = 0; iter < 100; iter++) {
      const { p, dp } = legendreAt(n, x);
      const dx = p / dp;
      x -= dx;
      if (Math.abs(dx) <= 1e-15) break;
    }
    // the derivative at the converged root, for the weight
    const { dp } = legendreAt(n, x);
    const w = 2 / ((1 - x * x) * dp * dp);
    points[n - 1 - i] = x;
    points[i] = -x;
    weights[n - 1 - i] = w;
    weights[i] = w;
  }
  if (n % 2 === 1) points[(n - 1) / 2] = 0;
  return { points, weights };
}

/**
 * Points α_k ∈ [0, 1] and weights w_k of a quadrature rule with `nSteps` points for ∫₀¹ g(α) dα
 * (see the module table). `nSteps ≥ 1`, and `≥ 2` for `'riemannTrapezoid'` (not validated: internal).
 *
 * @example
 * const t = quadrature('riemannTrapezoid', 3);
 * Array.from(t.points); // => [0, 0.5, 1]
 * Array.from(t.weights); // => [0.25, 0.5, 0.25]
 * Array.from(quadrature('riemannMiddle', 4).points); // => [0.125, 0.375, 0.625, 0.875]
 */
export function quadrature(method: QuadratureMethod, nSteps: number): QuadratureRule {
  const n = nSteps;
  const points = new Float64Array(n);
  const weights = new Float64Array(n);
  switch (method) {
    case 'gaussLegendre': {
      const gl = gaussLegendre(n);
      for (let k = 0; k < n; k++) {
        points[k] = (1 + gl.points[k]!) / 2;
        weights[k] = gl.weights[k]! / 2;
      }
      break;
    }
    case 'riemannLeft':
      for (let k = 0; k < n; k++) {
        points[k] = k / n;
        weights[k] = 1 / n;
      }
      break;
    case 'riemannRight':
      for (let k = 0; k < n; k++) {
        points[k] = (k + 1) / n;
        weights[k] = 1 / n;
      }
      break;
    case 'riemannMiddle':
      for (let k = 0; k < n; k++) {
        points[k] = (k + 0.5) / n;
        weights[k] = 1 / n;
      }
      break;
    case 'riemannTrapezoid':
      for (let k = 0; k < n; k++) {
        points[k] = k / (n - 1);
        weights[k] = k === 0 || k === n - 1 ? 0.5 / (n - 1) : 1 / (n - 1);
      }
      break;
  }
  return { points, weights };
}
