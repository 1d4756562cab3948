import { InputTypeError } from '../errors/index.js';
import { lengthOf } from '../internal/tensor.js';
import { checkInteger, checkOptions, checkSeed } from '../internal/options.js';
import { createRng } from '../random/createRng.js';
import type { Rng } from '../random/createRng.js';
import { checkFractions, DEFAULT_FRACTIONS, splitSizes } from './internal/splits.js';
import { Tokenizer } from './Tokenizer.js';
import type { PlantedTokenDataset, PlantedTokenSplit, PlantedTokenTaskOptions } from './types.js';

/** Defaults of {@link plantedTokenTask}. */
const DEFAULTS = Object.freeze({ size: 2000, fractions: DEFAULT_FRACTIONS, length: 16, fillerWords: 50, signalWords: 2, seed: 0 });

/**
 * A synthetic binary task whose label is a known function of known positions: ground truth for
 * benchmarking token-level explanations.
 *
 * **Vocabulary.** `[PAD] [UNK] [CLS] [MASK]`, then the positive signal words `pos0 … pos{s−1}`, the
 * negative signal words `neg0 … neg{s−1}` (`s = signalWords`) and the filler words `w0 … w{f−1}`
 * (`f = fillerWords`), in that id order, as a {@link Tokenizer} — so `encode`/`decode` work on the
 * task's text (`tokenizer.decode(row)` → `'[CLS] w3 pos1 w17 …'`).
 *
 * **Rule** (`labelOf`): label = 1 if the sequence holds more positive than negative signal tokens,
 * else 0. **Generation:** every sequence is `[CLS]` followed by `length − 1` tokens (or a length drawn
 * uniformly from `[minLength, length]`), all filler words drawn uniformly except **exactly one**
 * signal token at a uniformly drawn position: a positive word (drawn uniformly) for a label-1
 * example, a negative word for a label-0 example. Labels are computed by `labelOf` from the generated
 * tokens, so there is no label noise. Each split has ⌊n/2⌋ positive examples and ⌈n/2⌉ negative ones,
 * in random order.
 *
 * **Decisive positions.** `decisive[i]` holds the position of that one signal token. Replacing any
 * other position with any non-signal token never changes the label; replacing the decisive token with
 * a signal word of the other polarity always flips it (replacing it with a filler gives label 0).
 *
 * Every draw comes from `createRng(seed)`, in split order (train, validation, test): the same seed
 * gives identical datasets.
 *
 * @param options - `size` (default 2000, over all splits), `fractions` (default 0.8/0.1/0.1),
 *   `length` (default 16, with `[CLS]`), `minLength` (default `length`), `fillerWords` (default 50),
 *   `signalWords` (default 2), `seed` (default 0).
 * @returns the tokenizer, the three splits (padded to `length`, with aligned `decisive`), the signal
 *   and filler ids, and `labelOf`.
 * @throws InputTypeError if an option has the wrong type.
 * @throws InputRangeError if an option is out of range (`size` ≥ 1, `length` ≥ 2, `minLength` in
 *   `[2, length]`, `fillerWords` ≥ 1, `signalWords` ≥ 1, fractions in [0, 1] summing to 1).
 * @example
 * const task = plantedTokenTask({ size: 100, length: 6, seed: 1 });
 * const row = datasetRow(task.train, 1).ids; // => Int32Array [2, 44, 5, 11, 20, 45]
 * task.tokenizer.decode(row); // => '[CLS] w36 pos1 w3 w12 w37'
 * task.train.decisive[1]; // => Int32Array [2]   (the position of pos1)
 * task.train.labels[1]; // => 1
 * task.labelOf(row); // => 1
 */
