/**
 * Integrated Gradients on the committed spam transformer: faithcheck (TensorFlow.js, WASM backend) vs
 * PyTorch, side by side, one command:
 *
 *     npx tsx bench/attribution-compare.ts                      # writes bench/results/attribution.md
 *     npx tsx bench/attribution-compare.ts --quick              # fewer repetitions (smoke run)
 *     npx tsx bench/attribution-compare.ts --baseline 8666e3b   # also time the model code of that commit
 *     npx tsx bench/attribution-compare.ts --ig ../grad/src/attribution/index.ts   # IG from elsewhere
 *     npx tsx bench/attribution-compare.ts --no-torch           # faithcheck only (quick A/B of model code)
 *
 * Workload (issue 7, "Performance"): n = 64 tokens ([CLS] + 63 seeded ids) of
 * examples/models/spam-transformer (L = 2, H = 4, d = 64, ff = 128), IG with 50 Gauss–Legendre
 * points and a zero baseline, the whole path in one batched gradient call.
 *
 * Timed, interleaved round by round so that every variant sees the same machine load:
 * - `gradient`: one `tfjsAdapter(model).gradient` call over the 50 path points [50, 64, 64];
 * - `IG`: the library's `integratedGradients` (from `src/attribution` when present, or `--ig`), else
 *   the same steps written by hand (embed, forward of x and x′, path, one gradient call, weighted sum);
 * - `baseline gradient` (with `--baseline REV`): the same call on the model code of commit REV
 *   (`git archive REV src`, imported next to ours; same tfjs-core instance, same weights);
 * - PyTorch (bench/attribution-torch.py under /usr/bin/python3, Debian python3-torch, one process per
 *   thread count, OpenBLAS when /usr/lib/x86_64-linux-gnu/openblas-pthread exists): the same IG with
 *   the same weights, in the usual full-sequence form and with the [CLS]-only last layer.
 * Each time is reported as wall-clock and as process CPU time (user + system): both sides are
 * single-threaded at their best setting, so CPU time is the load-independent figure on a shared
 * machine. The IG attributions of both sides are cross-checked (float32 tolerance).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, loadModel, tfjsAdapter } from '../src/backends/tfjs/index.js';
import type { TfjsClassifier } from '../src/backends/tfjs/index.js';
import { createRng } from '../src/random/createRng.js';
import type { ModelAdapter } from '../src/types/adapter.js';

const QUICK = process.argv.includes('--quick');
const argOf = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = new URL('./results/attribution.md', import.meta.url);
const MODEL = join(ROOT, 'examples/models/spam-transformer');
const N = 64;
const STEPS = 50;
const TARGET = 1;
const ROUNDS = QUICK ? 5 : 25;
const TORCH_REPS = QUICK ? 5 : 30;

// ---------------------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------------------

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function shell(cmd: string, args: string[], env?: NodeJS.ProcessEnv): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: env ?? process.env }).trim();
  } catch {
    return '';
  }
}

/** Gauss–Legendre nodes and weights on [0, 1] (Newton on P_m; weights sum to 1). */
function gaussLegendre(m: number): { alphas: Float64Array; weights: Float64Array } {
  const alphas = new Float64Array(m);
  const weights = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (m + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= m; k++) [p0, p1] = [p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k];
      dp = (m * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    alphas[i] = (x + 1) / 2;
    weights[i] = 1 / ((1 - x * x) * dp * dp);
  }
  return { alphas, weights };
}

interface Timing {
  wall: number[];
  cpu: number[];
}
const newTiming = (): Timing => ({ wall: [], cpu: [] });

async function timeOnce(t: Timing, fn: () => Promise<unknown>): Promise<void> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  t.wall.push(wall);
  t.cpu.push((c.user + c.system) / 1000);
}

const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const cell = (t: Timing): string => `${fmt(median(t.wall))} ms | ${fmt(median(t.cpu))} ms`;

