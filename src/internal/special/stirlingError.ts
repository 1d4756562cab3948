/**
 * Stirling's error term δ(z) = ln Γ(z) − [(z − ½) ln z − z + ½ ln 2π] for z > 0.
 *
 * For z ≥ 10 the asymptotic series Σ B₂ₖ / (2k(2k−1) z^(2k−1)) (eight terms, truncation error
 * < 2·10⁻¹⁸); below 10 the recurrence δ(z) = δ(z + 1) + (z + ½)·ln(1 + 1/z) − 1.
 * Absolute error ≲ 2·10⁻¹⁵, which is what the incomplete-beta prefactor needs (it enters as exp(δ)).
 *
 * @module
 */

const C1 = 1 / 12;
const C2 = -1 / 360;
const C3 = 1 / 1260;
const C4 = -1 / 1680;
const C5 = 1 / 1188;
const C6 = -691 / 360360;
const C7 = 1 / 156;
const C8 = -3617 / 122400;

/** δ(z) = ln Γ(z) − (z − ½) ln z + z − ½ ln 2π, for z > 0. */
export function stirlingError(z: number): number {
  let acc = 0;
  while (z < 10) {
    acc += (z + 0.5) * Math.log1p(1 / z) - 1;
    z += 1;
  }
  const r = 1 / z;
  const r2 = r * r;
  return acc + r * (C1 + r2 * (C2 + r2 * (C3 + r2 * (C4 + r2 * (C5 + r2 * (C6 + r2 * (C7 + r2 * C8)))))));
}

/** ln Γ(z) for z > 0 (used by tests and by callers that need the plain log-gamma). */
export function logGamma(z: number): number {
  return (z - 0.5) * Math.log(z) - z + 0.5 * Math.log(2 * Math.PI) + stirlingError(z);
}
