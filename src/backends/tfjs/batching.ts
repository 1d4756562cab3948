/** Internal: validation of a TokenizedDataset and batch assembly for train/evaluate. */
import * as tf from '@tensorflow/tfjs-core';
import { InputRangeError, InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import type { TokenizedDataset } from '../../data/types.js';
import type { TfjsClassifier } from './types.js';

/** Check a dataset's structure against a model (labels, lengths, ids, sizes). */
export function checkDataset(fn: string, name: string, ds: TokenizedDataset, model: TfjsClassifier): void {
  if (ds === null || typeof ds !== 'object' || !(ds.ids instanceof Int32Array) || !(ds.lengths instanceof Int32Array) || !(ds.labels instanceof Int32Array)) {
    throw new InputTypeError(fn, `${name} must be a TokenizedDataset { ids, lengths, labels, size, maxLength, numClasses }`, ds);
  }
  const { size, maxLength } = ds;
  if (!Number.isInteger(size) || size < 1) throw new ShapeMismatchError(fn, `${name}.size must be a positive integer`, size);
  if (!Number.isInteger(maxLength) || maxLength < 1) throw new ShapeMismatchError(fn, `${name}.maxLength must be a positive integer`, maxLength);
  if (ds.ids.length !== size * maxLength || ds.lengths.length !== size || ds.labels.length !== size) {
    throw new ShapeMismatchError(fn, `${name}: ids must have size·maxLength entries and lengths/labels size entries`, [ds.ids.length, ds.lengths.length, ds.labels.length]);
  }
  if (ds.numClasses !== model.info.numClasses) {
    throw new ShapeMismatchError(fn, `${name}.numClasses must equal the model's numClasses = ${model.info.numClasses}`, ds.numClasses);
  }
  const modelMax = model.info.maxLength ?? Infinity;
  const V = model.info.vocabSize!;
  for (let i = 0; i < size; i++) {
    const len = ds.lengths[i]!;
    if (len < 1 || len > maxLength) throw new InputRangeError(fn, `${name}.lengths[${i}] must be in [1, ${maxLength}]`, len);
    if (len > modelMax) throw new InputRangeError(fn, `${name}.lengths[${i}] exceeds the model's maxLength = ${modelMax}`, len);
    const label = ds.labels[i]!;
    if (label < 0 || label >= ds.numClasses) throw new InputRangeError(fn, `${name}.labels[${i}] must be in [0, ${ds.numClasses})`, label);
    for (let j = 0; j < len; j++) {
      const id = ds.ids[i * maxLength + j]!;
      if (id < 0 || id >= V) throw new InputRangeError(fn, `${name}.ids[${i}][${j}] must be a token id in [0, ${V})`, id);
    }
  }
}

/** A batch as plain arrays, trimmed to its longest row. */
export interface HostBatch {
  readonly size: number;
  readonly length: number;
  readonly ids: Int32Array;
  readonly mask: Float32Array;
  readonly labels: Int32Array;
}

/** Gather rows `rows` of `ds` into a batch padded only to the longest of them. */
export function hostBatch(ds: TokenizedDataset, rows: ArrayLike<number>): HostBatch {
  let length = 1;
  for (let r = 0; r < rows.length; r++) length = Math.max(length, ds.lengths[rows[r]!]!);
  const ids = new Int32Array(rows.length * length);
  const mask = new Float32Array(rows.length * length);
  const labels = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    const len = ds.lengths[i]!;
    ids.set(ds.ids.subarray(i * ds.maxLength, i * ds.maxLength + len), r * length);
    mask.fill(1, r * length, r * length + len);
    labels[r] = ds.labels[i]!;
  }
  return { size: rows.length, length, ids, mask, labels };
}

/** Summed cross-entropy and number of correct predictions of a batch (tensors; call in tf.tidy). */
export function batchLoss(model: TfjsClassifier, b: HostBatch): { loss: tf.Scalar; correct: tf.Scalar } {
  const ids = tf.tensor2d(b.ids, [b.size, b.length], 'int32');
  const mask = tf.tensor2d(b.mask, [b.size, b.length]);
  const labels = tf.tensor1d(b.labels, 'int32');
  const { logits } = model.run(model.embedTokens(ids) as tf.Tensor3D, { mask });
  const logProbs = tf.logSoftmax(logits);
  const loss = tf.neg(tf.sum(tf.mul(logProbs, tf.oneHot(labels, model.info.numClasses))));
  const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
  return { loss: loss as tf.Scalar, correct: correct as tf.Scalar };
}
