/**
 * Validating mean head fusion: the WebAssembly SIMD kernel (src/attention/internal/fuseMeanSimd.ts) against the
 * scalar JavaScript kernel, side by side in one process (alternating calls, the order swapped every repetition):
 *
 *     npx tsx bench/fusion-compare.ts [--reps 11] [--f64] [--baseline DIR]
 *
 * - fusion alone: `fuseHeads` (SIMD) against `fuseHeadsScalar` over all L layers into one preallocated buffer;
 * - `prepareResolved` (mean fusion, residual, no discard: fuse + residualNormalize per layer, fresh result)
 *   against the same steps with the scalar kernel;
 * - with `--baseline DIR` (another checkout's src/, e.g. `git archive <commit> src | tar -x -C /tmp/base`), also the
 *   public one-row calls `attentionRollout(…, { outputs: [0] })` and `attentionFlow(…, { outputs: [0] })`
 *   against that checkout's.
 *
 * L = H = 12, n = 256 and 512, random softmax attention (bench/flowData.ts, seed 7) as a Float32Array (or
 * Float64Array with --f64). Prints medians and minima in ms and the ratios scalar ÷ SIMD; the machine is shared,
 * so compare only numbers from one run.
 */
import { loadavg } from 'node:os';
import { attentionFlow, attentionRollout } from '../src/index.js';
import { simdFuseAvailable } from '../src/attention/internal/fuseMeanSimd.js';
import {
  fuseHeads,
  fuseHeadsScalar,
  normalizeStack,
  prepareResolved,
  residualNormalize,
  resolvePrepareOptions,
} from '../src/attention/internal/prepareAttention.js';
import { randomAttention } from './flowData.js';
import { alternate, arg, kept, median } from './timing.js';

const REPS = Number(arg('--reps') ?? 11);
const F64 = process.argv.includes('--f64');
const baselineDir = arg('--baseline');
type Rollout = typeof attentionRollout;
type Flow = typeof attentionFlow;
const baseline =
  baselineDir === undefined
    ? undefined
    : {
        rollout: ((await import(`${baselineDir}/attention/attentionRollout.ts`)) as { attentionRollout: Rollout }).attentionRollout,
        flow: ((await import(`${baselineDir}/attention/attentionFlow.ts`)) as { attentionFlow: Flow }).attentionFlow,
      };

const L = 12;
const H = 12;

/** Time `a` and `b` alternately (bench/timing.ts). */
const pair = (a: () => ArrayLike<number>, b: () => ArrayLike<number>): [number[], number[]] => alternate(a, b, REPS);

const rows: string[] = [];
const row = (n: number, what: string, [simd, scalar]: [number[], number[]], labels = ['SIMD kernel', 'scalar kernel']): void => {
  const cell = (t: number[]): string => `${median(t).toFixed(1)} (${Math.min(...t).toFixed(1)})`;
  rows.push(`| ${n} | ${what} | ${labels[0]}: ${cell(simd)} | ${labels[1]}: ${cell(scalar)} | ${(median(scalar) / median(simd)).toFixed(2)}× (${(Math.min(...scalar) / Math.min(...simd)).toFixed(2)}×) |`);
};

console.error(`SIMD kernel available: ${simdFuseAvailable()}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
for (const n of [256, 512]) {
  const nn = n * n;
  const { raw } = randomAttention(L, H, n, 7);
  const input = { data: F64 ? Float64Array.from(raw) : Float32Array.from(raw), shape: [L, H, n, n] };
  const stack = normalizeStack('bench', input);
  const o = resolvePrepareOptions('bench', {});
  const out = new Float64Array(L * nn);
  row(
    n,
    'fusion alone (`fuseHeads`, all layers)',
    pair(
      () => fuseHeads('bench', 'attention', stack, 'mean', o.rowSumTolerance, 0, L, out),
      () => fuseHeadsScalar('bench', 'attention', stack, 'mean', o.rowSumTolerance, 0, L, out),
    ),
  );
  row(
    n,
    '`prepareResolved` (fuse + residual + row normalisation, fresh result)',
    pair(
      () => prepareResolved('bench', stack, o).data,
      () => {
        const d = new Float64Array(L * nn);
        for (let l = 0; l < L; l++) {
          fuseHeadsScalar('bench', 'attention', stack, 'mean', o.rowSumTolerance, l, l + 1, d.subarray(l * nn, (l + 1) * nn));
          residualNormalize(d, l * nn, n, H);
        }
        return d;
      },
    ),
  );
  if (baseline !== undefined) {
    const labels = ['this tree', 'baseline'];
    row(n, '`attentionRollout(…, { outputs: [0] })`', pair(() => attentionRollout(input, { outputs: [0] }).data, () => baseline.rollout(input, { outputs: [0] }).data), labels);
    row(n, '`attentionFlow(…, { outputs: [0] })`', pair(() => attentionFlow(input, { outputs: [0] }).data, () => baseline.flow(input, { outputs: [0] }).data), labels);
  }
  console.error(`n = ${n} done`);
}
console.log(
  [
    `L = H = 12, ${F64 ? 'Float64Array' : 'Float32Array'} input, ${REPS} alternating calls each; median (min) in ms; Node ${process.version}`,
    '',
    '| n | case | new | old | old ÷ new, medians (minima) |',
    '|---:|---|---:|---:|---:|',
    ...rows,
    '',
    `(sink ${kept() > 0 ? 'ok' : kept()})`,
  ].join('\n'),
);
