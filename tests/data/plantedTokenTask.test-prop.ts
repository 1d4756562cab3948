import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasetRow, plantedTokenTask } from '../../src/data/index.js';

const taskOptions = fc.record({
  size: fc.integer({ min: 2, max: 60 }),
  length: fc.integer({ min: 2, max: 20 }),
  fillerWords: fc.integer({ min: 1, max: 20 }),
  signalWords: fc.integer({ min: 1, max: 4 }),
  seed: fc.integer({ min: -1000, max: 1000 }),
});

describe('plantedTokenTask properties', () => {
  it('changing a non-decisive position to any non-signal token never changes the label', () => {
    fc.assert(
      fc.property(taskOptions, fc.nat(), fc.nat(), fc.nat(), (opts, pickRow, pickPos, pickToken) => {
        const task = plantedTokenTask({ ...opts, fractions: { train: 1, validation: 0, test: 0 } });
        const s = task.train;
        const i = pickRow % s.size;
        const ids = datasetRow(s, i).ids;
        const decisive = new Set(s.decisive[i]);
        const free = Array.from(ids.keys()).filter((p) => !decisive.has(p));
        fc.pre(free.length > 0);
        const neutral = [0, 1, 2, 3, ...task.fillerIds];
        ids[free[pickPos % free.length]!] = neutral[pickToken % neutral.length]!;
        expect(task.labelOf(ids)).toBe(s.labels[i]);
      }),
    );
  });

  it('swapping the decisive token for a signal word of the other polarity flips the label', () => {
    fc.assert(
      fc.property(taskOptions, fc.nat(), fc.nat(), (opts, pickRow, pickToken) => {
        const task = plantedTokenTask({ ...opts, fractions: { train: 1, validation: 0, test: 0 } });
        const s = task.train;
        const i = pickRow % s.size;
        const ids = datasetRow(s, i).ids;
        const other = s.labels[i] === 1 ? task.negativeIds : task.positiveIds;
        for (const p of s.decisive[i]!) ids[p] = other[pickToken % other.length]!;
        expect(task.labelOf(ids)).toBe(1 - s.labels[i]!);
      }),
    );
  });

  it('replacing the decisive token with a filler word gives label 0 (flips every positive example)', () => {
    fc.assert(
      fc.property(taskOptions, fc.nat(), fc.nat(), (opts, pickRow, pickToken) => {
        const task = plantedTokenTask({ ...opts, fractions: { train: 1, validation: 0, test: 0 } });
        const s = task.train;
        const i = pickRow % s.size;
        const ids = datasetRow(s, i).ids;
        for (const p of s.decisive[i]!) ids[p] = task.fillerIds[pickToken % task.fillerIds.length]!;
        expect(task.labelOf(ids)).toBe(0);
      }),
    );
  });

  it('every split is balanced and every stored label is labelOf of its row', () => {
    fc.assert(
      fc.property(taskOptions, (opts) => {
        const task = plantedTokenTask(opts);
        for (const s of [task.train, task.validation, task.test]) {
          let ones = 0;
          for (let i = 0; i < s.size; i++) {
            expect(task.labelOf(datasetRow(s, i).ids)).toBe(s.labels[i]);
            ones += s.labels[i]!;
          }
          expect(ones).toBe(Math.floor(s.size / 2));
        }
      }),
      { numRuns: 50 },
    );
  });
});
