import { InputRangeError, InputTypeError, ShapeMismatchError } from '../errors/index.js';
import { checkInteger } from '../internal/options.js';
import type { DatasetRow, TokenizedDataset } from './types.js';

/**
 * Row `i` of a {@link TokenizedDataset} without its padding: `ids` holds `lengths[i]` ids
 * (`[CLS]` first) copied out of `ds.ids`, and `label` is `labels[i]`.
 *
 * @param ds - the dataset.
 * @param i - row index in `[0, size)`.
 * @returns `{ ids, label }`; `ids` is a fresh copy.
 * @throws InputTypeError if `ds` is not a tokenized dataset (or `size`/`maxLength` not integers).
 * @throws ShapeMismatchError if its arrays do not match `size` and `maxLength`.
 * @throws InputRangeError if `i` is out of range, or the row's length is outside `[1, maxLength]`.
 * @example
 * datasetRow(ds, 1); // => { ids: Int32Array [2, 6], label: 0 }
 */
export function datasetRow(ds: TokenizedDataset, i: number): DatasetRow {
  const fn = 'datasetRow';
  if (ds === null || typeof ds !== 'object' || !(ds.ids instanceof Int32Array) || !(ds.lengths instanceof Int32Array) || !(ds.labels instanceof Int32Array)) {
    throw new InputTypeError(fn, 'ds must be a TokenizedDataset', ds);
  }
  const size = checkInteger(fn, 'ds.size', ds.size, 0, ds.lengths.length);
  const maxLength = checkInteger(fn, 'ds.maxLength', ds.maxLength, 1, 2 ** 31 - 1);
  if (ds.lengths.length !== size || ds.labels.length !== size || ds.ids.length !== size * maxLength) {
    throw new ShapeMismatchError(
      fn,
      `ds is inconsistent: size ${size} and maxLength ${maxLength} need ids of length ${size * maxLength} and lengths, labels of length ${size}, found ${ds.ids.length}, ${ds.lengths.length}, ${ds.labels.length}`,
      [ds.ids.length, ds.lengths.length, ds.labels.length],
    );
  }
  checkInteger(fn, 'i', i, 0, size - 1);
  const length = ds.lengths[i]!;
  if (length < 1 || length > maxLength) throw new InputRangeError(fn, `ds.lengths[${i}] must be in [1, ${maxLength}]`, length);
  const start = i * maxLength;
  return { ids: ds.ids.slice(start, start + length), label: ds.labels[i]! };
}
