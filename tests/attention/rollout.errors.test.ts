import { describe, expect, it } from 'vitest';
import {
  attentionRollout,
  attentionRolloutLayers,
  InputRangeError,
  InputTypeError,
  maxOverRows,
  rawAttentionReadout,
  rowReadout,
  ShapeMismatchError,
} from '../../src/index.js';

const ok2 = [
  [0.5, 0.5],
  [0.25, 0.75],
];
const good = [ok2, ok2]; // [L=2, n=2, n=2]

type Ctor = typeof InputTypeError | typeof InputRangeError | typeof ShapeMismatchError;
const bad: Array<[string, () => unknown, Ctor, RegExp?]> = [
  // attention input
  ['null attention', () => attentionRollout(null as never), InputTypeError],
  ['a number', () => attentionRollout(3 as never), InputTypeError],
  ['a string inside the stack', () => attentionRollout([[[0.5, '0.5'], [0.5, 0.5]]] as never), InputTypeError],
  ['rank 2', () => attentionRollout(ok2), ShapeMismatchError],
  ['rank 5 (batched)', () => attentionRollout([[good]]), ShapeMismatchError],
  ['empty stack', () => attentionRollout({ data: [], shape: [0, 1, 2, 2] }), ShapeMismatchError],
  ['non-square', () => attentionRollout([[[0.5, 0.5, 0], [0.5, 0.5, 0]]]), ShapeMismatchError, /square/],
  ['ragged rows', () => attentionRollout([[[0.5, 0.5], [1]]]), ShapeMismatchError, /ragged/],
  ['ragged layers', () => attentionRollout([ok2, [[1]]]), ShapeMismatchError],
  ['data/shape length mismatch', () => attentionRollout({ data: new Float64Array(7), shape: [1, 2, 2, 2] }), ShapeMismatchError],
  ['negative weight', () => attentionRollout([[[1.5, -0.5], [0.5, 0.5]]]), InputRangeError, /\[0\]\[0\]\[1\] must be non-negative \(got -0\.5\)/],
  ['NaN weight', () => attentionRollout({ data: [0.5, 0.5, NaN, 0.5], shape: [1, 2, 2] }), InputRangeError, /\[0\]\[1\]\[0\] must be finite \(got NaN\)/],
  ['Infinity weight', () => attentionRollout([[[Infinity, 0], [0.5, 0.5]]], { rowSumTolerance: Infinity }), InputRangeError, /finite/],
  ['row not summing to 1', () => attentionRollout([ok2, [[0.5, 0.4], [0.5, 0.5]]]), InputRangeError, /row attention\[1\]\[0\] must sum to 1.*\(got 0\.9\)/],
  ['transposed (columns sum to 1)', () => attentionRollout([[[0.9, 0.6], [0.1, 0.4]]]), InputRangeError, /sum to 1/],
  ['bad row in head 2 of a 3-head layer', () => attentionRollout([[ok2, ok2, [[0.5, 0.5], [0.3, 0.3]]]]), InputRangeError, /row attention\[0\]\[2\]\[1\]/],
  ['bad row in head 1 of a 2-head layer', () => attentionRollout([[ok2, [[0.5, 0.5], [0.3, 0.3]]]]), InputRangeError, /row attention\[0\]\[1\]\[1\]/],
  // options
  ['options not an object', () => attentionRollout(good, 3 as never), InputTypeError],
  ['unknown option', () => attentionRollout(good, { residuals: true } as never), InputTypeError, /unknown option 'residuals'/],
  ['headFusion unknown', () => attentionRollout(good, { headFusion: 'sum' as never }), InputTypeError],
  ['residual not boolean', () => attentionRollout(good, { residual: 1 as never }), InputTypeError],
  ['discardRatio = 1', () => attentionRollout(good, { discardRatio: 1 }), InputRangeError],
  ['discardRatio < 0', () => attentionRollout(good, { discardRatio: -0.1 }), InputRangeError],
  ['discardRatio NaN', () => attentionRollout(good, { discardRatio: NaN }), InputTypeError],
  ['discardRatio string', () => attentionRollout(good, { discardRatio: '0.5' as never }), InputTypeError],
  ['rowSumTolerance negative', () => attentionRollout(good, { rowSumTolerance: -1 }), InputRangeError],
  ['startLayer = L', () => attentionRollout(good, { startLayer: 2 }), InputRangeError, /startLayer.*\(got 2\)/],
  ['startLayer negative', () => attentionRollout(good, { startLayer: -1 }), InputRangeError],
  ['startLayer fractional', () => attentionRollout(good, { startLayer: 0.5 }), InputTypeError],
  ['outputs out of range', () => attentionRollout(good, { outputs: [0, 2] }), InputRangeError, /outputs\[1\].*\(got 2\)/],
  ['outputs negative', () => attentionRollout(good, { outputs: [-1] }), InputRangeError],
  ['outputs non-integer', () => attentionRollout(good, { outputs: [0.5] }), InputTypeError],
  ['outputs not an array', () => attentionRollout(good, { outputs: 1 as never }), InputTypeError],
  ['outputs empty', () => attentionRollout(good, { outputs: [] }), ShapeMismatchError],
  ['protectedCells not pairs', () => attentionRollout(good, { protectedCells: [[0]] as never }), InputTypeError],
  ['protectedCells outside the matrix', () => attentionRollout(good, { protectedCells: [[0, 2]] }), InputRangeError],
  // attentionRolloutLayers shares validation
  ['layers: startLayer out of range', () => attentionRolloutLayers(good, { startLayer: 5 }), InputRangeError, /^attentionRolloutLayers: /],
  ['layers: negative weight', () => attentionRolloutLayers([[[2, -1], [0.5, 0.5]]]), InputRangeError, /^attentionRolloutLayers: /],
  // read-outs
  ['maxOverRows rank 3', () => maxOverRows(good), ShapeMismatchError],
  ['maxOverRows NaN', () => maxOverRows([[NaN, 1]]), InputRangeError],
  ['maxOverRows empty', () => maxOverRows({ data: [], shape: [0, 3] }), ShapeMismatchError],
  ['rowReadout row out of range', () => rowReadout(ok2, 2), InputRangeError],
  ['rowReadout row fractional', () => rowReadout(ok2, 0.5), InputTypeError],
  ['rowReadout zeroColumns out of range', () => rowReadout(ok2, 0, { zeroColumns: [2] }), InputRangeError],
  ['rowReadout unknown option', () => rowReadout(ok2, 0, { zero: [0] } as never), InputTypeError],
  ['rawAttentionReadout layer out of range', () => rawAttentionReadout(good, 2), InputRangeError],
  ['rawAttentionReadout row out of range', () => rawAttentionReadout(good, 0, { row: 2 }), InputRangeError],
  ['rawAttentionReadout unknown reduce', () => rawAttentionReadout(good, 0, { reduce: 'mean' as never }), InputTypeError],
  ['rawAttentionReadout row with maxOverRows', () => rawAttentionReadout(good, 0, { reduce: 'maxOverRows', row: 0 }), InputTypeError],
  ['rawAttentionReadout non-square', () => rawAttentionReadout([[[1, 0, 0]]], 0), ShapeMismatchError],
  ['rawAttentionReadout bad row sum', () => rawAttentionReadout([[[0.5, 0.6], [0.5, 0.5]]], 0), InputRangeError],
];

describe('rollout bad inputs', () => {
  it.each(bad)('%s → typed error', (_name, call, ctor, message) => {
    let err: unknown;
    try {
      call();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ctor);
    if ((ctor as Ctor) === InputRangeError) expect(err).not.toBeInstanceOf(ShapeMismatchError);
    const fnName = (err as { fn: string }).fn;
    expect((err as Error).message.startsWith(`${fnName}: `)).toBe(true);
    if (message) expect((err as Error).message).toMatch(message);
  });
});
