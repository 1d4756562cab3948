import { InputRangeError, InputTypeError } from '../errors/index.js';
import { iterateInput } from '../internal/iterate.js';
import { lengthOf } from '../internal/tensor.js';
import { checkBoolean, checkInteger, checkOptions } from '../internal/options.js';
import type { SpecialTokens, TokenizerJSON } from './types.js';

/** Options of {@link Tokenizer.fromTexts}. */
export interface TokenizerFromTextsOptions {
  /** Largest vocabulary size, **including** the four special tokens; ≥ 4. Default `20000`. */
  readonly maxVocab?: number;
  /** Smallest number of occurrences for a word to enter the vocabulary; ≥ 1. Default `1`. */
  readonly minCount?: number;
}

/** Options of {@link Tokenizer.encode}. */
export interface TokenizerEncodeOptions {
  /** Truncate the result to this many ids (`[CLS]` included); ≥ 1 or `Infinity`. Default `Infinity`. */
  readonly maxLength?: number;
  /** Prepend `[CLS]`. Default `true`. */
  readonly addCls?: boolean;
}

/** Options of {@link Tokenizer.decode}. */
export interface TokenizerDecodeOptions {
  /** Leave out the special tokens (`[PAD]`, `[UNK]`, `[CLS]`, `[MASK]`). Default `false`. */
  readonly skipSpecialTokens?: boolean;
}

const SPECIAL_NAMES = Object.freeze(['[PAD]', '[UNK]', '[CLS]', '[MASK]'] as const);
const SPECIALS: SpecialTokens = Object.freeze({ pad: 0, unk: 1, cls: 2, mask: 3 });

/** Defaults of {@link Tokenizer.fromTexts} and {@link Tokenizer.encode}. */
const DEFAULTS = Object.freeze({ maxVocab: 20000, minCount: 1, maxLength: Infinity, addCls: true, skipSpecialTokens: false });

