import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isClose, maxRelativeError } from '../../src/testing/index.js';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const pairOfArrays = fc
  .integer({ min: 0, max: 8 })
  .chain((n) => fc.tuple(fc.array(finite, { minLength: n, maxLength: n }), fc.array(finite, { minLength: n, maxLength: n })));
const tol = fc.double({ min: 0, max: 1, noNaN: true });

describe('matchers properties', () => {
  it('isClose(a, e, { rtol, atol }) ⇔ maxRelativeError(a, e, { atol }) ≤ rtol', () => {
    fc.assert(
      fc.property(pairOfArrays, tol, tol, ([a, e], rtol, atol) => {
        expect(isClose(a, e, { rtol, atol })).toBe(maxRelativeError(a, e, { atol }) <= rtol);
      }),
      { numRuns: 500, seed: 1 },
    );
  });

  it('every value is close to itself with zero tolerance, and maxRelativeError(x, x) = 0', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noDefaultInfinity: false })), (x) => {
        expect(isClose(x, x, { rtol: 0 })).toBe(true);
        expect(maxRelativeError(x, x)).toBe(0);
      }),
      { numRuns: 300, seed: 2 },
    );
  });

  it('a relative perturbation of size δ is within rtol = 2δ and not within δ/2', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.constantFrom(1, -1),
        fc.double({ min: 1e-10, max: 1e-2, noNaN: true }),
        (mag, sign, delta) => {
          const e = sign * mag;
          const a = e * (1 + delta);
          expect(isClose(a, e, { rtol: 2 * delta })).toBe(true);
          expect(isClose(a, e, { rtol: delta / 2 })).toBe(false);
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });

  it('widening the tolerances never turns close into not close', () => {
    fc.assert(
      fc.property(pairOfArrays, tol, tol, tol, ([a, e], rtol, atol, extra) => {
        if (isClose(a, e, { rtol, atol })) {
          expect(isClose(a, e, { rtol: rtol + extra, atol })).toBe(true);
          expect(isClose(a, e, { rtol, atol: atol + extra })).toBe(true);
        }
      }),
      { numRuns: 300, seed: 4 },
    );
  });
});
