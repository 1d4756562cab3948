import { describe, expect, it } from 'vitest';
import { InputRangeError, InputTypeError } from '../../src/errors/index.js';
import { isClose, maxRelativeError } from '../../src/testing/index.js';

const EPS = 2.220446049250313e-16;

describe('isClose', () => {
  it('isClose(a, e) uses |a − e| ≤ atol + rtol·|e| with rtol = 1024·EPS, atol = 0 by default', () => {
    expect(isClose(0.1 + 0.2, 0.3)).toBe(true);
    expect(isClose(1 + 1000 * EPS, 1)).toBe(true);
    expect(isClose(1 + 2048 * EPS, 1)).toBe(false);
    expect(isClose(1e-20, 0)).toBe(false);
    expect(isClose(0, 0)).toBe(true);
  });
  it('isClose(a, e, { rtol, atol }) takes the expected value as the reference scale', () => {
    expect(isClose(1.0009, 1, { rtol: 1e-3 })).toBe(true);
    expect(isClose(1.0011, 1, { rtol: 1e-3 })).toBe(false);
    // asymmetric: the bound uses |expected|
    expect(isClose(2, 1.0, { rtol: 0.6 })).toBe(false);
    expect(isClose(1, 2, { rtol: 0.6 })).toBe(true);
    expect(isClose(1e-20, 0, { atol: 1e-12 })).toBe(true);
    expect(isClose(1.5, 1, { rtol: 0.25, atol: 0.25 })).toBe(true);
    expect(isClose(1.51, 1, { rtol: 0.25, atol: 0.25 })).toBe(false);
  });
  it('isClose compares arrays, typed arrays and { data, shape } elementwise', () => {
    expect(isClose([1, 2], new Float64Array([1, 2.001]), { rtol: 1e-3 })).toBe(true);
    expect(isClose([1, 2], [1, 2.01], { rtol: 1e-3 })).toBe(false);
    expect(isClose({ data: [1, 2, 3, 4], shape: [2, 2] }, { data: new Float32Array([1, 2, 3, 4]), dims: [2, 2] })).toBe(true);
    expect(isClose({ data: [1, 2, 3, 4], shape: [2, 2] }, { data: [1, 2, 3, 4], shape: [4] })).toBe(false);
    expect(isClose([1, 2], [1, 2, 3])).toBe(false);
    expect(isClose([], [])).toBe(true);
  });
  it('isClose matches NaN with NaN and infinities only with themselves', () => {
    expect(isClose(Number.NaN, Number.NaN)).toBe(true);
    expect(isClose(Number.NaN, 1, { atol: 10 })).toBe(false);
    expect(isClose(1, Number.NaN, { atol: 10 })).toBe(false);
    expect(isClose(Infinity, Infinity)).toBe(true);
    expect(isClose(Infinity, -Infinity, { atol: 1e300 })).toBe(false);
    expect(isClose(1e308, Infinity, { rtol: 1 })).toBe(false);
  });
  it.each([
    ['unknown option', () => isClose(1, 1, { tol: 1 } as never), InputTypeError],
    ['negative rtol', () => isClose(1, 1, { rtol: -1 }), InputRangeError],
    ['infinite atol', () => isClose(1, 1, { atol: Infinity }), InputRangeError],
    ['NaN rtol', () => isClose(1, 1, { rtol: Number.NaN }), InputTypeError],
    ['non-numeric actual', () => isClose('1' as never, 1), InputTypeError],
    ['null expected', () => isClose(1, null as never), InputTypeError],
  ])('isClose rejects %s', (_label, call, cls) => {
    expect(call).toThrow(cls);
  });
});

describe('maxRelativeError', () => {
  it('maxRelativeError(a, e) is max |a − e| / |e|', () => {
    expect(maxRelativeError([1, 2.002], [1, 2])).toBeCloseTo(1e-3, 12);
    expect(maxRelativeError([3, 4], [3, 4])).toBe(0);
    expect(maxRelativeError([], [])).toBe(0);
    expect(maxRelativeError(-2.2, -2)).toBeCloseTo(0.1, 12);
  });
  it('maxRelativeError subtracts atol first, so pairs within atol count 0 even at expected 0', () => {
    expect(maxRelativeError([1e-9], [0], { atol: 1e-8 })).toBe(0);
    expect(maxRelativeError([1.3], [1], { atol: 0.1 })).toBeCloseTo(0.2, 12);
  });
  it('maxRelativeError is Infinity for a miss at expected 0, NaN against a number, mismatched infinities and lengths', () => {
    expect(maxRelativeError([1], [0])).toBe(Infinity);
    expect(maxRelativeError([Number.NaN], [1])).toBe(Infinity);
    expect(maxRelativeError([Number.NaN], [Number.NaN])).toBe(0);
    expect(maxRelativeError([Infinity], [-Infinity])).toBe(Infinity);
    expect(maxRelativeError([1, 2], [1])).toBe(Infinity);
  });
  it('maxRelativeError(a, e, { atol }) ≤ rtol exactly when isClose(a, e, { rtol, atol })', () => {
    const a = [1.001, 2.5, -3];
    const e = [1, 2.4, -3.1];
    const err = maxRelativeError(a, e, { atol: 0.01 });
    expect(isClose(a, e, { rtol: err, atol: 0.01 })).toBe(true);
    expect(isClose(a, e, { rtol: err * (1 - 1e-9), atol: 0.01 })).toBe(false);
  });
  it.each([
    ['unknown option', () => maxRelativeError(1, 1, { rtol: 1 } as never), InputTypeError],
    ['negative atol', () => maxRelativeError(1, 1, { atol: -1 }), InputRangeError],
    ['a string', () => maxRelativeError(1, 'x' as never), InputTypeError],
  ])('maxRelativeError rejects %s', (_label, call, cls) => {
    expect(call).toThrow(cls);
  });
});
