import * as tf from '@tensorflow/tfjs-core';
import { InputTypeError } from '../../errors/index.js';
import { checkInteger, checkOptions } from '../../internal/options.js';
import type { TokenizedDataset } from '../../data/types.js';
import { batchLoss, checkDataset, hostBatch } from './batching.js';
import type { TfjsClassifier } from './types.js';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Rows per forward pass. Default `64`. */
  readonly batchSize?: number;
}

/** Result of {@link evaluate}. */
export interface EvaluationResult {
  /** Fraction of rows whose arg-max class equals the label. */
  readonly accuracy: number;
  /** Mean cross-entropy `−log p[label]` (nats). */
  readonly loss: number;
  /** Number of rows evaluated. */
  readonly size: number;
}

const DEFAULTS = Object.freeze({ batchSize: 64 });

/**
 * Accuracy and mean cross-entropy of a model on a {@link TokenizedDataset} (rows batched in order
 * of length and padded only to the longest row of each batch; padding masked). Deterministic; no
 * tensor outlives the call.
 *
 * @param model - a reference model.
 * @param dataset - rows to score; `numClasses` must match the model.
 * @param options - `batchSize` (default 64).
 * @returns `{ accuracy, loss, size }`.
 * @throws InputTypeError / ShapeMismatchError / InputRangeError for a malformed dataset or option.
 * @example
 * await evaluate(model, splits.test); // => { accuracy: 0.9611…, loss: 0.1179…, size: 591 } (spam-transformer)
 */
export async function evaluate(model: TfjsClassifier, dataset: TokenizedDataset, options?: EvaluateOptions): Promise<EvaluationResult> {
  const fn = 'evaluate';
  if (model === null || typeof model !== 'object' || typeof model.run !== 'function') throw new InputTypeError(fn, 'model must be a faithcheck tfjs model', model);
  const opts = checkOptions<EvaluateOptions>(fn, options, ['batchSize']);
  const batchSize = opts.batchSize === undefined ? DEFAULTS.batchSize : checkInteger(fn, 'batchSize', opts.batchSize, 1, 2 ** 20);
  checkDataset(fn, 'dataset', dataset, model);
  let lossSum = 0;
  let correct = 0;
  // Rows in order of length, so each batch carries little padding.
  const order = Int32Array.from({ length: dataset.size }, (_, i) => i).sort((a, b) => dataset.lengths[a]! - dataset.lengths[b]! || a - b);
  for (let start = 0; start < dataset.size; start += batchSize) {
    const b = hostBatch(dataset, order.subarray(start, Math.min(dataset.size, start + batchSize)));
    const out = tf.tidy(() => {
      const r = batchLoss(model, b);
      return [r.loss, r.correct];
    });
    try {
      const [l, c] = await Promise.all(out.map((t) => t.data()));
      lossSum += l![0]!;
      correct += c![0]!;
    } finally {
      tf.dispose(out);
    }
  }
  return { accuracy: correct / dataset.size, loss: lossSum / dataset.size, size: dataset.size };
}