/** Per-kernel time (ms, wall time of each kernel as tf.profile reports it on WASM) of `fn`, averaged over `reps`. */
async function kernelProfile(fn: () => tf.Tensor[], reps: number): Promise<Map<string, { ms: number; calls: number }>> {
  const out = new Map<string, { ms: number; calls: number }>();
  for (let r = 0; r < reps; r++) {
    const info = await tf.profile(() => fn());
    for (const k of info.kernels) {
      // customGrad wrappers ("forward") and op scopes wrap kernels that are listed themselves
      if (tf.getKernel(k.name, tf.getBackend()) === undefined) continue;
      const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
      const e = out.get(key) ?? { ms: 0, calls: 0 };
      e.ms += ((await k.kernelTimeMs) as number) / reps;
      e.calls += 1 / reps;
      out.set(key, e);
    }
  }
  return out;
}

/** Kernel → category for "where the time goes". */
function category(name: string, shapes: string): string {
  if (name === 'BatchMatMul' || name === '_FusedMatMul') {
    const ranks = (JSON.parse(shapes) as (number[] | null)[]).slice(0, 2).map((s) => s?.length ?? 0);
    return ranks.some((r) => r > 2) && (JSON.parse(shapes) as number[][])[0]![0] !== 1
      ? 'attention products (batched matMul, scalar loop)'
      : 'dense layers and their gradients (2-D matMul, XNNPACK)';
  }
  if (name === 'DepthwiseConv2dNative') return 'attention products (grouped, depthwise conv, XNNPACK)';
  if (name === 'Transpose') return 'transposes';
  if (name === 'Identity') return 'tape copies (Identity: tensors saved for backprop)';
  if (name === 'Softmax') return 'softmax';
  if (['Sum', 'Mean', 'Max'].includes(name)) return 'reductions (layer norm, softmax grad, bias grads)';
  if (['Tanh', 'Sigmoid', 'Pow', 'Exp'].includes(name)) return 'GELU transcendental';
  if (['Slice', 'PadV2', 'Gather', 'GatherV2', 'Concat', 'Reshape', 'Fill', 'Cast'].includes(name)) return 'slices, pads, reshapes, casts';
  return 'elementwise (add, mul, sub, rsqrt, …)';
}

function whereTimeGoes(prof: Map<string, { ms: number; calls: number }>): { total: number; rows: [string, number, number][] } {
  const byCat = new Map<string, { ms: number; calls: number }>();
  let total = 0;
  for (const [key, v] of prof) {
    const sp = key.indexOf(' ');
    const cat = category(key.slice(0, sp), key.slice(sp + 1));
    const e = byCat.get(cat) ?? { ms: 0, calls: 0 };
    e.ms += v.ms;
    e.calls += v.calls;
    byCat.set(cat, e);
    total += v.ms;
  }
  const rows = [...byCat.entries()].sort((a, b) => b[1].ms - a[1].ms).map(([k, v]) => [k, v.ms, v.calls] as [string, number, number]);
  return { total, rows };
}

// ---------------------------------------------------------------------------------------------------------
// setup
// ---------------------------------------------------------------------------------------------------------

const lines: string[] = [];
const log = (s = ''): void => {
  lines.push(s);
  console.log(s);
};

const backend = await initBackend({ backend: 'wasm' });
const { model } = await loadModel(MODEL);
const adapter = tfjsAdapter(model);
const V = model.info.vocabSize!;
const d = model.info.embeddingDim;
const rng = createRng(7);
const ids = Array.from({ length: N }, (_, i) => (i === 0 ? model.info.specialTokens!.cls! : 4 + rng.nextInt(V - 4)));
const { alphas, weights } = gaussLegendre(STEPS);
const x = (await adapter.embed(ids)).data;
const path = new Float64Array(STEPS * N * d);
for (let s = 0; s < STEPS; s++) for (let j = 0; j < N * d; j++) path[s * N * d + j] = alphas[s]! * x[j]!;
const pathTensor = { data: path, shape: [STEPS, N, d] };

