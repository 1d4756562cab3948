import { InputRangeError, InputTypeError } from '../errors/index.js';
import { checkInteger, checkOptions } from '../internal/options.js';
import type { Tokenizer } from './Tokenizer.js';
import type { LabelledText, TokenizedDataset } from './types.js';

/** Options of {@link encodeDataset}. */
export interface EncodeDatasetOptions {
  /** Row width: texts are truncated to `maxLength` ids, `[CLS]` included; ≥ 1. Required. */
  readonly maxLength: number;
  /** Number of classes; ≥ 2 and above every label. Default `max(2, largest label + 1)`. */
  readonly numClasses?: number;
}

/**
 * Tokenize labelled texts into a padded {@link TokenizedDataset}: row `i` is
 * `tokenizer.encode(examples[i].text, { maxLength })` (so `[CLS]` first, truncated), right-padded
 * with the pad id 0 to `maxLength`.
 *
 * Complexity: O(total characters + size · maxLength).
 *
 * @param tokenizer - the vocabulary (built from the training split).
 * @param examples - `{ text, label }` items; labels are integers ≥ 0.
 * @param options - `maxLength` (required), `numClasses` (default `max(2, largest label + 1)`).
 * @returns a fresh dataset; nothing aliases the inputs.
 * @throws InputTypeError if `tokenizer` is not a {@link Tokenizer}, an example is malformed or an option has the wrong type.
 * @throws InputRangeError if `maxLength` < 1, a label is not an integer in `[0, numClasses)`, or `numClasses` < 2.
 * @example
 * const tok = Tokenizer.fromTexts(['good day', 'bad day']);
 * const ds = encodeDataset(tok, [{ text: 'good day', label: 1 }, { text: 'bad', label: 0 }], { maxLength: 4 });
 * ds.ids; // => Int32Array [2, 6, 4, 0,  2, 5, 0, 0]   (day: 4 — most frequent; bad: 5, good: 6 — alphabetical)
 * ds.lengths; // => Int32Array [3, 2]
 */
export function encodeDataset(tokenizer: Tokenizer, examples: readonly LabelledText[], options: EncodeDatasetOptions): TokenizedDataset {
  const fn = 'encodeDataset';
  // duck-typed rather than `instanceof`, so a Tokenizer from another bundle of this package (ESM vs CJS) works
  if (tokenizer === null || typeof tokenizer !== 'object' || typeof tokenizer.encode !== 'function') {
    throw new InputTypeError(fn, 'tokenizer must be a Tokenizer', tokenizer);
  }
  if (options === undefined) throw new InputTypeError(fn, 'options.maxLength is required', options);
  const opts = checkOptions<EncodeDatasetOptions>(fn, options, ['maxLength', 'numClasses']);
  const maxLength = checkInteger(fn, 'maxLength', opts.maxLength, 1, 2 ** 31 - 1);
  if (!Array.isArray(examples)) throw new InputTypeError(fn, 'examples must be an array of { text, label }', examples);
  const size = examples.length;
  let maxLabel = -1;
  for (let i = 0; i < size; i++) {
    const ex = examples[i] as LabelledText | null | undefined;
    if (ex === null || typeof ex !== 'object' || typeof ex.text !== 'string') {
      throw new InputTypeError(fn, `examples[${i}] must be { text: string, label: number }`, ex);
    }
    if (!Number.isInteger(ex.label) || ex.label < 0) throw new InputRangeError(fn, `examples[${i}].label must be an integer ≥ 0`, ex.label);
    if (ex.label > maxLabel) maxLabel = ex.label;
  }
  const numClasses = opts.numClasses === undefined ? Math.max(2, maxLabel + 1) : checkInteger(fn, 'numClasses', opts.numClasses, 2, 2 ** 31 - 1);
  if (maxLabel >= numClasses) throw new InputRangeError(fn, `labels must be below numClasses = ${numClasses}`, maxLabel);
  if (size * maxLength > 2 ** 31 - 1) throw new InputRangeError(fn, 'size · maxLength must fit in an Int32Array', size * maxLength);

  const ids = new Int32Array(size * maxLength); // zero = the pad id
  const lengths = new Int32Array(size);
  const labels = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const row = tokenizer.encode(examples[i]!.text, { maxLength });
    ids.set(row, i * maxLength);
    lengths[i] = row.length;
    labels[i] = examples[i]!.label;
  }
  return { ids, lengths, labels, size, maxLength, numClasses };
}