/**
 * A word: a letter or digit, then letters, digits and combining marks, with single inner
 * apostrophes allowed (`don't`, `o'reilly`); or one of the symbols `$ € £ % ! ?` on its own.
 */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*(?:'[\p{L}\p{N}\p{M}]+)*|[$€£%!?]/gu;
/** Typographic apostrophes folded to `'` before matching. */
const APOSTROPHES = /[\u2018\u2019\u02BC\uFF07]/g;

/**
 * A word-level tokenizer with a fixed vocabulary.
 *
 * **Rules.** `tokenize(text)` applies Unicode NFKC normalisation, lower-cases, folds the typographic
 * apostrophes `‘ ’ ʼ` to `'`, and returns every match of the word pattern, left to right:
 * a letter or digit followed by letters, digits and combining marks, with single inner apostrophes
 * (`don't` is one token; `'quoted'` gives `quoted`); or one of `$ € £ % ! ?` as a token of its own
 * (they carry signal in spam). Everything else — punctuation, `@`, `_`, whitespace, markup — separates
 * tokens and is dropped. So `"FREE $$$ for U!!"` → `free $ $ $ for u ! !`.
 *
 * **Ids.** The four special tokens have fixed ids `[PAD]` = 0, `[UNK]` = 1, `[CLS]` = 2, `[MASK]` = 3;
 * words follow from id 4. The special tokens never come out of `tokenize` (brackets are dropped),
 * so text can never inject them. Words outside the vocabulary encode to `[UNK]`.
 *
 * @example
 * const tok = Tokenizer.fromTexts(['the cat sat', 'the dog'], { maxVocab: 10 });
 * tok.tokenize('The CAT!'); // => ['the', 'cat', '!']
 * tok.encode('the cat barked'); // => Int32Array [2, 4, 5, 1]   ([CLS] the cat [UNK])
 * tok.decode(tok.encode('the cat')); // => '[CLS] the cat'
 */
export class Tokenizer {
  /** Ids of the special tokens: `{ pad: 0, unk: 1, cls: 2, mask: 3 }`. */
  readonly specialTokens: SpecialTokens = SPECIALS;
  /** Number of ids, special tokens included. */
  readonly vocabSize: number;
  readonly #tokens: readonly string[];
  readonly #ids: ReadonlyMap<string, number>;

  /**
   * A tokenizer whose words (after the four special tokens) are `words`, in order, from id 4.
   *
   * @param words - distinct words, each a single token under the tokenizer's rules (lower case,
   *   e.g. `'hello'`, `'don't'`, `'$'`); not a special token.
   * @throws InputTypeError if a word is not a string.
   * @throws InputRangeError if a word is repeated, is a special token, or does not tokenize to itself.
   */
  constructor(words: Iterable<string>) {
    const fn = 'Tokenizer';
    if (words === null || typeof words !== 'object' || typeof (words as Iterable<string>)[Symbol.iterator] !== 'function') {
      throw new InputTypeError(fn, 'words must be an iterable of strings', words);
    }
    const tokens: string[] = [...SPECIAL_NAMES];
    const ids = new Map<string, number>(tokens.map((t, i) => [t, i]));
    for (const word of iterateInput(fn, 'words', words)) {
      if (typeof word !== 'string') throw new InputTypeError(fn, 'every word must be a string', word);
      if (ids.has(word)) {
        throw new InputRangeError(fn, ids.get(word)! < 4 ? 'a word cannot be a special token' : 'words must be distinct', word);
      }
      const parts = tokenizeText(word);
      if (parts.length !== 1 || parts[0] !== word) throw new InputRangeError(fn, 'every word must be a single token under the tokenizer rules', word);
      ids.set(word, tokens.length);
      tokens.push(word);
    }
    this.#tokens = tokens;
    this.#ids = ids;
    this.vocabSize = tokens.length;
  }

  /**
   * Build the vocabulary from `texts` (pass the training split only, so nothing about validation
   * or test leaks into the vocabulary). Words are ranked by count, most frequent first; ties are
   * broken alphabetically (by UTF-16 code units, so the order is the same everywhere). Words seen
   * fewer than `minCount` times are left out, and the list is cut so that the vocabulary, special
   * tokens included, has at most `maxVocab` ids.
   *
   * Complexity: O(total characters + W log W) for W distinct words.
   *
   * @param texts - the texts to count words in.
   * @param options - `maxVocab` (default 20000, specials included), `minCount` (default 1).
   * @returns a new tokenizer.
   * @throws InputTypeError if a text is not a string or an option has the wrong type.
   * @throws InputRangeError if `maxVocab` < 4 or `minCount` < 1.
   * @example
   * Tokenizer.fromTexts(['b a', 'a c'], { maxVocab: 6 }).toJSON().vocab;
   * // => ['[PAD]', '[UNK]', '[CLS]', '[MASK]', 'a', 'b']   (a: 2; b, c: 1, b before c)
   */
  static fromTexts(texts: Iterable<string>, options?: TokenizerFromTextsOptions): Tokenizer {
    const fn = 'Tokenizer.fromTexts';
    const opts = checkOptions<TokenizerFromTextsOptions>(fn, options, ['maxVocab', 'minCount']);
    const maxVocab = checkInteger(fn, 'maxVocab', opts.maxVocab ?? DEFAULTS.maxVocab, 4, 2 ** 31 - 1);
    const minCount = checkInteger(fn, 'minCount', opts.minCount ?? DEFAULTS.minCount, 1, 2 ** 53);
    if (texts === null || typeof texts !== 'object' || typeof (texts as Iterable<string>)[Symbol.iterator] !== 'function') {
      throw new InputTypeError(fn, 'texts must be an iterable of strings', texts);
    }
    const counts = new Map<string, number>();
    for (const text of iterateInput(fn, 'texts', texts)) {
      if (typeof text !== 'string') throw new InputTypeError(fn, 'every text must be a string', text);
      for (const token of tokenizeText(text)) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    const ranked = [...counts].filter(([, c]) => c >= minCount);
    ranked.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return new Tokenizer(ranked.slice(0, maxVocab - SPECIAL_NAMES.length).map(([t]) => t));
  }

  /**
   * Rebuild a tokenizer from {@link Tokenizer.toJSON} output (or its `JSON.parse`d text).
   *
   * @param json - `{ format: 'faithcheck-tokenizer', version: 1, vocab }`.
   * @returns a tokenizer with exactly the ids of the one serialised.
   * @throws InputTypeError if `json` is not a tokenizer serialisation.
   * @throws InputRangeError if its vocabulary is invalid (see the constructor).
   */
  static fromJSON(json: TokenizerJSON): Tokenizer {
    const fn = 'Tokenizer.fromJSON';
    if (json === null || typeof json !== 'object') throw new InputTypeError(fn, 'json must be an object', json);
    if (json.format !== 'faithcheck-tokenizer' || json.version !== 1) {
      throw new InputTypeError(fn, "json must have format 'faithcheck-tokenizer' and version 1", json);
    }
    const vocab = json.vocab;
    if (!Array.isArray(vocab)) throw new InputTypeError(fn, 'json.vocab must be an array of strings', vocab);
    for (let i = 0; i < SPECIAL_NAMES.length; i++) {
      if (vocab[i] !== SPECIAL_NAMES[i]) throw new InputRangeError(fn, `json.vocab[${i}] must be '${SPECIAL_NAMES[i]}'`, vocab[i]);
    }
    return new Tokenizer(vocab.slice(SPECIAL_NAMES.length) as string[]);
  }

  /**
   * Split `text` into word tokens by the tokenizer's rules (see the class doc). Does not consult the
   * vocabulary.
   *
   * @example
   * tok.tokenize("Don’t pay $100!"); // => ["don't", 'pay', '$', '100', '!']
   */
  tokenize(text: string): string[] {
    if (typeof text !== 'string') throw new InputTypeError('Tokenizer.tokenize', 'text must be a string', text);
    return tokenizeText(text);
  }

  /**
   * Token ids of `text`: `[CLS]` (unless `addCls` is false), then the id of each token, `[UNK]` for
   * words outside the vocabulary; truncated to `maxLength` ids. Never padded.
   *
   * @param text - the text.
   * @param options - `maxLength` (default `Infinity`), `addCls` (default `true`).
   * @returns a fresh `Int32Array`.
   * @throws InputTypeError if `text` is not a string or an option has the wrong type.
   * @throws InputRangeError if `maxLength` < 1.
   */
  encode(text: string, options?: TokenizerEncodeOptions): Int32Array {
    const fn = 'Tokenizer.encode';
    const opts = checkOptions<TokenizerEncodeOptions>(fn, options, ['maxLength', 'addCls']);
    const maxLength = opts.maxLength ?? DEFAULTS.maxLength;
    if (maxLength !== Infinity) checkInteger(fn, 'maxLength', maxLength, 1, 2 ** 31 - 1);
    const addCls = checkBoolean(fn, 'addCls', opts.addCls ?? DEFAULTS.addCls);
    if (typeof text !== 'string') throw new InputTypeError(fn, 'text must be a string', text);
    const tokens = tokenizeText(text);
    const offset = addCls ? 1 : 0;
    const n = Math.min(tokens.length + offset, maxLength);
    const out = new Int32Array(n);
    if (addCls) out[0] = SPECIALS.cls;
    for (let i = offset; i < n; i++) out[i] = this.#ids.get(tokens[i - offset]!) ?? SPECIALS.unk;
    return out;
  }

  /**
   * The tokens of `ids` joined by single spaces (special tokens written `[PAD]`, `[UNK]`, `[CLS]`,
   * `[MASK]` unless `skipSpecialTokens`). For in-vocabulary text,
   * `decode(encode(text, { addCls: false })) === tokenize(text).join(' ')`.
   *
   * @throws InputTypeError if `ids` is not array-like.
   * @throws InputRangeError if an id is not an integer in `[0, vocabSize)`.
   */
  decode(ids: ArrayLike<number>, options?: TokenizerDecodeOptions): string {
    const fn = 'Tokenizer.decode';
    const opts = checkOptions<TokenizerDecodeOptions>(fn, options, ['skipSpecialTokens']);
    const skip = checkBoolean(fn, 'skipSpecialTokens', opts.skipSpecialTokens ?? DEFAULTS.skipSpecialTokens);
    if (ids === null || typeof ids !== 'object') throw new InputTypeError(fn, 'ids must be an array of integers', ids);
    lengthOf(fn, 'ids', ids);
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) throw new InputRangeError(fn, `ids[${i}] must be an integer in [0, ${this.vocabSize})`, id);
      if (skip && id < SPECIAL_NAMES.length) continue;
      out.push(this.#tokens[id]!);
    }
    return out.join(' ');
  }

  /**
   * The id of `token` (an exact vocabulary entry such as `'hello'` or `'[MASK]'`; not normalised), or
   * the `[UNK]` id if it is not in the vocabulary.
   */
  idOf(token: string): number {
    if (typeof token !== 'string') throw new InputTypeError('Tokenizer.idOf', 'token must be a string', token);
    return this.#ids.get(token) ?? SPECIALS.unk;
  }

  /**
   * The token with id `id`.
   *
   * @throws InputRangeError if `id` is not an integer in `[0, vocabSize)`.
   */
  tokenOf(id: number): string {
    checkInteger('Tokenizer.tokenOf', 'id', id, 0, this.vocabSize - 1);
    return this.#tokens[id]!;
  }

  /** A JSON-serialisable copy of the vocabulary; `Tokenizer.fromJSON(tok.toJSON())` rebuilds it. */
  toJSON(): TokenizerJSON {
    return { format: 'faithcheck-tokenizer', version: 1, vocab: [...this.#tokens] };
  }
}

/** The tokenizer's splitting rule (see {@link Tokenizer}). */
function tokenizeText(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().replace(APOSTROPHES, "'").match(WORD) ?? [];
}