// Leave-one-out at n = 128 as one batched forward pass: row t masks position t (mask mode), [128, 128, d].
const LOO_N = 128;
const looIds = Array.from({ length: LOO_N }, (_, i) => (i === 0 ? model.info.specialTokens!.cls! : 4 + rng.nextInt(V - 4)));
const looE = (await adapter.embed(looIds)).data;
const looX = new Float64Array(LOO_N * LOO_N * d);
const looMask = new Float64Array(LOO_N * LOO_N).fill(1);
for (let t = 0; t < LOO_N; t++) {
  looX.set(looE, t * LOO_N * d);
  looMask[t * LOO_N + t] = 0;
}
const looArgs = [{ data: looX, shape: [LOO_N, LOO_N, d] }, { inputMask: { data: looMask, shape: [LOO_N, LOO_N] } }] as const;

/** IG written out with the adapter (what integratedGradients does, minus validation and options). */
async function handIG(a: ModelAdapter): Promise<Float64Array> {
  const e = (await a.embed(ids)).data;
  const both = new Float64Array(2 * N * d);
  both.set(e, 0);
  await a.forward({ data: both, shape: [2, N, d] });
  const pts = new Float64Array(STEPS * N * d);
  for (let s = 0; s < STEPS; s++) for (let j = 0; j < N * d; j++) pts[s * N * d + j] = alphas[s]! * e[j]!;
  const g = (await a.gradient!({ data: pts, shape: [STEPS, N, d] }, TARGET)).gradients.data;
  const phi = new Float64Array(N * d);
  for (let s = 0; s < STEPS; s++) for (let j = 0; j < N * d; j++) phi[j]! += weights[s]! * g[s * N * d + j]!;
  for (let j = 0; j < N * d; j++) phi[j]! *= e[j]!;
  return phi;
}

// The library's integratedGradients, when it exists (or from --ig).
type IG = (a: ModelAdapter, tokens: number[], o: Record<string, unknown>) => Promise<{ attributions: { data: Float64Array } }>;
let libraryIG: IG | undefined;
let igSource = 'hand-written (src/attribution not present)';
{
  const spec = argOf('--ig');
  const url = spec === undefined ? new URL('../src/attribution/index.js', import.meta.url).href : pathToFileURL(join(process.cwd(), spec)).href;
  try {
    const mod = (await import(url)) as { integratedGradients?: IG };
    if (typeof mod.integratedGradients === 'function') {
      libraryIG = mod.integratedGradients;
      igSource = spec === undefined ? '`integratedGradients` (src/attribution)' : `\`integratedGradients\` from ${spec}`;
    }
  } catch {
    // not there yet
  }
}
const runIG = libraryIG
  ? async (): Promise<Float64Array> => (await libraryIG!(adapter, ids, { target: TARGET, nSteps: STEPS, method: 'gaussLegendre' })).attributions.data
  : (): Promise<Float64Array> => handIG(adapter);

// The model code of another commit, for before/after.
const baselineRev = argOf('--baseline');
let baseline: { adapter: ModelAdapter; model: TfjsClassifier; dir: string } | undefined;
if (baselineRev !== undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'faithcheck-base-'));
  execFileSync('sh', ['-c', `git -C '${ROOT}' archive '${baselineRev}' src | tar -x -C '${dir}'`]);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const mod = (await import(pathToFileURL(join(dir, 'src/backends/tfjs/index.ts')).href)) as typeof import('../src/backends/tfjs/index.js');
  const loaded = await mod.loadModel(MODEL);
  baseline = { adapter: mod.tfjsAdapter(loaded.model), model: loaded.model, dir };
}

// ---------------------------------------------------------------------------------------------------------
// faithcheck timings (interleaved)
// ---------------------------------------------------------------------------------------------------------

console.error('warming up …');
for (let i = 0; i < 2; i++) {
  await adapter.gradient!(pathTensor, TARGET);
  await runIG();
  await handIG(adapter);
  if (baseline) await baseline.adapter.gradient!(pathTensor, TARGET);
}
const tGrad = newTiming();
const tForward = newTiming();
const tIG = newTiming();
const tHand = newTiming();
const tBase = newTiming();
const tBaseForward = newTiming();
const tLoo = newTiming();
const tBaseLoo = newTiming();
console.error(`timing faithcheck (${ROUNDS} rounds) …`);
for (let r = 0; r < ROUNDS; r++) {
  await timeOnce(tGrad, () => adapter.gradient!(pathTensor, TARGET));
  await timeOnce(tIG, runIG);
  if (libraryIG) await timeOnce(tHand, () => handIG(adapter));
  await timeOnce(tForward, () => adapter.forward(pathTensor));
  if (r % 5 === 0) await timeOnce(tLoo, () => adapter.forward(...looArgs));
  if (baseline) {
    await timeOnce(tBase, () => baseline!.adapter.gradient!(pathTensor, TARGET));
    await timeOnce(tBaseForward, () => baseline!.adapter.forward(pathTensor));
    if (r % 5 === 0) await timeOnce(tBaseLoo, () => baseline!.adapter.forward(...looArgs));
  }
}

