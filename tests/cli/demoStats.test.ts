import { describe, expect, it } from 'vitest';
import { GRID, meanCurve, meanStd, resample } from '../../src/cli/demo/stats.js';

describe('demo statistics', () => {
  it('meanStd ignores non-finite values; sample std', () => {
    expect(meanStd([1, 2, 3, Number.NaN])).toEqual({ n: 3, mean: 2, std: 1 });
    expect(meanStd([])).toMatchObject({ n: 0 });
    expect(meanStd([5]).std).toBe(0);
  });

  it('resample interpolates linearly onto the grid, endpoints kept', () => {
    expect(GRID).toHaveLength(21);
    const ys = resample([0, 0.5, 1], [1, 0, 0.5], [0, 0.25, 0.5, 0.75, 1]);
    expect(ys).toEqual([1, 0.5, 0, 0.25, 0.5]);
    expect(resample([0, 1 / 3, 2 / 3, 1], [0, 1, 2, 3])[20]).toBe(3);
  });

  it('meanCurve averages point-wise', () => {
    expect(meanCurve([
      [0, 1],
      [2, 3],
    ])).toEqual([1, 2]);
    expect(meanCurve([])).toEqual([]);
  });
});
