import { describe, expect, it } from 'vitest';
import { InputRangeError, InputTypeError } from '../../src/errors/index.js';
import { datasetRow, encodeDataset, Tokenizer } from '../../src/data/index.js';

describe('encodeDataset', () => {
  const tok = Tokenizer.fromTexts(['good day', 'bad day']);

  it('encodeDataset(tokenizer, examples, { maxLength }) pads rows on the right with [PAD] after [CLS] + tokens', () => {
    const ds = encodeDataset(tok, [{ text: 'good day', label: 1 }, { text: 'bad', label: 0 }, { text: '', label: 0 }], { maxLength: 4 });
    const [day, bad, good] = ['day', 'bad', 'good'].map((w) => tok.idOf(w));
    expect([day, bad, good]).toEqual([4, 5, 6]);
    expect(Array.from(ds.ids)).toEqual([2, good, day, 0, 2, bad, 0, 0, 2, 0, 0, 0]);
    expect(Array.from(ds.lengths)).toEqual([3, 2, 1]);
    expect(Array.from(ds.labels)).toEqual([1, 0, 0]);
    expect(ds.size).toBe(3);
    expect(ds.maxLength).toBe(4);
    expect(ds.numClasses).toBe(2);
    expect(ds.ids).toBeInstanceOf(Int32Array);
  });

  it('truncates to maxLength, so every row starts with [CLS] and lengths ≤ maxLength', () => {
    const ds = encodeDataset(tok, [{ text: 'good day bad day good', label: 2 }], { maxLength: 3 });
    expect(Array.from(ds.ids)).toEqual([2, tok.idOf('good'), tok.idOf('day')]);
    expect(Array.from(ds.lengths)).toEqual([3]);
    expect(ds.numClasses).toBe(3);
    expect(encodeDataset(tok, [{ text: 'good', label: 0 }], { maxLength: 1 }).ids[0]).toBe(2);
  });

  it('numClasses defaults to max(2, largest label + 1) and can be given', () => {
    expect(encodeDataset(tok, [], { maxLength: 5 }).numClasses).toBe(2);
    expect(encodeDataset(tok, [{ text: 'x', label: 0 }], { maxLength: 5, numClasses: 4 }).numClasses).toBe(4);
    expect(() => encodeDataset(tok, [{ text: 'x', label: 4 }], { maxLength: 5, numClasses: 4 })).toThrow(InputRangeError);
  });

  it('rejects bad input', () => {
    expect(() => encodeDataset({} as never, [], { maxLength: 2 })).toThrow(InputTypeError);
    expect(() => encodeDataset(tok, [], undefined as never)).toThrow(InputTypeError);
    expect(() => encodeDataset(tok, [], { maxLength: 0 })).toThrow(InputRangeError);
    expect(() => encodeDataset(tok, [{ text: 3 as never, label: 0 }], { maxLength: 2 })).toThrow(InputTypeError);
    expect(() => encodeDataset(tok, [{ text: 'a', label: -1 }], { maxLength: 2 })).toThrow(InputRangeError);
    expect(() => encodeDataset(tok, [{ text: 'a', label: 0.5 }], { maxLength: 2 })).toThrow(InputRangeError);
    expect(() => encodeDataset(tok, 'abc' as never, { maxLength: 2 })).toThrow(InputTypeError);
  });
});

describe('datasetRow', () => {
  const tok = Tokenizer.fromTexts(['good day', 'bad day']);
  const ds = encodeDataset(tok, [{ text: 'good day', label: 1 }, { text: 'bad', label: 0 }], { maxLength: 4 });

  it('datasetRow(ds, i) returns the unpadded ids (a copy) and the label', () => {
    const row = datasetRow(ds, 1);
    expect(Array.from(row.ids)).toEqual([2, tok.idOf('bad')]);
    expect(row.label).toBe(0);
    expect(Array.from(datasetRow(ds, 0).ids)).toEqual(Array.from(tok.encode('good day')));
    row.ids[0] = 99;
    expect(ds.ids[4]).toBe(2);
  });

  it('rejects an out-of-range index', () => {
    expect(() => datasetRow(ds, 2)).toThrow(InputRangeError);
    expect(() => datasetRow(ds, -1)).toThrow(InputRangeError);
    expect(() => datasetRow(null as never, 0)).toThrow(InputTypeError);
  });
});