// Host-side copies the adapter makes (float64 → float32 in, float32 → float64 out).
const tCopy = newTiming();
for (let r = 0; r < ROUNDS; r++) {
  await timeOnce(tCopy, async () => {
    const f32 = Float32Array.from(path);
    Float64Array.from(f32);
  });
}

// Kernel profiles of one gradient call (ours, and the baseline's).
const emb = tf.tensor3d(Float32Array.from(path), [STEPS, N, d]);
const oneHot = tf.tensor2d(Float32Array.from({ length: STEPS * 2 }, (_, i) => (i % 2 === TARGET ? 1 : 0)), [STEPS, 2]);
const gradOf = (m: TfjsClassifier) => (): tf.Tensor[] => {
  const { value, grad } = tf.valueAndGrad((e: tf.Tensor) => m.run(e as tf.Tensor3D).probabilities)(emb, oneHot);
  return [value, grad];
};
console.error('profiling …');
const profOurs = whereTimeGoes(await kernelProfile(gradOf(model), QUICK ? 2 : 5));
const profBase = baseline ? whereTimeGoes(await kernelProfile(gradOf(baseline.model), QUICK ? 2 : 5)) : undefined;
tf.dispose([emb, oneHot]);

// Agreement of the two JS implementations.
let baseDiff: number | undefined;
if (baseline) {
  const a = (await adapter.gradient!(pathTensor, TARGET)).gradients.data;
  const b = (await baseline.adapter.gradient!(pathTensor, TARGET)).gradients.data;
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  }
  baseDiff = diff / scale;
}

// ---------------------------------------------------------------------------------------------------------
// PyTorch
// ---------------------------------------------------------------------------------------------------------

