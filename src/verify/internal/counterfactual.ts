/**
 * Level 3, counterfactual robustness: does the output depend on the attention map (permutation), and
 * is there very different attention with the same output (adversarial search, read against a
 * seed-to-seed calibration)?
 *
 * @module
 */
import { adversarialAttention } from '../../counterfactual/adversarialAttention.js';
import { permutationTest } from '../../counterfactual/permutationTest.js';
import type { CounterfactualDetails, LevelResult } from '../types.js';
import { fmt, type LevelInput, skipped } from './level.js';

/** Run the counterfactual level. */
export async function counterfactualLevel(input: LevelInput): Promise<LevelResult<CounterfactualDetails>> {
  const { adapter, thresholds: t } = input;
  if (input.explanation === 'scores') {
    return skipped('the explanation is a score vector, not an attention map: replacing the attention tests attention, not these scores');
  }
  const att = adapter.info.attention;
  if (att === undefined) return skipped('the model reports no attention', 'attention');
  if (att.overridable === false) return skipped('the model can report its attention but not accept replacements', 'attentionOverride');
  // raw attention is the last layer's; rollout and flow combine every layer, so all layers are replaced
  const layers = input.explanation === 'raw' ? [att.layers - 1] : Array.from({ length: att.layers }, (_, l) => l);
  const common = {
    target: input.target,
    exclude: input.exclude,
    batchSize: input.batchSize,
    layers,
    seed: input.seed,
    ...(input.inputMask ? { inputMask: input.inputMask } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  };
  let perm;
  let adv;
  try {
    perm = await permutationTest(adapter, input.tokens, { ...common, nPermutations: input.nPermutations });
    adv = await adversarialAttention(adapter, input.tokens, { ...common, steps: input.adversarialSteps, epsilon: input.epsilon });
  } catch (error) {
    if ((error as { name?: string }).name === 'ShapeMismatchError') return skipped('fewer than 2 attended positions are free to change');
    throw error;
  }
  const calibration = input.calibration;
  const jsdThreshold = calibration === null ? t.adversarialJsd : Math.max(t.minimumJsd, t.calibrationFactor * calibration);
  const details: CounterfactualDetails = {
    permutationMedianTvd: perm.medianTvd,
    permutationFlipRate: perm.flipRate,
    maxAttention: perm.maxAttention,
    adversarialMaxJsd: adv.maxJsd,
    adversarialAccepted: adv.candidates.accepted.reduce((s, v) => s + v, 0),
    epsilon: input.epsilon,
    jsdThreshold,
    calibration,
  };
  const sensitive = perm.medianTvd >= t.permutationTvd;
  const adversary = adv.maxJsd >= jsdThreshold;
  const against =
    calibration === null
      ? `no seed-to-seed calibration given, read against ${t.adversarialJsd} nats`
      : `read against ${fmt(jsdThreshold)} nats = max(${t.minimumJsd}, ${t.calibrationFactor} × seed-to-seed JSD ${fmt(calibration)})`;
  const permText = `shuffling the attention moves the output by a median TVD of ${fmt(perm.medianTvd)} (flips ${fmt(perm.flipRate * 100, 0)} %)`;
  const advText = `the adversarial search found attention with JSD ${fmt(adv.maxJsd)} nats within ε = ${input.epsilon} (${against})`;
  if (adversary && !sensitive) {
    return { verdict: 'contradicted', reasons: [`the output does not depend on this attention map: ${permText}, and ${advText}`], missing: null, details };
  }
  if (sensitive && !adversary) {
    return { verdict: 'supported', reasons: [`the output depends on the attention map and no very different attention keeps it: ${permText}; ${advText}`], missing: null, details };
  }
  return {
    verdict: 'inconclusive',
    reasons: [sensitive ? `the output depends on the attention, but very different attention also keeps it: ${permText}; ${advText}` : `${permText}, but no very different attention with the same output was found: ${advText}`],
    missing: null,
    details,
  };
}
