import type { Tokenizer } from './Tokenizer.js';

/**
 * A tokenized, padded classification dataset: the common format the training code consumes.
 *
 * Row `i` occupies `ids[i * maxLength … (i + 1) * maxLength)`; it starts with `[CLS]`
 * (`ids[i * maxLength]` is the tokenizer's `cls` id), holds `lengths[i]` real tokens and is
 * right-padded with the pad id (always `0`, see {@link Tokenizer.specialTokens}).
 */
export interface TokenizedDataset {
  /** `[size, maxLength]` row-major, right-padded with the pad id; `ids[i * maxLength]` is `[CLS]`. */
  readonly ids: Int32Array;
  /** `[size]` true lengths including `[CLS]` (each in `[1, maxLength]`). */
  readonly lengths: Int32Array;
  /** `[size]` class labels in `[0, numClasses)`. */
  readonly labels: Int32Array;
  /** Number of rows. */
  readonly size: number;
  /** Row width (the padded length). */
  readonly maxLength: number;
  /** Number of classes (labels are `0 … numClasses − 1`). */
  readonly numClasses: number;
}

/** One unpadded row of a {@link TokenizedDataset}, as returned by `datasetRow`. */
export interface DatasetRow {
  /** The row's token ids without padding (`lengths[i]` of them, `[CLS]` first); a fresh copy. */
  readonly ids: Int32Array;
  /** The row's label. */
  readonly label: number;
}

/** A labelled text, the input of `encodeDataset`. */
export interface LabelledText {
  readonly text: string;
  readonly label: number;
}

/** Ids of the four special tokens. They are the same in every {@link Tokenizer}. */
export interface SpecialTokens {
  /** `[PAD]` = 0: right padding in a {@link TokenizedDataset}. */
  readonly pad: number;
  /** `[UNK]` = 1: any word outside the vocabulary. */
  readonly unk: number;
  /** `[CLS]` = 2: prepended to every encoded sequence; the classifier reads its position. */
  readonly cls: number;
  /** `[MASK]` = 3: a neutral replacement token for ablation (never produced by `encode`). */
  readonly mask: number;
}

/** The serialised form of a {@link Tokenizer} (`tokenizer.toJSON()`, `Tokenizer.fromJSON(json)`). */
export interface TokenizerJSON {
  readonly format: 'faithcheck-tokenizer';
  readonly version: 1;
  /** Every token in id order, the four special tokens first. */
  readonly vocab: readonly string[];
}

/** Fractions of a dataset that go to each split; they must sum to 1. */
export interface SplitFractions {
  readonly train: number;
  readonly validation: number;
  readonly test: number;
}

/** The five message groups of the SpamAssassin public corpus. */
export type SpamAssassinGroup = 'easy-ham-1' | 'easy-ham-2' | 'hard-ham-1' | 'spam-1' | 'spam-2';

/** One cleaned, labelled e-mail of the SpamAssassin corpus. */
export interface SpamAssassinExample {
  /** Unique id `group/number`, e.g. `'spam-2/00001'` (the package's `id` is relative to its group). */
  readonly id: string;
  /** Source group. */
  readonly group: SpamAssassinGroup;
  /** 1 = spam (`spam-*` groups), 0 = ham (`*-ham-*` groups). */
  readonly label: 0 | 1;
  /** The cleaned subject line (may be empty). */
  readonly subject: string;
  /** Cleaned subject and body text joined by a space, whitespace collapsed, capped at `maxChars`. */
  readonly text: string;
}

/** Options of `loadSpamAssassin`. */
export interface LoadSpamAssassinOptions {
  /** Seed of the split shuffle. Default `0`. */
  readonly seed?: number;
  /** Split fractions (stratified by label). Default `{ train: 0.8, validation: 0.1, test: 0.1 }`. */
  readonly fractions?: SplitFractions;
  /** Cap on the length of each `text` in UTF-16 code units, cut at a word boundary where possible. Default `Infinity`. */
  readonly maxChars?: number;
}

/** The SpamAssassin corpus, cleaned, deduplicated and split. */
export interface SpamAssassinSplits {
  readonly train: readonly SpamAssassinExample[];
  readonly validation: readonly SpamAssassinExample[];
  readonly test: readonly SpamAssassinExample[];
  /** `labelNames[label]`: `['ham', 'spam']`. */
  readonly labelNames: readonly ['ham', 'spam'];
  /** The seed used for the split. */
  readonly seed: number;
  /** Ids of messages left out: empty after cleaning, or an exact duplicate (final text) of an earlier message. */
  readonly removed: {
    readonly empty: readonly string[];
    readonly duplicate: readonly string[];
  };
}

/** A split of the planted-token task: a {@link TokenizedDataset} plus its ground truth. */
export interface PlantedTokenSplit extends TokenizedDataset {
  /**
   * `decisive[i]`: the positions in row `i` (0 = `[CLS]`) whose tokens determine `labels[i]`,
   * ascending. The label is a function of the tokens at these positions only.
   */
  readonly decisive: readonly Int32Array[];
}

/** Options of `plantedTokenTask`. */
export interface PlantedTokenTaskOptions {
  /** Total number of examples over the three splits. Default `2000`. */
  readonly size?: number;
  /** Split fractions. Default `{ train: 0.8, validation: 0.1, test: 0.1 }`. */
  readonly fractions?: SplitFractions;
  /** Sequence length including `[CLS]` (the longest, when `minLength` is smaller); ≥ 2. Default `16`. */
  readonly length?: number;
  /** Shortest sequence length including `[CLS]`, in `[2, length]`; lengths are uniform in `[minLength, length]`. Default `length`. */
  readonly minLength?: number;
  /** Number of filler words `w0 … w{n−1}`. Default `50`. */
  readonly fillerWords?: number;
  /** Number of signal words per polarity (`pos0 …`, `neg0 …`). Default `2`. */
  readonly signalWords?: number;
  /** Seed of every random draw. Default `0`. */
  readonly seed?: number;
}

/** The planted-token task: splits with known decisive positions and the labelling rule. */
export interface PlantedTokenDataset {
  /** Tokenizer over the task's vocabulary (specials, then `pos*`, `neg*`, then `w*`). */
  readonly tokenizer: Tokenizer;
  readonly train: PlantedTokenSplit;
  readonly validation: PlantedTokenSplit;
  readonly test: PlantedTokenSplit;
  /** Ids of the positive signal words. */
  readonly positiveIds: Int32Array;
  /** Ids of the negative signal words. */
  readonly negativeIds: Int32Array;
  /** Ids of the filler words. */
  readonly fillerIds: Int32Array;
  /**
   * The labelling rule: 1 if the sequence holds more positive than negative signal tokens, else 0.
   * Takes any token ids (with or without `[CLS]` and padding, which are not signal tokens).
   */
  labelOf(tokens: ArrayLike<number>): 0 | 1;
  /** The seed used. */
  readonly seed: number;
}