interface TorchOut {
  torch: string;
  numpy: string;
  python: string;
  blas: string;
  probs: number[];
  times: Record<string, { wall: number[]; cpu: number[] }>;
  attributions: number[];
}
const PY = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const OPENBLAS = '/usr/lib/x86_64-linux-gnu/openblas-pthread';
const torchRuns = new Map<number, TorchOut>();
if (!process.argv.includes('--no-torch') && shell(PY, ['-c', 'import torch; print(torch.__version__)']) !== '') {
  const dir = mkdtempSync(join(tmpdir(), 'faithcheck-ig-'));
  try {
    for (const threads of [1, 2]) {
      console.error(`running torch (${threads} thread${threads > 1 ? 's' : ''}) …`);
      const inFile = join(dir, 'in.json');
      const outFile = join(dir, `out${threads}.json`);
      writeFileSync(inFile, JSON.stringify({ model: MODEL, ids, nSteps: STEPS, reps: TORCH_REPS, threads, target: TARGET }));
      const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
      if (existsSync(OPENBLAS)) env['LD_LIBRARY_PATH'] = [OPENBLAS, process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':');
      execFileSync(PY, [fileURLToPath(new URL('./attribution-torch.py', import.meta.url)), inFile, outFile], { stdio: ['ignore', 'ignore', 'inherit'], env });
      torchRuns.set(threads, JSON.parse(readFileSync(outFile, 'utf8')) as TorchOut);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// IG agreement with torch.
const jsPhi = await runIG();
let torchDiff: number | undefined;
const t1 = torchRuns.get(1);
if (t1) {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < jsPhi.length; i++) {
    scale = Math.max(scale, Math.abs(t1.attributions[i]!));
    diff = Math.max(diff, Math.abs(jsPhi[i]! - t1.attributions[i]!));
  }
  torchDiff = diff / scale;
}

// ---------------------------------------------------------------------------------------------------------
// report
// ---------------------------------------------------------------------------------------------------------

const cpu = shell('lscpu', []);
const cpuModel = /Model name:\s*(.*)/.exec(cpu)?.[1] ?? 'unknown';
const cpus = /^CPU\(s\):\s*(.*)$/m.exec(cpu)?.[1] ?? String(availableParallelism());
const load = shell('cat', ['/proc/loadavg']).split(' ').slice(0, 3).join(' ');
const tfVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@tensorflow/tfjs-core/package.json'), 'utf8')) as { version: string }).version;
const torchCell = (threads: number, variant: string): string => {
  const t = torchRuns.get(threads)?.times[`${variant}`];
  return t ? `${fmt(median(t.wall) * 1000)} ms | ${fmt(median(t.cpu) * 1000)} ms` : 'n/a | n/a';
};
const torchMs = (threads: number, variant: string, kind: 'wall' | 'cpu'): number | undefined => {
  const t = torchRuns.get(threads)?.times[variant];
  return t ? median(t[kind]) * 1000 : undefined;
};
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(2)}×`);

log('# Integrated Gradients: performance');
log();
const command = ['npx tsx bench/attribution-compare.ts', ...process.argv.slice(2)].join(' ');
log(`Generated by \`${command}\` (bench/attribution-compare.ts + bench/attribution-torch.py); do not edit by hand.`);
log();
log(`- Machine: ${cpuModel}, ${cpus} CPU(s) (\`lscpu\`); load average at the end ${load} (a shared machine: compare CPU times)`);
log(`- Node ${process.version}, TensorFlow.js ${tfVersion}, backend \`${backend}\` (single-threaded, SIMD)`);
if (t1) log(`- PyTorch ${t1.torch} (Debian python3-torch, BLAS: ${t1.blas}), numpy ${t1.numpy}, Python ${t1.python}`);
log(`- Workload: examples/models/spam-transformer (L = 2, H = 4, d = 64, ff = 128), n = ${N}, IG with ${STEPS} Gauss–Legendre points, zero baseline, target class ${TARGET}, all points in one batched gradient call.`);
log(`- Times: medians over ${ROUNDS} interleaved rounds (faithcheck) and ${TORCH_REPS} repetitions (torch), each as wall-clock | process CPU time.`);
log(`- IG source: ${igSource}.`);
if (torchDiff !== undefined) log(`- Agreement: faithcheck's IG attributions [n, d] vs torch's: max |difference| / max |torch| = ${torchDiff.toExponential(1)}.`);
if (baseDiff !== undefined) log(`- Before/after: gradients of the two implementations agree to ${baseDiff.toExponential(1)} (max |difference| / max |value|).`);
log();
log('## Side by side');
log();
log('| what | wall | CPU | vs torch (1 thread, full), CPU |');
log('|---|---:|---:|---:|');
const torchFull = torchMs(1, 'full', 'cpu');
log(`| faithcheck: one \`gradient\` call over the 50 points | ${cell(tGrad)} | ${ratio(median(tGrad.cpu), torchFull)} |`);
log(`| faithcheck: IG 50 steps (${libraryIG ? 'library' : 'hand-written'}) | ${cell(tIG)} | ${ratio(median(tIG.cpu), torchFull)} |`);
if (libraryIG) log(`| faithcheck: IG 50 steps, hand-written with the adapter | ${cell(tHand)} | ${ratio(median(tHand.cpu), torchFull)} |`);
log(`| faithcheck: one \`forward\` call over the 50 points | ${cell(tForward)} | ${ratio(median(tForward.cpu), torchFull)} |`);
if (baseline) {
  log(`| before (${baselineRev}): one \`gradient\` call over the 50 points | ${cell(tBase)} | ${ratio(median(tBase.cpu), torchFull)} |`);
  log(`| before (${baselineRev}): one \`forward\` call over the 50 points | ${cell(tBaseForward)} | ${ratio(median(tBaseForward.cpu), torchFull)} |`);
}
for (const threads of [1, 2]) {
  log(`| PyTorch IG 50 steps, ${threads} thread${threads > 1 ? 's' : ''}, full-sequence model | ${torchCell(threads, 'full')} | ${ratio(torchMs(threads, 'full', 'cpu'), torchFull)} |`);
  log(`| PyTorch IG 50 steps, ${threads} thread${threads > 1 ? 's' : ''}, [CLS]-only last layer | ${torchCell(threads, 'clsLast')} | ${ratio(torchMs(threads, 'clsLast', 'cpu'), torchFull)} |`);
}
log(`| host copies float64 → float32 → float64 of the [50, 64, 64] points | ${cell(tCopy)} | |`);
log();
const perEx = (t: Timing): string => `${fmt(median(t.wall) / LOO_N)} ms | ${fmt(median(t.cpu) / LOO_N)} ms`;
log(`Leave-one-out at n = ${LOO_N} (mask mode) as one batched \`forward\` of ${LOO_N} masked copies [${LOO_N}, ${LOO_N}, ${d}], cost per example (wall | CPU):`);
log(`ours ${perEx(tLoo)}${baseline ? `; before (${baselineRev}) ${perEx(tBaseLoo)}` : ''}.`);
log();
log('Ratios:');
log();
log(`- IG's own overhead: IG ÷ one gradient call = ${ratio(median(tIG.cpu), median(tGrad.cpu))} (CPU), ${ratio(median(tIG.wall), median(tGrad.wall))} (wall); target ≤ 1.15×.`);
log(`- IG ÷ PyTorch IG (1 thread, full-sequence model): ${ratio(median(tIG.cpu), torchFull)} (CPU), ${ratio(median(tIG.wall), torchMs(1, 'full', 'wall'))} (wall); target ≤ 3×.`);
log(`- IG ÷ PyTorch IG (1 thread, [CLS]-only last layer, the same shortcut as ours): ${ratio(median(tIG.cpu), torchMs(1, 'clsLast', 'cpu'))} (CPU), ${ratio(median(tIG.wall), torchMs(1, 'clsLast', 'wall'))} (wall).`);
if (baseline) log(`- Speed-up of one gradient call over ${baselineRev}: ${ratio(median(tBase.cpu), median(tGrad.cpu))} (CPU), ${ratio(median(tBase.wall), median(tGrad.wall))} (wall).`);
log(`- PyTorch 2 threads ÷ 1 thread (full): ${ratio(torchMs(2, 'full', 'wall'), torchMs(1, 'full', 'wall'))} (wall).`);
log();
log('## Where the time goes: kernels of one gradient call');
log();
log('`tf.profile` of `valueAndGrad` through `model.run` (what the adapter does), kernels grouped. The profile');
log("times each kernel's wall-clock, which a loaded machine inflates; the share column is the robust figure,");
log('and "≈ CPU ms" spreads the median CPU time of a whole gradient call (table above) by those shares.');
log();
const profTable = (p: { total: number; rows: [string, number, number][] }, cpuMs: number): void => {
  log('| kernels | share of kernel time | ≈ CPU ms | kernel calls |');
  log('|---|---:|---:|---:|');
  for (const [k, ms, calls] of p.rows) log(`| ${k} | ${((100 * ms) / p.total).toFixed(0)} % | ${fmt((cpuMs * ms) / p.total)} | ${calls.toFixed(0)} |`);
  log(`| **total** (profiled kernel wall time ${fmt(p.total)} ms) | | **${fmt(cpuMs)}** | ${p.rows.reduce((a, r) => a + r[2], 0).toFixed(0)} |`);
};
log('After (this tree):');
log();
profTable(profOurs, median(tGrad.cpu));
if (profBase) {
  log();
  log(`Before (${baselineRev}):`);
  log();
  profTable(profBase, median(tBase.cpu));
}
log();
log('The "≈ CPU ms" column includes, in proportion, what lies outside the kernels: TensorFlow.js bookkeeping');
log("(tape, tensor allocation, kernel dispatch), the adapter's validation and the host copies above.");

writeFileSync(OUT, `${lines.join('\n')}\n`);
console.error(`wrote ${fileURLToPath(OUT)}`);
if (baseline) {
  baseline.model.dispose();
  rmSync(baseline.dir, { recursive: true, force: true });
}
model.dispose();
