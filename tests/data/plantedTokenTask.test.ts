import { describe, expect, it } from 'vitest';
import { InputRangeError, InputTypeError } from '../../src/errors/index.js';
import { datasetRow, plantedTokenTask } from '../../src/data/index.js';
import type { PlantedTokenSplit } from '../../src/data/index.js';

const splits = (task: ReturnType<typeof plantedTokenTask>): [string, PlantedTokenSplit][] => [
  ['train', task.train],
  ['validation', task.validation],
  ['test', task.test],
];

describe('plantedTokenTask', () => {
  const task = plantedTokenTask({ size: 1000, length: 12, minLength: 4, fillerWords: 30, signalWords: 3, seed: 7 });

  it('has the default sizes and shapes', () => {
    const d = plantedTokenTask();
    expect([d.train.size, d.validation.size, d.test.size]).toEqual([1600, 200, 200]);
    expect(d.train.maxLength).toBe(16);
    expect(d.tokenizer.vocabSize).toBe(4 + 2 + 2 + 50);
    expect(d.seed).toBe(0);
    expect(Array.from(d.train.lengths).every((n) => n === 16)).toBe(true);
  });

  it('builds the vocabulary [specials] pos* neg* w* as a Tokenizer', () => {
    const { tokenizer } = task;
    expect(Array.from(task.positiveIds, (id) => tokenizer.tokenOf(id))).toEqual(['pos0', 'pos1', 'pos2']);
    expect(Array.from(task.negativeIds, (id) => tokenizer.tokenOf(id))).toEqual(['neg0', 'neg1', 'neg2']);
    expect(task.fillerIds.length).toBe(30);
    expect(tokenizer.tokenOf(task.fillerIds[29]!)).toBe('w29');
    expect(tokenizer.vocabSize).toBe(4 + 6 + 30);
  });

  it('labelOf agrees with the stored label of every example', () => {
    for (const [, s] of splits(task)) {
      for (let i = 0; i < s.size; i++) expect(task.labelOf(datasetRow(s, i).ids)).toBe(s.labels[i]);
    }
  });

  it('rows are [CLS] + lengths[i] − 1 task tokens, right-padded with [PAD]; encode(decode(row)) gives the row back', () => {
    const { tokenizer } = task;
    for (const [, s] of splits(task)) {
      expect(s.ids.length).toBe(s.size * s.maxLength);
      expect(s.numClasses).toBe(2);
      for (let i = 0; i < s.size; i++) {
        const len = s.lengths[i]!;
        expect(len).toBeGreaterThanOrEqual(4);
        expect(len).toBeLessThanOrEqual(12);
        const row = s.ids.subarray(i * s.maxLength, (i + 1) * s.maxLength);
        expect(row[0]).toBe(tokenizer.specialTokens.cls);
        for (let p = 1; p < len; p++) expect(row[p]).toBeGreaterThanOrEqual(4);
        for (let p = len; p < s.maxLength; p++) expect(row[p]).toBe(tokenizer.specialTokens.pad);
        const ids = datasetRow(s, i).ids;
        expect(Array.from(tokenizer.encode(tokenizer.decode(ids, { skipSpecialTokens: true })))).toEqual(Array.from(ids));
      }
    }
  });

  it('each example has exactly one signal token, at its decisive position, of the label’s polarity', () => {
    const pos = new Set(task.positiveIds);
    const neg = new Set(task.negativeIds);
    for (const [, s] of splits(task)) {
      expect(s.decisive.length).toBe(s.size);
      for (let i = 0; i < s.size; i++) {
        const ids = datasetRow(s, i).ids;
        const signal = Array.from(ids.keys()).filter((p) => pos.has(ids[p]!) || neg.has(ids[p]!));
        expect(Array.from(s.decisive[i]!)).toEqual(signal);
        expect(signal.length).toBe(1);
        expect((s.labels[i] === 1 ? pos : neg).has(ids[signal[0]!]!)).toBe(true);
      }
    }
  });

  it('classes are balanced in every split', () => {
    for (const [, s] of splits(task)) {
      const ones = s.labels.reduce((a, b) => a + b, 0);
      expect(ones).toBe(Math.floor(s.size / 2));
    }
    const odd = plantedTokenTask({ size: 31, fractions: { train: 1, validation: 0, test: 0 } });
    expect(odd.train.labels.reduce((a, b) => a + b, 0)).toBe(15);
    expect(odd.validation.size).toBe(0);
  });

  it('is deterministic for a seed and differs for another seed', () => {
    const again = plantedTokenTask({ size: 1000, length: 12, minLength: 4, fillerWords: 30, signalWords: 3, seed: 7 });
    for (const name of ['train', 'validation', 'test'] as const) {
      expect(Array.from(again[name].ids)).toEqual(Array.from(task[name].ids));
      expect(Array.from(again[name].labels)).toEqual(Array.from(task[name].labels));
      expect(again[name].decisive.map((d) => Array.from(d))).toEqual(task[name].decisive.map((d) => Array.from(d)));
    }
    const other = plantedTokenTask({ size: 1000, length: 12, minLength: 4, fillerWords: 30, signalWords: 3, seed: 8 });
    expect(Array.from(other.train.ids)).not.toEqual(Array.from(task.train.ids));
  });

  it('labelOf counts positive minus negative signal tokens', () => {
    const [p0, p1] = task.positiveIds;
    const [n0] = task.negativeIds;
    const w = task.fillerIds[0]!;
    expect(task.labelOf([2, w, p0!, w])).toBe(1);
    expect(task.labelOf([2, w, n0!, w])).toBe(0);
    expect(task.labelOf([2, w, w])).toBe(0);
    expect(task.labelOf([2, p0!, n0!])).toBe(0);
    expect(task.labelOf([p0!, p1!, n0!, 0, 0])).toBe(1);
    expect(task.labelOf(new Int32Array(0))).toBe(0);
  });

  it('rejects bad options', () => {
    expect(() => plantedTokenTask({ length: 1 })).toThrow(InputRangeError);
    expect(() => plantedTokenTask({ length: 8, minLength: 9 })).toThrow(InputRangeError);
    expect(() => plantedTokenTask({ size: 0 })).toThrow(InputRangeError);
    expect(() => plantedTokenTask({ fillerWords: 0 })).toThrow(InputRangeError);
    expect(() => plantedTokenTask({ fractions: { train: 0.5, validation: 0.2, test: 0.2 } })).toThrow(InputRangeError);
    expect(() => plantedTokenTask({ seed: 1.5 })).toThrow(InputTypeError);
    expect(() => plantedTokenTask({ sizes: 3 } as never)).toThrow(InputTypeError);
    expect(() => task.labelOf(null as never)).toThrow(InputTypeError);
  });
});
