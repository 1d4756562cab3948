import { describe, expect, it } from 'vitest';
import { cleanEmail, datasetRow, encodeDataset, plantedTokenTask, Tokenizer } from '../../src/data/index.js';

// The @example blocks of src/data, executed.
describe('faithcheck/data documented examples', () => {
  it('Tokenizer', () => {
    const tok = Tokenizer.fromTexts(['the cat sat', 'the dog'], { maxVocab: 10 });
    expect(tok.tokenize('The CAT!')).toEqual(['the', 'cat', '!']);
    expect(Array.from(tok.encode('the cat barked'))).toEqual([2, 4, 5, 1]);
    expect(tok.decode(tok.encode('the cat'))).toBe('[CLS] the cat');
    expect(tok.tokenize('Don’t pay $100!')).toEqual(["don't", 'pay', '$', '100', '!']);
    expect(Tokenizer.fromTexts(['b a', 'a c'], { maxVocab: 6 }).toJSON().vocab).toEqual(['[PAD]', '[UNK]', '[CLS]', '[MASK]', 'a', 'b']);
  });

  it('encodeDataset and datasetRow', () => {
    const tok = Tokenizer.fromTexts(['good day', 'bad day']);
    const ds = encodeDataset(tok, [{ text: 'good day', label: 1 }, { text: 'bad', label: 0 }], { maxLength: 4 });
    expect(Array.from(ds.ids)).toEqual([2, 6, 4, 0, 2, 5, 0, 0]);
    expect(Array.from(ds.lengths)).toEqual([3, 2]);
    const row = datasetRow(ds, 1);
    expect({ ids: Array.from(row.ids), label: row.label }).toEqual({ ids: [2, 5], label: 0 });
  });

  it('cleanEmail', () => {
    expect(cleanEmail('From: a@b.c\nSubject: =?utf-8?Q?Caf=C3=A9?= deals\nContent-Type: text/html\n\n<p>Cheap&nbsp;<b>V</b>ia<b>gra</b>!</p>')).toEqual({
      subject: 'Café deals',
      body: 'Cheap Viagra!',
      text: 'Café deals Cheap Viagra!',
    });
  });

  it('plantedTokenTask', () => {
    const task = plantedTokenTask({ size: 100, length: 6, seed: 1 });
    const row = datasetRow(task.train, 1).ids;
    expect(Array.from(row)).toEqual([2, 44, 5, 11, 20, 45]);
    expect(task.tokenizer.decode(row)).toBe('[CLS] w36 pos1 w3 w12 w37');
    expect(Array.from(task.train.decisive[1]!)).toEqual([2]);
    expect(task.train.labels[1]).toBe(1);
    expect(task.labelOf(row)).toBe(1);
  });
});
