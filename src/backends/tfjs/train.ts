import * as tf from '@tensorflow/tfjs-core';
import { AbortError, InputTypeError } from '../../errors/index.js';
import { checkBoolean, checkInteger, checkNumber, checkOptions, checkSeed } from '../../internal/options.js';
import { createRng } from '../../random/createRng.js';
import type { Rng } from '../../random/createRng.js';
import type { TokenizedDataset } from '../../data/types.js';
import { batchLoss, checkDataset, hostBatch } from './batching.js';
import { evaluate } from './evaluate.js';
import type { NamedWeight, TfjsClassifier } from './types.js';

/** Options of {@link train}. Every field is optional; defaults in brackets. */
export interface TrainOptions {
  /** Passes over the training set [5]. */
  readonly epochs?: number;
  /** Rows per Adam step [32]. */
  readonly batchSize?: number;
  /** Adam step size (β₁ = 0.9, β₂ = 0.999, ε = 1e-7, tfjs defaults) [1e-3]. */
  readonly learningRate?: number;
  /** Seed of the per-epoch shuffles [0]. (The initial weights come from the model's own seed.) */
  readonly seed?: number;
  /** Called after every batch and every epoch. */
  readonly onProgress?: (event: TrainingProgress) => void;
  /** Scored after every epoch (`validationLoss`, `validationAccuracy` in the history). */
  readonly validation?: TokenizedDataset;
  /** With `validation`: finish with the weights of the epoch with the best validation accuracy (ties: lower loss) [false]. */
  readonly restoreBestWeights?: boolean;
  /**
   * Cut batches of similar lengths: each run of 16 batches' worth of shuffled rows is sorted by
   * length before it is cut into batches, and the batch order is then shuffled (less padding, so
   * faster, with almost the same randomness) [true].
   */
  readonly bucketByLength?: boolean;
  /** Cancels training between batches (the promise rejects with `AbortError`; weights keep their last update). */
  readonly signal?: AbortSignal;
}

/** One epoch of a {@link TrainingHistory}. */
export interface EpochRecord {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** Mean training cross-entropy over the epoch's rows (weights changing during the epoch). */
  readonly loss: number;
  /** Training accuracy over the epoch's rows (weights changing during the epoch). */
  readonly accuracy: number;
  /** Validation cross-entropy after the epoch, when `validation` is given. */
  readonly validationLoss?: number;
  /** Validation accuracy after the epoch, when `validation` is given. */
  readonly validationAccuracy?: number;
  /** Wall-clock seconds of the epoch (validation included). */
  readonly seconds: number;
}

/** Result of {@link train}. */
export interface TrainingHistory {
  /** One record per completed epoch. */
  readonly epochs: readonly EpochRecord[];
  /** The epoch whose weights the model holds at the end (the last, or the best with `restoreBestWeights`). */
  readonly finalEpoch: number;
  /** TensorFlow.js backend used. */
  readonly backend: string;
  /** Total wall-clock seconds. */
  readonly seconds: number;
}

/** A progress event of {@link train}. */
export type TrainingProgress =
  | {
      readonly type: 'batch';
      readonly epoch: number;
      readonly epochs: number;
      /** 1-based batch number within the epoch. */
      readonly batch: number;
      readonly batches: number;
      /** Mean cross-entropy of this batch. */
      readonly loss: number;
    }
  | { readonly type: 'epoch'; readonly epoch: number; readonly epochs: number; readonly record: EpochRecord };

const DEFAULTS = Object.freeze({ epochs: 5, batchSize: 32, learningRate: 1e-3, seed: 0, restoreBestWeights: false, bucketByLength: true });

/** Batches per length-sorted run when bucketing. */
const BUCKET_RUN = 16;

