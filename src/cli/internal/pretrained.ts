import type { PretrainedModelName } from '../../backends/tfjs/loadPretrained.js';

/**
 * The shipped model names the CLI accepts for `--model` (the same list as `PRETRAINED_MODELS` of
 * faithcheck/tfjs, repeated as a type-checked constant so that commands can recognise a name without
 * loading TensorFlow.js).
 */
export const PRETRAINED: readonly PretrainedModelName[] = ['spam-transformer', 'spam-bilstm', 'planted-transformer', 'planted-bilstm'] satisfies readonly PretrainedModelName[];

/** Whether `--model` names a shipped model rather than a path. */
export function isPretrained(model: string): model is PretrainedModelName {
  return (PRETRAINED as readonly string[]).includes(model);
}
