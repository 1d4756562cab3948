/**
 * Attention rollout benchmarks. Run: npx vitest bench --run --project core bench/rollout.bench.ts
 * (without `--project core`, vitest runs this file once per project — core, prop, tfjs — concurrently, and the
 * three copies compete for the CPU). Results: bench/results/rollout.md; numpy side by side: bench/rollout-numpy.py.
 *
 * Every case includes validation (finite, non-negative, row sums) and head fusion: the whole public call.
 * Inputs are softmax(2·z) rows, z ~ N(0, 1) seeded, stored as Float32Array (what onnxruntime / transformers.js
 * hand over) unless marked f64. Besides vitest's table, each case records its own per-call wall times and
 * prints median / min at the end ("rollout medians"), which is what bench/results/rollout.md reports.
 *
 * Baseline: a straightforward implementation (separate validation pass, fused matrices materialised, naive
 * i-k-j triple loop) to show what the fused pass and the 4×4 register-blocked product buy.
 */
import { afterAll, bench, describe } from 'vitest';
import { attentionRollout, attentionRolloutLayers } from '../src/index.js';
import { createRng } from '../src/random/createRng.js';

type Stack = { data: Float32Array | Float64Array; shape: number[] };

function softmaxStack(L: number, H: number, n: number, seed: number, f64 = false): Stack {
  const rng = createRng(seed);
  const data = f64 ? new Float64Array(L * H * n * n) : new Float32Array(L * H * n * n);
  const row = new Float64Array(n);
  for (let r = 0; r < L * H * n; r++) {
    let max = -Infinity;
    for (let j = 0; j < n; j++) {
      row[j] = 2 * rng.normal();
      if (row[j]! > max) max = row[j]!;
    }
    let sum = 0;
    for (let j = 0; j < n; j++) sum += row[j] = Math.exp(row[j]! - max);
    for (let j = 0; j < n; j++) data[r * n + j] = row[j]! / sum;
  }
  return { data, shape: [L, H, n, n] };
}

/** Naive rollout: validation pass, mean fusion, residual, then the textbook triple loop (i-k-j). */
function naiveRollout(s: Stack): Float64Array {
  const [L, H, n] = s.shape as [number, number, number];
  const d = s.data;
  for (let r = 0; r < L * H * n; r++) {
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const v = d[r * n + j]!;
      if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError('bad value');
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-5) throw new RangeError('bad row');
  }
  const nn = n * n;
  const a = new Float64Array(L * nn);
  for (let l = 0; l < L; l++) {
    for (let h = 0; h < H; h++) for (let k = 0; k < nn; k++) a[l * nn + k] += d[(l * H + h) * nn + k]! / H;
    for (let i = 0; i < n; i++) {
      a[l * nn + i * n + i] += 1;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += a[l * nn + i * n + j]!;
      for (let j = 0; j < n; j++) a[l * nn + i * n + j] /= sum;
    }
  }
  let r = a.slice(0, nn);
  for (let l = 1; l < L; l++) {
    const c = new Float64Array(nn);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        const aik = a[l * nn + i * n + k]!;
        for (let j = 0; j < n; j++) c[i * n + j] += aik * r[k * n + j]!;
      }
    }
    r = c;
  }
  return r;
}

const medians: Array<{ name: string; samples: number[] }> = [];
let sink = 0;
/** Wrap a case so that it records its own wall time per call and consumes the result. */
function timed(name: string, run: () => { data: ArrayLike<number> } | ArrayLike<number>): () => void {
  const samples: number[] = [];
  medians.push({ name, samples });
  return () => {
    const t = performance.now();
    const out = run();
    samples.push(performance.now() - t);
    const data = 'data' in out ? out.data : out;
    sink += data[0]!;
  };
}

const opts = { time: 1500, warmupIterations: 3, warmupTime: 300 };
const slow = { time: 0, iterations: 5, warmupIterations: 1, warmupTime: 0 };

describe('targets (L = 12, H = 12)', () => {
  const s128 = softmaxStack(12, 12, 128, 1);
  const s128f64 = softmaxStack(12, 12, 128, 1, true);
  const s512 = softmaxStack(12, 12, 512, 2);
  bench('n=128 full matrix', timed('n=128 full matrix', () => attentionRollout(s128)), opts);
  bench('n=128 full matrix (f64 input)', timed('n=128 full matrix (f64 input)', () => attentionRollout(s128f64)), opts);
  bench('n=512 single row (outputs [0])', timed('n=512 single row (outputs [0])', () => attentionRollout(s512, { outputs: [0] })), opts);
  bench('n=128 naive baseline', timed('n=128 naive baseline', () => naiveRollout(s128)), opts);
});

describe('n=512 f64 input and full matrix', () => {
  const s512f64 = softmaxStack(12, 12, 512, 2, true);
  bench('n=512 single row (f64 input)', timed('n=512 single row (f64 input)', () => attentionRollout(s512f64, { outputs: [0] })), opts);
  bench('n=512 full matrix', timed('n=512 full matrix', () => attentionRollout(s512f64)), slow);
});

describe('variants (L = 12, H = 12)', () => {
  const s128 = softmaxStack(12, 12, 128, 1);
  const vit = softmaxStack(12, 12, 197, 3); // ViT-B/16: 196 patches + CLS
  bench('n=128 every layer (attentionRolloutLayers)', timed('n=128 every layer (attentionRolloutLayers)', () => attentionRolloutLayers(s128)), opts);
  bench('n=128 rows 0..7 (outputs)', timed('n=128 rows 0..7 (outputs)', () => attentionRollout(s128, { outputs: [0, 1, 2, 3, 4, 5, 6, 7] })), opts);
  bench(
    'n=197 ViT max fusion, discard 0.9, CLS row',
    timed('n=197 ViT max fusion, discard 0.9, CLS row', () => attentionRollout(vit, { headFusion: 'max', discardRatio: 0.9, outputs: [0] })),
    opts,
  );
  bench('n=197 ViT mean, full matrix', timed('n=197 ViT mean, full matrix', () => attentionRollout(vit)), opts);
});

describe('size sweep, full matrix (L = 12, H = 12)', () => {
  for (const n of [16, 32, 64, 256]) {
    const s = softmaxStack(12, 12, n, 10 + n);
    bench(`n=${n} full matrix`, timed(`n=${n} full matrix`, () => attentionRollout(s)), n >= 256 ? { ...opts, time: 2000 } : opts);
  }
});

afterAll(() => {
  const rows = medians
    .filter((m) => m.samples.length > 0)
    .map((m) => {
      const s = [...m.samples].sort((a, b) => a - b);
      const med = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
      return `| ${m.name} | ${med.toFixed(2)} | ${s[0]!.toFixed(2)} | ${s.length} |`;
    });
  console.log(['', 'rollout medians (ms, per call, including warm-up calls)', '| case | median | min | calls |', '|---|---|---|---|', ...rows, `(sink ${sink > 0 ? 'ok' : sink})`].join('\n'));
});
