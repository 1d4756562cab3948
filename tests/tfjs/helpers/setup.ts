/** Shared set-up of the tfjs test project: WASM backend, small models, seeded embeddings. */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll } from 'vitest';
import {
  AttentionRnnClassifier,
  initBackend,
  TransformerClassifier,
  type AttentionRnnClassifierConfig,
  type TfjsClassifier,
  type TransformerClassifierConfig,
} from '../../../src/backends/tfjs/index.js';
import { createRng } from '../../../src/random/index.js';
import type { FloatTensor } from '../../../src/types/tensor.js';

/** Initialise the WASM backend once per test file. */
export function useWasmBackend(): void {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });
}

export const SMALL_TRANSFORMER: TransformerClassifierConfig = {
  vocabSize: 24,
  maxLength: 8,
  embeddingDim: 8,
  layers: 2,
  heads: 2,
  ffDim: 12,
  numClasses: 3,
  seed: 7,
};

export const SMALL_BILSTM: AttentionRnnClassifierConfig = {
  vocabSize: 24,
  embeddingDim: 6,
  hiddenDim: 4,
  encoder: 'bilstm',
  numClasses: 3,
  seed: 7,
};

export const SMALL_AVERAGE: AttentionRnnClassifierConfig = { ...SMALL_BILSTM, encoder: 'average', hiddenDim: 5 };

/** The three small model kinds, as factories. */
export const SMALL_MODELS: readonly { readonly name: string; readonly make: () => TfjsClassifier }[] = [
  { name: 'TransformerClassifier', make: () => new TransformerClassifier(SMALL_TRANSFORMER) },
  { name: 'AttentionRnnClassifier (bilstm)', make: () => new AttentionRnnClassifier(SMALL_BILSTM) },
  { name: 'AttentionRnnClassifier (average)', make: () => new AttentionRnnClassifier(SMALL_AVERAGE) },
];

/** `[B, n, d]` standard-normal embeddings from a seeded PRNG. */
export function randomEmbeddings(B: number, n: number, d: number, seed: number): FloatTensor {
  const rng = createRng(seed);
  const data = new Float64Array(B * n * d);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return { data, shape: [B, n, d] };
}

/** Row-stochastic random weights `[B, h, Q, n]` (positive, rows sum to 1). */
export function randomAttention(shape: readonly [number, number, number, number], seed: number): FloatTensor {
  const rng = createRng(seed);
  const n = shape[3];
  const data = new Float64Array(shape[0] * shape[1] * shape[2] * n);
  for (let r = 0; r < data.length / n; r++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += data[r * n + j] = 0.1 + rng.next();
    for (let j = 0; j < n; j++) data[r * n + j]! /= s;
  }
  return { data, shape: [...shape] };
}

/** Number of live tensors (variables included). */
export function liveTensors(): number {
  return tf.memory().numTensors;
}

/** A tiny synthetic TokenizedDataset: label = (first content token) mod numClasses; ids in [4, vocab). */
export function tinyDataset(size: number, maxLength: number, vocabSize: number, numClasses: number, seed: number) {
  const rng = createRng(seed);
  const ids = new Int32Array(size * maxLength);
  const lengths = new Int32Array(size);
  const labels = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const len = 2 + rng.nextInt(maxLength - 1);
    lengths[i] = len;
    ids[i * maxLength] = 2;
    for (let j = 1; j < len; j++) ids[i * maxLength + j] = 4 + rng.nextInt(vocabSize - 4);
    labels[i] = ids[i * maxLength + 1]! % numClasses;
  }
  return { ids, lengths, labels, size, maxLength, numClasses };
}
