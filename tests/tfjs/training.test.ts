import { describe, expect, it } from 'vitest';
import { AttentionRnnClassifier, evaluate, TransformerClassifier, train, type TrainingProgress } from '../../src/backends/tfjs/index.js';
import { plantedTokenTask } from '../../src/data/index.js';
import { AbortError, InputRangeError, InputTypeError, ShapeMismatchError } from '../../src/errors/index.js';
import { SMALL_BILSTM, SMALL_MODELS, SMALL_TRANSFORMER, tinyDataset, useWasmBackend } from './helpers/setup.js';

useWasmBackend();

describe.each(SMALL_MODELS)('train($name, …)', ({ make }) => {
  it('is repeatable: same model seed and training seed give bit-identical weights; another seed does not', async () => {
    const ds = tinyDataset(48, 6, 24, 3, 2);
    const options = { epochs: 2, batchSize: 8, learningRate: 5e-3, seed: 4 };
    const runs = [];
    for (const seed of [4, 4, 5]) {
      const model = make();
      try {
        await train(model, ds, { ...options, seed });
        runs.push(model.getWeights());
      } finally {
        model.dispose();
      }
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]!.map((w) => Array.from(w.data))).not.toEqual(runs[0]!.map((w) => Array.from(w.data)));
  });
});

describe('train', () => {
  it('reports progress per batch and per epoch and returns the history', async () => {
    const model = new TransformerClassifier(SMALL_TRANSFORMER);
    try {
      const ds = tinyDataset(20, 6, 24, 3, 3);
      const events: TrainingProgress[] = [];
      const history = await train(model, ds, { epochs: 2, batchSize: 8, validation: ds, onProgress: (e) => events.push(e) });
      expect(events.map((e) => (e.type === 'batch' ? `b${e.epoch}.${e.batch}/${e.batches}` : `e${e.epoch}`))).toEqual([
        'b1.1/3',
        'b1.2/3',
        'b1.3/3',
        'e1',
        'b2.1/3',
        'b2.2/3',
        'b2.3/3',
        'e2',
      ]);
      expect(history.epochs).toHaveLength(2);
      expect(history.finalEpoch).toBe(2);
      expect(history.backend).toBe('wasm');
      const last = history.epochs[1]!;
      const v = await evaluate(model, ds);
      expect(last.validationAccuracy).toBe(v.accuracy);
      expect(last.validationLoss).toBeCloseTo(v.loss, 12);
      expect(last.loss).toBeGreaterThan(0);
    } finally {
      model.dispose();
    }
  });

  it('learns the planted-token task (transformer and BiLSTM attention model)', async () => {
    const task = plantedTokenTask({ size: 600, length: 10, minLength: 6, seed: 3 });
    const models = [
      new TransformerClassifier({ vocabSize: task.tokenizer.vocabSize, maxLength: 10, embeddingDim: 16, layers: 1, heads: 2, ffDim: 32, numClasses: 2, seed: 1 }),
      new AttentionRnnClassifier({ vocabSize: task.tokenizer.vocabSize, embeddingDim: 16, hiddenDim: 8, encoder: 'bilstm', numClasses: 2, seed: 1 }),
    ];
    try {
      for (const model of models) {
        const before = await evaluate(model, task.test);
        await train(model, task.train, { epochs: 8, batchSize: 32, learningRate: 1e-2, seed: 1 });
        const after = await evaluate(model, task.test);
        expect(after.loss).toBeLessThan(before.loss);
        expect(after.accuracy, `${model.info.name} test accuracy`).toBeGreaterThanOrEqual(0.9);
      }
    } finally {
      for (const m of models) m.dispose();
    }
  });

  it('restoreBestWeights keeps the epoch with the best validation accuracy', async () => {
    const model = new AttentionRnnClassifier(SMALL_BILSTM);
    try {
      const ds = tinyDataset(32, 6, 24, 3, 5);
      const val = tinyDataset(16, 6, 24, 3, 6);
      const history = await train(model, ds, { epochs: 4, batchSize: 8, learningRate: 0.05, validation: val, restoreBestWeights: true });
      const best = history.epochs.reduce((a, e) =>
        e.validationAccuracy! > a.validationAccuracy! || (e.validationAccuracy === a.validationAccuracy && e.validationLoss! < a.validationLoss!) ? e : a,
      );
      expect(history.finalEpoch).toBe(best.epoch);
      const now = await evaluate(model, val);
      expect(now.accuracy).toBe(best.validationAccuracy);
      expect(now.loss).toBeCloseTo(best.validationLoss!, 12);
    } finally {
      model.dispose();
    }
  });

  it('honours an AbortSignal between batches', async () => {
    const model = new TransformerClassifier(SMALL_TRANSFORMER);
    try {
      const controller = new AbortController();
      const seen: number[] = [];
      const run = train(model, tinyDataset(40, 6, 24, 3, 7), {
        epochs: 5,
        batchSize: 8,
        signal: controller.signal,
        onProgress: (e) => {
          if (e.type === 'batch') seen.push(e.batch);
          if (seen.length === 3) controller.abort('enough');
        },
      });
      await expect(run).rejects.toBeInstanceOf(AbortError);
      expect(seen).toHaveLength(3);
    } finally {
      model.dispose();
    }
  });

  it('rejects mismatched data and bad options with typed errors', async () => {
    const model = new TransformerClassifier(SMALL_TRANSFORMER);
    try {
      const ds = tinyDataset(10, 6, 24, 3, 8);
      await expect(train(model, { ...ds, numClasses: 2, labels: ds.labels.map((l) => l % 2) })).rejects.toBeInstanceOf(ShapeMismatchError);
      const long = tinyDataset(10, 9, 24, 3, 8);
      long.lengths[0] = 9;
      await expect(train(model, long)).rejects.toBeInstanceOf(InputRangeError); // a row longer than maxLength 8
      await expect(train(model, tinyDataset(10, 6, 30, 3, 8))).rejects.toBeInstanceOf(InputRangeError); // ids ≥ vocabSize
      await expect(train(model, ds, { epochs: 0 })).rejects.toBeInstanceOf(InputRangeError);
      await expect(train(model, ds, { learningRate: -1 })).rejects.toBeInstanceOf(InputRangeError);
      await expect(train(model, ds, { batchSize: 2.5 })).rejects.toBeInstanceOf(InputTypeError);
      await expect(train(model, ds, { momentum: 0.9 } as never)).rejects.toBeInstanceOf(InputTypeError);
      await expect(train(model, { ...ds, ids: Array.from(ds.ids) } as never)).rejects.toBeInstanceOf(InputTypeError);
      await expect(evaluate(model, ds, { batchSize: 0 })).rejects.toBeInstanceOf(InputRangeError);
    } finally {
      model.dispose();
    }
  });
});
