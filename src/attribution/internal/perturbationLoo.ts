/**
 * Leave-one-out core shared by `leaveOneOut` and the `tauLoo` faithfulness metric. Not re-exported.
 *
 * @module
 */
import type { Removal, Setup } from './perturbationSetup.js';
import { evaluateSets, scalarOf, setOf, tvdOf } from './perturbationSetup.js';

/** How the change of the output is measured when a token is left out. */
export type LeaveOneOutOutput = 'drop' | 'absDiff' | 'tvd';

/** Leave-one-out scores (length n, 0 at excluded positions) and the perturbed outputs `[n, C]` (NaN rows at excluded positions). */
export async function leaveOneOutCore(
  setup: Setup,
  removal: Removal,
  output: LeaveOneOutOutput,
): Promise<{ scores: Float64Array; perturbed: Float64Array }> {
  const { n, C, scorable, outputs, kind, target } = setup;
  const sets = Array.from(scorable, (i) => setOf(n, [i]));
  const raw = await evaluateSets(setup, removal, sets, { done: 0, total: sets.length });
  const scores = new Float64Array(n);
  const perturbed = new Float64Array(n * C).fill(NaN);
  const full = scalarOf(outputs, 0, C, kind, target, removal.scale);
  scorable.forEach((i, j) => {
    perturbed.set(raw.subarray(j * C, (j + 1) * C), i * C);
    if (output === 'tvd') {
      scores[i] = tvdOf(outputs, 0, raw, j * C, C, kind);
    } else {
      const drop = full - scalarOf(raw, j * C, C, kind, target, removal.scale);
      scores[i] = output === 'drop' ? drop : Math.abs(drop);
    }
  });
  return { scores, perturbed };
}
