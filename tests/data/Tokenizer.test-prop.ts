import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Tokenizer } from '../../src/data/index.js';

const word = fc.stringMatching(/^[a-z0-9][a-z0-9]{0,7}(?:'[a-z]{1,3})?$/);
const symbol = fc.constantFrom('$', '!', '?', '%', '€', '£');
const token = fc.oneof(word, symbol);
const separator = fc.constantFrom(' ', '  ', '\n', ', ', '. ', ' - ', '\t', ' ; ');

describe('Tokenizer properties', () => {
  it('decode(encode(text)) equals the tokens of text when every word is in the vocabulary', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(token, separator), { maxLength: 30 }), fc.boolean(), (parts, upper) => {
        let text = parts.map(([t, s]) => t + s).join('');
        if (upper) text = text.toUpperCase();
        const tok = Tokenizer.fromTexts([text]);
        const tokens = parts.map(([t]) => t);
        expect(tok.tokenize(text)).toEqual(tokens);
        expect(tok.decode(tok.encode(text, { addCls: false }))).toBe(tokens.join(' '));
        expect(Array.from(tok.encode(text)).includes(tok.specialTokens.unk)).toBe(false);
      }),
    );
  });

  it('encode(text, { maxLength }) is the prefix of the untruncated encoding', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 20 }), fc.integer({ min: 1, max: 25 }), fc.boolean(), (tokens, maxLength, addCls) => {
        const text = tokens.join(' ');
        const tok = Tokenizer.fromTexts([tokens.slice(0, 5).join(' ')]);
        const full = tok.encode(text, { addCls });
        const cut = tok.encode(text, { maxLength, addCls });
        expect(cut.length).toBe(Math.min(full.length, maxLength));
        expect(Array.from(cut)).toEqual(Array.from(full.slice(0, cut.length)));
      }),
    );
  });

  it('the vocabulary does not depend on the order of the texts', () => {
    fc.assert(
      fc.property(fc.array(fc.array(word, { maxLength: 8 }), { maxLength: 8 }), fc.integer({ min: 4, max: 12 }), (docs, maxVocab) => {
        const texts = docs.map((d) => d.join(' '));
        const a = Tokenizer.fromTexts(texts, { maxVocab }).toJSON();
        const b = Tokenizer.fromTexts([...texts].reverse(), { maxVocab }).toJSON();
        expect(b).toEqual(a);
      }),
    );
  });
});
