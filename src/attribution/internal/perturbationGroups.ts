/**
 * Feature groups of `featureAblation` and the Shapley methods. Not re-exported.
 *
 * @module
 */
import { InputRangeError, InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import { normalizeTensor } from '../../internal/tensor.js';
import type { Plan } from './perturbationSetup.js';

/** Players (feature groups) over the scorable positions. */
export interface Groups {
  /** Group id per position (−1: never removed). */
  readonly assignment: Int32Array;
  /** The ids of the non-empty groups, ascending. */
  readonly ids: Int32Array;
  /** Members (positions, ascending) of each group, aligned with `ids`. */
  readonly members: readonly Int32Array[];
}

/**
 * Read an optional `featureMask` (length n; integer group ids ≥ 0, or −1 for "never removed") into groups
 * of scorable positions. Excluded and input-masked positions belong to no group. Without a mask every
 * scorable position is its own group with id = its position.
 */
export function readGroups(plan: Plan, featureMask: ArrayLike<number> | undefined): Groups {
  const { fn, n, scorable } = plan;
  const assignment = new Int32Array(n).fill(-1);
  const isScorable = new Uint8Array(n);
  for (const i of scorable) isScorable[i] = 1;
  if (featureMask === undefined) {
    for (const i of scorable) assignment[i] = i;
  } else {
    if (featureMask === null || typeof featureMask !== 'object') throw new InputTypeError(fn, 'featureMask must be an array of group ids', featureMask);
    const t = normalizeTensor(fn, 'featureMask', featureMask as number[], { rank: 1 });
    if (t.data.length !== n) throw new ShapeMismatchError(fn, `featureMask must have length n = ${n}, found ${t.data.length}`, t.data.length);
    for (let i = 0; i < n; i++) {
      const g = t.data[i]!;
      if (!Number.isInteger(g)) throw new InputTypeError(fn, `featureMask[${i}] must be an integer group id`, g);
      if (g < -1) throw new InputRangeError(fn, `featureMask[${i}] must be a group id ≥ 0, or −1 for never removed`, g);
      if (isScorable[i] === 1) assignment[i] = g;
    }
  }
  const byId = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = assignment[i]!;
    if (g < 0) continue;
    let list = byId.get(g);
    if (list === undefined) byId.set(g, (list = []));
    list.push(i);
  }
  const ids = Int32Array.from([...byId.keys()].sort((a, b) => a - b));
  return { assignment, ids, members: Array.from(ids, (g) => Int32Array.from(byId.get(g)!)) };
}
