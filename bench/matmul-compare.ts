/**
 * The register-tiled WebAssembly SIMD matrix product (src/attention/internal/matmulSimd.ts) against another
 * checkout's kernel, side by side in one process (alternating calls, the order swapped every repetition):
 *
 *     git archive 9acd8f9 src | tar -x -C /tmp/basemm
 *     npx tsx bench/matmul-compare.ts --baseline /tmp/basemm/src [--reps 11]
 *
 * Cases: one 512 × 512 product (`simdMatmul`, copies included); the 11 products of a rollout chain at n = 512;
 * `attentionRollout` full matrix at n = 512 on a Float32Array stack [12, 12, 512, 512] (bench/flowData.ts, seed 7);
 * the flow solver's descent shape, m = 16 rows, n = 512 (timed over 20 calls). Prints medians and minima in ms and
 * the ratios baseline ÷ this tree, and checks that both kernels give the same bits. The machine is shared, so
 * compare only numbers from one run.
 */
import { loadavg } from 'node:os';
import { attentionRollout } from '../src/index.js';
import { simdMatmul } from '../src/attention/internal/matmulSimd.js';
import { createRng } from '../src/random/createRng.js';
import { randomAttention } from './flowData.js';
import { alternate, arg, kept, median } from './timing.js';

const REPS = Number(arg('--reps') ?? 11);
const baselineDir = arg('--baseline');
if (baselineDir === undefined) throw new Error('usage: npx tsx bench/matmul-compare.ts --baseline DIR (another checkout\'s src/)');
type Mm = typeof simdMatmul;
type Rollout = typeof attentionRollout;
const base = {
  mm: ((await import(`${baselineDir}/attention/internal/matmulSimd.ts`)) as { simdMatmul: Mm }).simdMatmul,
  rollout: ((await import(`${baselineDir}/attention/attentionRollout.ts`)) as { attentionRollout: Rollout }).attentionRollout,
};


/** Time `a` and `b` alternately after a warm-up call of each (bench/timing.ts). */
const pair = (a: () => ArrayLike<number>, b: () => ArrayLike<number>, reps = REPS): [number[], number[]] => alternate(a, b, reps, true);

const rows: string[] = [];
const row = (what: string, [mine, theirs]: [number[], number[]]): void => {
  const cell = (t: number[]): string => `${median(t).toFixed(2)} (${Math.min(...t).toFixed(2)})`;
  rows.push(`| ${what} | ${cell(mine)} | ${cell(theirs)} | ${(median(theirs) / median(mine)).toFixed(2)}× (${(Math.min(...theirs) / Math.min(...mine)).toFixed(2)}×) |`);
  console.error(rows[rows.length - 1]);
};

const rng = createRng(3);
const n = 512;
const rand = (len: number): Float64Array => Float64Array.from({ length: len }, () => rng.next());
const A = rand(n * n);
const B = rand(11 * n * n);
const C1 = new Float64Array(n * n);
const C2 = new Float64Array(n * n);

// same bits
simdMatmul(C1, 0, A, 0, B, 0, n, n);
base.mm(C2, 0, A, 0, B, 0, n, n);
const same = new BigUint64Array(C1.buffer).every((x, q) => x === new BigUint64Array(C2.buffer)[q]);
console.error(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; same bits at 512 × 512: ${same}`);

const product = (mm: Mm, c: Float64Array) => (): Float64Array => (mm(c, 0, A, 0, B, 0, n, n), c);
row('one 512 × 512 product (`simdMatmul`, copies included)', pair(product(simdMatmul, C1), product(base.mm, C2)));

const chain = (mm: Mm, c: Float64Array) => (): Float64Array => {
  const w = new Float64Array(n * n);
  w.set(A);
  for (let l = 0; l < 11; l++) {
    mm(c, 0, w, 0, B, l * n * n, n, n);
    w.set(c);
  }
  return c;
};
row('11 products, n = 512 (a rollout chain)', pair(chain(simdMatmul, C1), chain(base.mm, C2)));

const rows16 = 16;
const E = new Float64Array(rows16 * n);
const F = rand(rows16 * n);
const descent = (mm: Mm) => (): Float64Array => {
  for (let r = 0; r < 20; r++) mm(E, 0, F, 0, B, (r % 11) * n * n, rows16, n);
  return E;
};
row('m = 16, n = 512 (the flow descent), 20 calls', pair(descent(simdMatmul), descent(base.mm), REPS * 3));

const { raw } = randomAttention(12, 12, n, 7);
const input = { data: Float32Array.from(raw), shape: [12, 12, n, n] };
row('`attentionRollout` full matrix, n = 512, Float32Array [12, 12, 512, 512]', pair(() => attentionRollout(input, {}).data, () => base.rollout(input, {}).data));

console.log(
  [
    `${REPS} alternating calls each (the descent ${REPS * 3}); median (min) in ms; Node ${process.version}; load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')}`,
    '',
    '| case | this tree | baseline | baseline ÷ this tree, medians (minima) |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
    `(same bits at 512 × 512: ${same}; sink ${kept() > 0 ? 'ok' : kept()})`,
  ].join('\n'),
);
