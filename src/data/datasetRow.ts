import { InputTypeError } from '../errors/index.js';
import { checkInteger } from '../internal/options.js';
import type { DatasetRow, TokenizedDataset } from './types.js';

/**
 * Row `i` of a {@link TokenizedDataset} without its padding: `ids` holds `lengths[i]` ids
 * (`[CLS]` first) copied out of `ds.ids`, and `label` is `labels[i]`.
 *
 * @param ds - the dataset.
 * @param i - row index in `[0, size)`.
 * @returns `{ ids, label }`; `ids` is a fresh copy.
 * @throws InputTypeError if `ds` is not a tokenized dataset.
 * @throws InputRangeError if `i` is out of range.
 * @example
 * datasetRow(ds, 1); // => { ids: Int32Array [2, 6], label: 0 }
 */
export function datasetRow(ds: TokenizedDataset, i: number): DatasetRow {
  const fn = 'datasetRow';
  if (ds === null || typeof ds !== 'object' || !(ds.ids instanceof Int32Array) || !(ds.lengths instanceof Int32Array) || !(ds.labels instanceof Int32Array)) {
    throw new InputTypeError(fn, 'ds must be a TokenizedDataset', ds);
  }
  checkInteger(fn, 'i', i, 0, ds.size - 1);
  const start = i * ds.maxLength;
  return { ids: ds.ids.slice(start, start + ds.lengths[i]!), label: ds.labels[i]! };
}