export function plantedTokenTask(options?: PlantedTokenTaskOptions): PlantedTokenDataset {
  const fn = 'plantedTokenTask';
  const opts = checkOptions<PlantedTokenTaskOptions>(fn, options, ['size', 'fractions', 'length', 'minLength', 'fillerWords', 'signalWords', 'seed']);
  const size = checkInteger(fn, 'size', opts.size ?? DEFAULTS.size, 1, 2 ** 24);
  const fractions = checkFractions(fn, opts.fractions);
  const length = checkInteger(fn, 'length', opts.length ?? DEFAULTS.length, 2, 2 ** 16);
  const minLength = checkInteger(fn, 'minLength', opts.minLength ?? length, 2, length);
  const fillerWords = checkInteger(fn, 'fillerWords', opts.fillerWords ?? DEFAULTS.fillerWords, 1, 2 ** 20);
  const signalWords = checkInteger(fn, 'signalWords', opts.signalWords ?? DEFAULTS.signalWords, 1, 2 ** 16);
  const seed = checkSeed(fn, opts.seed ?? DEFAULTS.seed);

  const words: string[] = [];
  for (let k = 0; k < signalWords; k++) words.push(`pos${k}`);
  for (let k = 0; k < signalWords; k++) words.push(`neg${k}`);
  for (let k = 0; k < fillerWords; k++) words.push(`w${k}`);
  const tokenizer = new Tokenizer(words);
  const posStart = 4;
  const negStart = posStart + signalWords;
  const fillStart = negStart + signalWords;
  const range = (start: number, n: number): Int32Array => Int32Array.from({ length: n }, (_, k) => start + k);

  const labelOf = (tokens: ArrayLike<number>): 0 | 1 => {
    if (tokens === null || typeof tokens !== 'object') {
      throw new InputTypeError('plantedTokenTask.labelOf', 'tokens must be an array of token ids', tokens);
    }
    lengthOf('plantedTokenTask.labelOf', 'tokens', tokens);
    let balance = 0;
    for (let p = 0; p < tokens.length; p++) {
      const t = tokens[p]!;
      if (t >= posStart && t < negStart) balance++;
      else if (t >= negStart && t < fillStart) balance--;
    }
    return balance > 0 ? 1 : 0;
  };

  const rng = createRng(seed);
  const [nTrain, nValidation, nTest] = splitSizes(size, fractions);
  const generate = (n: number): PlantedTokenSplit => generateSplit(rng, n, length, minLength, { posStart, negStart, fillStart, signalWords, fillerWords, cls: tokenizer.specialTokens.cls }, labelOf);
  const train = generate(nTrain);
  const validation = generate(nValidation);
  const test = generate(nTest);
  return {
    tokenizer,
    train,
    validation,
    test,
    positiveIds: range(posStart, signalWords),
    negativeIds: range(negStart, signalWords),
    fillerIds: range(fillStart, fillerWords),
    labelOf,
    seed,
  };
}

interface Layout {
  readonly posStart: number;
  readonly negStart: number;
  readonly fillStart: number;
  readonly signalWords: number;
  readonly fillerWords: number;
  readonly cls: number;
}

/** One split of `n` examples, ⌊n/2⌋ of them positive, in a random order. */
function generateSplit(rng: Rng, n: number, length: number, minLength: number, v: Layout, labelOf: (tokens: ArrayLike<number>) => 0 | 1): PlantedTokenSplit {
  const planned = new Int32Array(n);
  planned.fill(1, 0, Math.floor(n / 2));
  rng.shuffle(planned);
  const ids = new Int32Array(n * length);
  const lengths = new Int32Array(n);
  const labels = new Int32Array(n);
  const decisive: Int32Array[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const len = minLength + rng.nextInt(length - minLength + 1);
    const row = ids.subarray(i * length, i * length + len);
    row[0] = v.cls;
    for (let p = 1; p < len; p++) row[p] = v.fillStart + rng.nextInt(v.fillerWords);
    const position = 1 + rng.nextInt(len - 1);
    row[position] = (planned[i] === 1 ? v.posStart : v.negStart) + rng.nextInt(v.signalWords);
    lengths[i] = len;
    labels[i] = labelOf(row);
    decisive[i] = Int32Array.of(position);
  }
  return { ids, lengths, labels, size: n, maxLength: length, numClasses: 2, decisive };
}
