import { describe, expect, it } from 'vitest';
import { InputRangeError, InputTypeError } from '../../src/errors/index.js';
import { Tokenizer } from '../../src/data/index.js';

const TRAIN = ['The cat sat on the mat.', 'The dog sat!', 'A cat, a dog; the END?'];

describe('Tokenizer', () => {
  it('tokenize(text) lower-cases, keeps inner apostrophes and splits $ ! ? % € £ off as tokens', () => {
    const tok = new Tokenizer([]);
    expect(tok.tokenize('FREE $$$ for U!!')).toEqual(['free', '$', '$', '$', 'for', 'u', '!', '!']);
    expect(tok.tokenize("Don’t say 'hello', O'Reilly")).toEqual(["don't", 'say', 'hello', "o'reilly"]);
    expect(tok.tokenize('Win 100% now? €5 or £3 <b>x_y</b> a@b.com')).toEqual(['win', '100', '%', 'now', '?', '€', '5', 'or', '£', '3', 'b', 'x', 'y', 'b', 'a', 'b', 'com']);
    expect(tok.tokenize('Ｆｕｌｌ width, ﬁne café Ünïcödé')).toEqual(['full', 'width', 'fine', 'café', 'ünïcödé']);
    expect(tok.tokenize('  \n\t ')).toEqual([]);
    expect(tok.tokenize('[CLS] [PAD]')).toEqual(['cls', 'pad']);
  });

  it('has the fixed special ids [PAD]=0 [UNK]=1 [CLS]=2 [MASK]=3', () => {
    const tok = Tokenizer.fromTexts(TRAIN);
    expect(tok.specialTokens).toEqual({ pad: 0, unk: 1, cls: 2, mask: 3 });
    expect([0, 1, 2, 3].map((id) => tok.tokenOf(id))).toEqual(['[PAD]', '[UNK]', '[CLS]', '[MASK]']);
    expect(['[PAD]', '[UNK]', '[CLS]', '[MASK]'].map((t) => tok.idOf(t))).toEqual([0, 1, 2, 3]);
  });

  it('fromTexts ranks words by count, ties alphabetically, and is independent of text order', () => {
    const tok = Tokenizer.fromTexts(TRAIN);
    // the: 4; a, cat, dog, sat: 2; !, ?, end, mat, on: 1 (punctuation other than ! ? is dropped)
    expect(tok.toJSON().vocab.slice(4)).toEqual(['the', 'a', 'cat', 'dog', 'sat', '!', '?', 'end', 'mat', 'on']);
    expect(Tokenizer.fromTexts([...TRAIN].reverse()).toJSON()).toEqual(tok.toJSON());
    expect(Tokenizer.fromTexts(TRAIN).toJSON()).toEqual(tok.toJSON());
  });

  it('fromTexts honours maxVocab (specials included) and minCount', () => {
    const small = Tokenizer.fromTexts(TRAIN, { maxVocab: 7 });
    expect(small.vocabSize).toBe(7);
    expect(small.toJSON().vocab.slice(4)).toEqual(['the', 'a', 'cat']);
    const frequent = Tokenizer.fromTexts(TRAIN, { minCount: 2 });
    expect(frequent.toJSON().vocab.slice(4)).toEqual(['the', 'a', 'cat', 'dog', 'sat']);
    expect(Tokenizer.fromTexts(TRAIN, { maxVocab: 4 }).vocabSize).toBe(4);
  });

  it('encode(text) prepends [CLS] and maps unknown words to [UNK]', () => {
    const tok = Tokenizer.fromTexts(TRAIN);
    const the = tok.idOf('the');
    const cat = tok.idOf('cat');
    expect(Array.from(tok.encode('The cat purred'))).toEqual([2, the, cat, 1]);
    expect(Array.from(tok.encode('The cat purred', { addCls: false }))).toEqual([the, cat, 1]);
    expect(tok.idOf('purred')).toBe(1);
    expect(tok.idOf('The')).toBe(1); // idOf takes exact vocabulary entries
    expect(Array.from(tok.encode(''))).toEqual([2]);
    expect(tok.encode('the')).toBeInstanceOf(Int32Array);
  });

  it('encode truncates to maxLength ids, [CLS] included', () => {
    const tok = Tokenizer.fromTexts(TRAIN);
    const full = tok.encode('the cat sat on the mat');
    expect(full.length).toBe(7);
    expect(Array.from(tok.encode('the cat sat on the mat', { maxLength: 3 }))).toEqual(Array.from(full.slice(0, 3)));
    expect(Array.from(tok.encode('the cat sat on the mat', { maxLength: 1 }))).toEqual([2]);
    expect(Array.from(tok.encode('the cat sat on the mat', { maxLength: 3, addCls: false }))).toEqual(Array.from(full.slice(1, 4)));
    expect(tok.encode('the cat', { maxLength: 100 }).length).toBe(3);
  });

  it('decode(encode(text)) round-trips in-vocabulary text', () => {
    const tok = Tokenizer.fromTexts(TRAIN);
    const text = 'The cat sat on the MAT!';
    expect(tok.decode(tok.encode(text, { addCls: false }))).toBe(tok.tokenize(text).join(' '));
    expect(tok.decode(tok.encode(text))).toBe(`[CLS] ${tok.tokenize(text).join(' ')}`);
    expect(tok.decode([2, tok.idOf('cat'), 1, 3, 0, 0])).toBe('[CLS] cat [UNK] [MASK] [PAD] [PAD]');
    expect(tok.decode([2, tok.idOf('cat'), 1, 3, 0], { skipSpecialTokens: true })).toBe('cat');
    expect(tok.decode(new Int32Array(0))).toBe('');
  });

  it('toJSON / fromJSON round-trip, also through JSON text', () => {
    const tok = Tokenizer.fromTexts(TRAIN, { minCount: 1 });
    const back = Tokenizer.fromJSON(JSON.parse(JSON.stringify(tok)));
    expect(back.vocabSize).toBe(tok.vocabSize);
    expect(back.toJSON()).toEqual(tok.toJSON());
    for (const text of [...TRAIN, 'unknown words here', "don't"]) expect(Array.from(back.encode(text))).toEqual(Array.from(tok.encode(text)));
    for (let id = 0; id < tok.vocabSize; id++) expect(back.tokenOf(id)).toBe(tok.tokenOf(id));
  });

  it('new Tokenizer(words) assigns ids from 4 in order', () => {
    const tok = new Tokenizer(['zebra', 'apple', '$', "can't"]);
    expect([tok.idOf('zebra'), tok.idOf('apple'), tok.idOf('$'), tok.idOf("can't")]).toEqual([4, 5, 6, 7]);
    expect(tok.vocabSize).toBe(8);
  });

  it('rejects bad vocabularies, bad options and bad ids', () => {
    expect(() => new Tokenizer(['a', 'a'])).toThrow(InputRangeError);
    expect(() => new Tokenizer(['[CLS]'])).toThrow(InputRangeError);
    expect(() => new Tokenizer(['Upper'])).toThrow(InputRangeError);
    expect(() => new Tokenizer(['two words'])).toThrow(InputRangeError);
    expect(() => new Tokenizer([3 as never])).toThrow(InputTypeError);
    expect(() => new Tokenizer('abc' as never)).toThrow(InputTypeError);
    expect(() => Tokenizer.fromTexts(TRAIN, { maxVocab: 3 })).toThrow(InputRangeError);
    expect(() => Tokenizer.fromTexts(TRAIN, { minCount: 0 })).toThrow(InputRangeError);
    expect(() => Tokenizer.fromTexts(TRAIN, { maxvocab: 3 } as never)).toThrow(InputTypeError);
    expect(() => Tokenizer.fromTexts([1 as never])).toThrow(InputTypeError);
    const tok = Tokenizer.fromTexts(TRAIN);
    expect(() => tok.encode('a', { maxLength: 0 })).toThrow(InputRangeError);
    expect(() => tok.encode(5 as never)).toThrow(InputTypeError);
    expect(() => tok.decode([tok.vocabSize])).toThrow(InputRangeError);
    expect(() => tok.decode([1.5])).toThrow(InputRangeError);
    expect(() => tok.tokenOf(-1)).toThrow(InputRangeError);
    expect(() => Tokenizer.fromJSON({ format: 'x', version: 1, vocab: [] } as never)).toThrow(InputTypeError);
    expect(() => Tokenizer.fromJSON({ format: 'faithcheck-tokenizer', version: 1, vocab: ['[PAD]', '[CLS]', '[UNK]', '[MASK]'] })).toThrow(InputRangeError);
  });
});