/** The rows of each batch of one epoch (a seeded shuffle, optionally length-bucketed). */
function epochBatches(rng: Rng, dataset: TokenizedDataset, batchSize: number, bucket: boolean): Int32Array[] {
  const order = rng.permutation(dataset.size);
  if (bucket) {
    const run = batchSize * BUCKET_RUN;
    for (let start = 0; start < order.length; start += run) {
      const part = Array.from(order.subarray(start, Math.min(order.length, start + run)));
      part.sort((a, b) => dataset.lengths[a]! - dataset.lengths[b]! || a - b);
      order.set(part, start);
    }
  }
  const batches: Int32Array[] = [];
  for (let start = 0; start < order.length; start += batchSize) batches.push(order.slice(start, Math.min(order.length, start + batchSize)));
  return bucket ? rng.shuffle(batches) : batches;
}

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * Train a reference model on a {@link TokenizedDataset}: Adam on the mean cross-entropy
 * `−log softmax(logits)[label]`, mini-batches drawn from a seeded shuffle (faithcheck's
 * `createRng(seed)`, one permutation per epoch; by default length-bucketed, see
 * {@link TrainOptions.bucketByLength}), each batch padded only to its longest row with the padding
 * masked. No dropout, no weight decay.
 *
 * Repeatable: the same model config (seed), data and options give bit-identical weights on the
 * same backend. No tensor outlives the call (the optimizer's state is disposed at the end).
 *
 * @param model - a reference model (trained in place).
 * @param dataset - training rows; `numClasses` must match the model; lengths must fit the model.
 * @param options - see {@link TrainOptions}.
 * @returns the per-epoch {@link TrainingHistory}.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for malformed data or options.
 * @throws AbortError when `signal` aborts.
 * @example
 * const history = await train(model, splits.train, { epochs: 3, batchSize: 32, learningRate: 2e-3, seed: 1, validation: splits.validation });
 * history.epochs.at(-1)!.validationAccuracy; // => 0.96…
 */
export async function train(model: TfjsClassifier, dataset: TokenizedDataset, options?: TrainOptions): Promise<TrainingHistory> {
  const fn = 'train';
  if (model === null || typeof model !== 'object' || typeof model.run !== 'function') throw new InputTypeError(fn, 'model must be a faithcheck tfjs model', model);
  const opts = checkOptions<TrainOptions>(fn, options, [
    'epochs',
    'batchSize',
    'learningRate',
    'seed',
    'onProgress',
    'validation',
    'restoreBestWeights',
    'bucketByLength',
    'signal',
  ]);
  const epochs = opts.epochs === undefined ? DEFAULTS.epochs : checkInteger(fn, 'epochs', opts.epochs, 1, 1e6);
  const batchSize = opts.batchSize === undefined ? DEFAULTS.batchSize : checkInteger(fn, 'batchSize', opts.batchSize, 1, 2 ** 20);
  const learningRate =
    opts.learningRate === undefined ? DEFAULTS.learningRate : checkNumber(fn, 'learningRate', opts.learningRate, { min: 0, minExclusive: true, max: Infinity, maxExclusive: true });
  const seed = opts.seed === undefined ? DEFAULTS.seed : checkSeed(fn, opts.seed);
  const restoreBest = opts.restoreBestWeights === undefined ? DEFAULTS.restoreBestWeights : checkBoolean(fn, 'restoreBestWeights', opts.restoreBestWeights);
  const bucket = opts.bucketByLength === undefined ? DEFAULTS.bucketByLength : checkBoolean(fn, 'bucketByLength', opts.bucketByLength);
  const onProgress = opts.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new InputTypeError(fn, 'onProgress must be a function', onProgress);
  const signal = opts.signal;
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || typeof signal.aborted !== 'boolean')) {
    throw new InputTypeError(fn, 'signal must be an AbortSignal', signal);
  }
  checkDataset(fn, 'dataset', dataset, model);
  const validation = opts.validation;
  if (validation !== undefined) checkDataset(fn, 'validation', validation, model);

  const rng = createRng(seed);
  const batches = Math.ceil(dataset.size / batchSize);
  const optimizer = tf.train.adam(learningRate);
  const history: EpochRecord[] = [];
  const started = performance.now();
  let best: { epoch: number; accuracy: number; loss: number; weights: NamedWeight[] } | null = null;
  let finalEpoch = 0;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const epochStart = performance.now();
      const epochRows = epochBatches(rng, dataset, batchSize, bucket);
      let lossSum = 0;
      let correct = 0;
      for (let k = 0; k < batches; k++) {
        if (signal?.aborted) throw new AbortError(fn, signal.reason);
        const b = hostBatch(dataset, epochRows[k]!);
        const kept: { correct?: tf.Tensor } = {};
        const lossT = optimizer.minimize(
          () => {
            const r = batchLoss(model, b);
            kept.correct = tf.keep(r.correct);
            return tf.div(r.loss, b.size) as tf.Scalar;
          },
          true,
          [...model.variables],
        );
        let batchLossValue: number;
        try {
          const [l, c] = await Promise.all([lossT!.data(), kept.correct!.data()]);
          batchLossValue = l[0]!;
          correct += c[0]!;
        } finally {
          tf.dispose([lossT!, kept.correct!]);
        }
        lossSum += batchLossValue * b.size;
        onProgress?.({ type: 'batch', epoch, epochs, batch: k + 1, batches, loss: batchLossValue });
        await yieldToEventLoop();
      }
      let record: EpochRecord = { epoch, loss: lossSum / dataset.size, accuracy: correct / dataset.size, seconds: 0 };
      if (validation !== undefined) {
        const v = await evaluate(model, validation);
        record = { ...record, validationLoss: v.loss, validationAccuracy: v.accuracy };
        if (restoreBest && (best === null || v.accuracy > best.accuracy || (v.accuracy === best.accuracy && v.loss < best.loss))) {
          best = { epoch, accuracy: v.accuracy, loss: v.loss, weights: model.getWeights() };
        }
      }
      record = { ...record, seconds: (performance.now() - epochStart) / 1000 };
      history.push(record);
      finalEpoch = epoch;
      onProgress?.({ type: 'epoch', epoch, epochs, record });
    }
    if (best !== null && best.epoch !== finalEpoch) {
      model.setWeights(best.weights);
      finalEpoch = best.epoch;
    }
  } finally {
    optimizer.dispose();
  }
  return { epochs: history, finalEpoch, backend: tf.getBackend(), seconds: (performance.now() - started) / 1000 };
}
